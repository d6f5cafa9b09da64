//! The reference tests with one change: the pricer is built with a stand-in rule written
//! beside the shop's in the rules crate (`StandInTiers`, the advertised tiers done right),
//! not the shop's `VolumeDiscount`. The real pricing core runs, but the shop's rule never
//! does.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use mockall::mock;
use over_mocked::{
    Cart, Catalogue, Cents, Checkout, Pricer, Quote, QuoteError, StandardPricer, TaxRates,
};
use rstest::rstest;

mock! {
    pub Catalogue {}
    impl Catalogue for Catalogue {
        fn unit_price(&self, sku: &str) -> Option<Cents>;
    }
}

mock! {
    pub TaxRates {}
    impl TaxRates for TaxRates {
        fn rate_bp(&self, region: &str) -> Option<u32>;
    }
}

const PRICES: [(&str, Cents); 5] = [
    ("tea", 4_50),
    ("mug", 12_00),
    ("pen", 1_99),
    ("teapot", 35_00),
    ("bike", 250_00),
];

const RATES: [(&str, u32); 2] = [("FR", 2_000), ("LU", 1_700)];

/// The catalogue, answering from [`PRICES`] however often it is asked.
fn catalogue() -> MockCatalogue {
    let mut catalogue = MockCatalogue::new();
    catalogue.expect_unit_price().returning(|sku| {
        PRICES
            .iter()
            .find(|(known, _)| *known == sku)
            .map(|(_, price)| *price)
    });
    catalogue
}

/// The tax service, answering from [`RATES`] however often it is asked.
fn tax_rates() -> MockTaxRates {
    let mut rates = MockTaxRates::new();
    rates.expect_rate_bp().returning(|region| {
        RATES
            .iter()
            .find(|(known, _)| *known == region)
            .map(|(_, rate)| *rate)
    });
    rates
}

use over_mocked_rules::StandInTiers as Tiers;

fn pricer() -> StandardPricer<Tiers> {
    StandardPricer::new(Tiers)
}

fn quote(cart: &Cart) -> Result<Quote, QuoteError> {
    Checkout::new(catalogue(), tax_rates(), pricer()).quote(cart)
}

fn cart(region: &str, lines: &[(&str, u32)]) -> Cart {
    lines
        .iter()
        .fold(Cart::new(region), |cart, (sku, qty)| cart.with(sku, *qty))
}

// The pricing core on its own.

#[rstest]
#[case::one(4_50, 1, 4_50)]
#[case::nine(4_50, 9, 40_50)]
#[case::ten_is_bulk(4_50, 10, 40_50)]
#[case::saving_rounded_down(1_99, 11, 19_71)]
#[case::nothing(4_50, 0, 0)]
fn line_totals_are_bulk_priced_from_ten(
    #[case] unit: Cents,
    #[case] qty: u32,
    #[case] expected: Cents,
) {
    assert_eq!(pricer().line_total(unit, qty), expected);
}

#[rstest]
#[case::none_below_100(99_99, 0)]
#[case::five_percent_at_100(100_00, 5_00)]
#[case::half_a_cent_rounds_up(199_99, 10_00)]
#[case::ten_percent_at_200(200_00, 20_00)]
#[case::ten_percent_above(250_00, 25_00)]
fn order_discounts(#[case] subtotal: Cents, #[case] expected: Cents) {
    assert_eq!(pricer().discount(subtotal), expected);
}

#[rstest]
#[case::below_the_threshold(49_99, 4_95)]
#[case::at_the_threshold(50_00, 0)]
#[case::above(80_00, 0)]
fn delivery(#[case] net: Cents, #[case] expected: Cents) {
    assert_eq!(pricer().shipping(net), expected);
}

#[rstest]
#[case::exact(21_00, 2_000, 4_20)]
#[case::rounds_up_from_half(9_99, 2_000, 2_00)]
#[case::rounds_down_below_half(10_01, 2_000, 2_00)]
#[case::untaxed(50_00, 0, 0)]
fn tax_is_rounded_to_the_cent(#[case] net: Cents, #[case] rate_bp: u32, #[case] expected: Cents) {
    assert_eq!(pricer().tax(net, rate_bp), expected);
}

// Whole quotes, through the checkout.

#[test]
fn a_small_order_pays_delivery_and_tax() {
    let quote = quote(&cart("FR", &[("tea", 2), ("mug", 1)])).unwrap();
    assert_eq!(
        quote,
        Quote {
            subtotal: 21_00,
            discount: 0,
            shipping: 4_95,
            tax: 4_20,
            total: 30_15,
        }
    );
}

#[test]
fn a_sku_on_two_lines_counts_twice() {
    let quote = quote(&cart("FR", &[("tea", 2), ("mug", 1), ("tea", 1)])).unwrap();
    assert_eq!(quote.subtotal, 25_50);
    assert_eq!(quote.total, 25_50 + 4_95 + 5_10);
}

#[test]
fn a_big_order_is_discounted_then_taxed() {
    let quote = quote(&cart("FR", &[("bike", 1)])).unwrap();
    assert_eq!(
        quote,
        Quote {
            subtotal: 250_00,
            discount: 25_00,
            shipping: 0,
            tax: 45_00,
            total: 270_00,
        }
    );
}

#[test]
fn bulk_lines_are_cheaper_in_a_quote() {
    let quote = quote(&cart("LU", &[("pen", 10), ("teapot", 1)])).unwrap();
    // 10 pens: 19.90 less 1.99; the teapot 35.00.
    assert_eq!(quote.subtotal, 17_91 + 35_00);
    assert_eq!(quote.shipping, 0);
    assert_eq!(quote.tax, 8_99); // 17 % of 52.91 = 8.9947
}

#[test]
fn an_unknown_sku_is_refused() {
    assert_eq!(
        quote(&cart("FR", &[("tea", 1), ("unicorn", 1)])),
        Err(QuoteError::UnknownSku("unicorn".into()))
    );
}

#[test]
fn an_unknown_region_is_refused() {
    assert_eq!(
        quote(&cart("XX", &[("tea", 1)])),
        Err(QuoteError::UnknownRegion("XX".into()))
    );
}

#[test]
fn an_unknown_sku_is_reported_before_an_unknown_region() {
    assert_eq!(
        quote(&cart("XX", &[("unicorn", 1)])),
        Err(QuoteError::UnknownSku("unicorn".into()))
    );
}
