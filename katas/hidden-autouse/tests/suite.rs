//! The converter's tests. They pass in `cargo test`, every time. Run one of them alone
//! (`cargo test -p hidden-autouse -- --exact converts_euros_to_dollars`) and see.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use hidden_autouse::{ConvertError, Currency, Money, Rates, convert, install};

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
fn converts_euros_to_dollars() {
    let dollars = convert(Money::new(10_00, Currency::Eur), Currency::Usd).unwrap();
    assert_eq!(dollars, Money::new(10_85, Currency::Usd));
}

#[test]
fn converts_dollars_back_to_euros() {
    let euros = convert(Money::new(10_85, Currency::Usd), Currency::Eur).unwrap();
    assert_eq!(euros, Money::new(10_00, Currency::Eur));
}

#[test]
fn converts_between_two_foreign_currencies() {
    // 100 $ is 92.17 €, which is 78.80 £.
    let pounds = convert(Money::new(100_00, Currency::Usd), Currency::Gbp).unwrap();
    assert_eq!(pounds, Money::new(78_80, Currency::Gbp));
}

#[test]
fn yen_have_no_minor_unit_and_halves_round_up() {
    // 4 cents is 6.5 yen.
    let yen = convert(Money::new(4, Currency::Eur), Currency::Jpy).unwrap();
    assert_eq!(yen, Money::new(7, Currency::Jpy));
}

#[test]
fn refunds_round_away_from_zero() {
    let yen = convert(Money::new(-4, Currency::Eur), Currency::Jpy).unwrap();
    assert_eq!(yen, Money::new(-7, Currency::Jpy));
}

#[test]
fn refuses_a_currency_without_a_rate() {
    let result = convert(Money::new(5_00, Currency::Chf), Currency::Eur);
    assert_eq!(result, Err(ConvertError::NoRate(Currency::Chf)));
}

#[test]
fn formats_receipt_amounts() {
    assert_eq!(Money::new(1_234_50, Currency::Eur).to_string(), "€1,234.50");
    assert_eq!(Money::new(-3_00, Currency::Usd).to_string(), "-$3.00");
    assert_eq!(Money::new(5, Currency::Gbp).to_string(), "£0.05");
}

#[test]
fn formats_yen_without_decimals() {
    assert_eq!(Money::new(1_235, Currency::Jpy).to_string(), "¥1,235");
}
