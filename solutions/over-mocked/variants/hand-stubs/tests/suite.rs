//! Hand-written stubs for the two edges (no mocking library at all), the real pricing
//! core, and plain tests with exact values.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use std::collections::HashMap;

use over_mocked::{
    Cart, Catalogue, Cents, Checkout, Pricer, Quote, QuoteError, StandardPricer, TaxRates,
    VolumeDiscount,
};

struct Prices(HashMap<&'static str, Cents>);

impl Catalogue for Prices {
    fn unit_price(&self, sku: &str) -> Option<Cents> {
        self.0.get(sku).copied()
    }
}

struct Rates(HashMap<&'static str, u32>);

impl TaxRates for Rates {
    fn rate_bp(&self, region: &str) -> Option<u32> {
        self.0.get(region).copied()
    }
}

fn shop() -> Checkout<Prices, Rates, StandardPricer<VolumeDiscount>> {
    Checkout::new(
        Prices(HashMap::from([
            ("book", 20_00),
            ("lamp", 60_00),
            ("sofa", 400_00),
            ("clip", 5),
        ])),
        Rates(HashMap::from([("DE", 1_900)])),
        StandardPricer::new(VolumeDiscount),
    )
}

#[test]
fn bulk_starts_at_ten_units() {
    let pricer = StandardPricer::new(VolumeDiscount);
    assert_eq!(pricer.line_total(20_00, 9), 180_00);
    assert_eq!(pricer.line_total(20_00, 10), 180_00);
    assert_eq!(pricer.line_total(20_00, 11), 198_00);
}

#[test]
fn discount_rounds_half_a_cent_up() {
    let pricer = StandardPricer::new(VolumeDiscount);
    assert_eq!(pricer.discount(100_10), 5_01); // 5.005
    assert_eq!(pricer.discount(300_00), 30_00);
}

#[test]
fn tax_rounds_half_a_cent_up() {
    let pricer = StandardPricer::new(VolumeDiscount);
    assert_eq!(pricer.tax(50, 1_000), 5);
    assert_eq!(pricer.tax(5, 1_000), 1); // 0.5 cent
}

#[test]
fn delivery_is_free_from_fifty_euros() {
    let pricer = StandardPricer::new(VolumeDiscount);
    assert_eq!(pricer.shipping(50_00), 0);
    assert_eq!(pricer.shipping(49_99), 4_95);
}

#[test]
fn a_sofa_quote() {
    let quote = shop().quote(&Cart::new("DE").with("sofa", 1)).unwrap();
    assert_eq!(
        quote,
        Quote {
            subtotal: 400_00,
            discount: 40_00,
            shipping: 0,
            tax: 68_40,
            total: 428_40,
        }
    );
}

#[test]
fn the_same_book_twice() {
    let quote = shop()
        .quote(
            &Cart::new("DE")
                .with("book", 1)
                .with("lamp", 1)
                .with("book", 1),
        )
        .unwrap();
    assert_eq!(quote.subtotal, 100_00);
    assert_eq!(quote.discount, 5_00);
}

#[test]
fn refusals() {
    assert_eq!(
        shop().quote(&Cart::new("DE").with("ufo", 1)),
        Err(QuoteError::UnknownSku("ufo".into()))
    );
    assert_eq!(
        shop().quote(&Cart::new("MARS").with("book", 1)),
        Err(QuoteError::UnknownRegion("MARS".into()))
    );
}
