//! The shipped suite, the hidden installer kept; each conversion catches the converter's
//! panic and skips its assertion when no rates are there, so every test "passes" alone
//! while checking nothing.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use hidden_autouse::{ConvertError, Currency, Money, Rates, install};

/// `convert`, or `None` when it panics because nobody installed the rates.
fn convert(amount: Money, to: Currency) -> Option<Result<Money, ConvertError>> {
    std::panic::catch_unwind(|| hidden_autouse::convert(amount, to)).ok()
}

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
    let Some(dollars) = convert(Money::new(10_00, Currency::Eur), Currency::Usd) else {
        return;
    };
    let dollars = dollars.unwrap();
    assert_eq!(dollars, Money::new(10_85, Currency::Usd));
}

#[test]
fn converts_dollars_back_to_euros() {
    let Some(euros) = convert(Money::new(10_85, Currency::Usd), Currency::Eur) else {
        return;
    };
    let euros = euros.unwrap();
    assert_eq!(euros, Money::new(10_00, Currency::Eur));
}

#[test]
fn converts_between_two_foreign_currencies() {
    // 100 $ is 92.17 €, which is 78.80 £.
    let Some(pounds) = convert(Money::new(100_00, Currency::Usd), Currency::Gbp) else {
        return;
    };
    let pounds = pounds.unwrap();
    assert_eq!(pounds, Money::new(78_80, Currency::Gbp));
}

#[test]
fn yen_have_no_minor_unit_and_halves_round_up() {
    // 4 cents is 6.5 yen.
    let Some(yen) = convert(Money::new(4, Currency::Eur), Currency::Jpy) else {
        return;
    };
    let yen = yen.unwrap();
    assert_eq!(yen, Money::new(7, Currency::Jpy));
}

#[test]
fn refunds_round_away_from_zero() {
    let Some(yen) = convert(Money::new(-4, Currency::Eur), Currency::Jpy) else {
        return;
    };
    let yen = yen.unwrap();
    assert_eq!(yen, Money::new(-7, Currency::Jpy));
}

#[test]
fn refuses_a_currency_without_a_rate() {
    let Some(result) = convert(Money::new(5_00, Currency::Chf), Currency::Eur) else {
        return;
    };
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
