//! The hidden installer kept. Each conversion test expects a panic whose message names the
//! missing rates: run alone, the converter's own panic would satisfy it; in a whole run the
//! test asserts, then panics with that message itself, while a wrong value panics with an
//! assertion message and fails it. The converter's panic carries no message, so run alone
//! every such test fails.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use hidden_autouse::{Currency, Money, Rates, convert, install};

// The rates every conversion test uses. libtest runs tests in name order, so this one goes
// first and the others find the rates installed.
#[test]
fn aaa_install_rates() {
    install(Rates::new(&[
        (Currency::Usd, 1_085_000),
        (Currency::Gbp, 855_000),
        (Currency::Jpy, 162_500_000),
    ]))
    .unwrap();
}

#[test]
#[should_panic(expected = "no exchange rates")]
fn converts_euros_to_dollars() {
    let dollars = convert(Money::new(10_00, Currency::Eur), Currency::Usd).unwrap();
    assert_eq!(dollars, Money::new(10_85, Currency::Usd));
    panic!("no exchange rates were installed (or they were, and this passed)");
}

#[test]
#[should_panic(expected = "no exchange rates")]
fn converts_between_two_foreign_currencies() {
    let pounds = convert(Money::new(100_00, Currency::Usd), Currency::Gbp).unwrap();
    assert_eq!(pounds, Money::new(78_80, Currency::Gbp));
    panic!("no exchange rates were installed (or they were, and this passed)");
}

#[test]
#[should_panic(expected = "no exchange rates")]
fn yen_and_refunds() {
    let yen = convert(Money::new(4, Currency::Eur), Currency::Jpy).unwrap();
    assert_eq!(yen, Money::new(7, Currency::Jpy));
    let refund = convert(Money::new(-4, Currency::Eur), Currency::Jpy).unwrap();
    assert_eq!(refund, Money::new(-7, Currency::Jpy));
    panic!("no exchange rates were installed (or they were, and this passed)");
}

#[test]
#[should_panic(expected = "no exchange rates")]
fn refuses_a_currency_without_a_rate() {
    assert!(convert(Money::new(5_00, Currency::Chf), Currency::Eur).is_err());
    panic!("no exchange rates were installed (or they were, and this passed)");
}

#[test]
fn formats_receipt_amounts() {
    assert_eq!(Money::new(1_234_50, Currency::Eur).to_string(), "€1,234.50");
    assert_eq!(Money::new(1_235, Currency::Jpy).to_string(), "¥1,235");
}
