//! The reference tests with the fixture's `#[once]` dropped: each test installs the rates
//! afresh, and the converter refuses every install after the first. Alone each test
//! passes; together all but one fail.
//!
//! The converter's tests, each saying what it needs. A conversion needs the process's
//! rates installed: it asks for the `rates` fixture, which installs them the first time any
//! test asks and hands the same table to every later one (`#[once]`: the rates of a process
//! can be installed only once, so sharing them is the truth, not a shortcut). The
//! formatting tests need no rates and ask for none. Every test passes alone, in any order.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use hidden_autouse::{ConvertError, Currency, Money, Rates, convert, install};
use rstest::{fixture, rstest};

#[fixture]
fn rates() -> &'static Rates {
    install(Rates::new(&[
        (Currency::Usd, 1_085_000),
        (Currency::Gbp, 855_000),
        (Currency::Jpy, 162_500_000),
    ]))
    .expect("only this fixture installs rates")
}

#[rstest]
#[case::euros_to_dollars(Money::new(10_00, Currency::Eur), Currency::Usd, 10_85)]
#[case::dollars_to_euros(Money::new(10_85, Currency::Usd), Currency::Eur, 10_00)]
#[case::euros_to_euros(Money::new(12_34, Currency::Eur), Currency::Eur, 12_34)]
// 100 $ is 92.17 €, which is 78.80 £ (78.8018…).
#[case::dollars_to_pounds(Money::new(100_00, Currency::Usd), Currency::Gbp, 78_80)]
#[case::euros_to_yen(Money::new(10_00, Currency::Eur), Currency::Jpy, 1_625)]
// 4 cents is 6.5 yen: half a yen rounds up.
#[case::half_a_yen(Money::new(4, Currency::Eur), Currency::Jpy, 7)]
// 1 cent is 1.625 yen.
#[case::below_half(Money::new(1, Currency::Eur), Currency::Jpy, 2)]
// A refund: −6.5 yen rounds away from zero.
#[case::refund_half_a_yen(Money::new(-4, Currency::Eur), Currency::Jpy, -7)]
#[case::refund(Money::new(-10_00, Currency::Eur), Currency::Usd, -10_85)]
fn converts(
    #[from(rates)] _rates: &Rates,
    #[case] amount: Money,
    #[case] to: Currency,
    #[case] minor: i64,
) {
    assert_eq!(convert(amount, to), Ok(Money::new(minor, to)));
}

#[rstest]
#[case::from(Money::new(5_00, Currency::Chf), Currency::Eur)]
#[case::to(Money::new(5_00, Currency::Eur), Currency::Chf)]
fn a_currency_without_a_rate_is_refused(
    #[from(rates)] _rates: &Rates,
    #[case] amount: Money,
    #[case] to: Currency,
) {
    assert_eq!(
        convert(amount, to),
        Err(ConvertError::NoRate(Currency::Chf))
    );
}

#[rstest]
#[case::euros(Money::new(1_234_50, Currency::Eur), "€1,234.50")]
#[case::a_refund(Money::new(-3_00, Currency::Usd), "-$3.00")]
#[case::pence(Money::new(5, Currency::Gbp), "£0.05")]
#[case::millions(Money::new(1_000_000_00, Currency::Usd), "$1,000,000.00")]
#[case::yen(Money::new(1_235, Currency::Jpy), "¥1,235")]
#[case::francs(Money::new(999_99, Currency::Chf), "CHF 999.99")]
fn formats_receipt_amounts(#[case] amount: Money, #[case] text: &str) {
    assert_eq!(amount.to_string(), text);
}
