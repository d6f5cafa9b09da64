//! Real pricing through stubs; every refusal compared exactly, and of each quote the
//! subtotal, discount, tax and total, but never the delivery line.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use over_mocked::{
    Cart, Catalogue, Cents, Checkout, QuoteError, StandardPricer, TaxRates, VolumeDiscount,
};

struct Prices;

impl Catalogue for Prices {
    fn unit_price(&self, sku: &str) -> Option<Cents> {
        match sku {
            "tea" => Some(4_50),
            "mug" => Some(12_00),
            "pen" => Some(1_99),
            "sticker" => Some(50),
            "vase" => Some(50_00),
            "kettle" => Some(100_10),
            "bike" => Some(250_00),
            _ => None,
        }
    }
}

struct Rates;

impl TaxRates for Rates {
    fn rate_bp(&self, region: &str) -> Option<u32> {
        match region {
            "FR" => Some(2_000),
            "LU" => Some(1_700),
            _ => None,
        }
    }
}

/// Subtotal, discount, tax and total of the quote for `lines`, or its refusal: the
/// delivery line is never looked at.
fn parts(region: &str, lines: &[(&str, u32)]) -> Result<(Cents, Cents, Cents, Cents), QuoteError> {
    let cart = lines
        .iter()
        .fold(Cart::new(region), |cart, (sku, qty)| cart.with(sku, *qty));
    Checkout::new(Prices, Rates, StandardPricer::new(VolumeDiscount))
        .quote(&cart)
        .map(|q| (q.subtotal, q.discount, q.tax, q.total))
}

#[test]
fn ten_pens_are_bulk_priced() {
    assert_eq!(parts("FR", &[("pen", 10)]), Ok((17_91, 0, 3_58, 26_44)));
}

#[test]
fn a_half_cent_of_discount_rounds_up() {
    assert_eq!(
        parts("FR", &[("kettle", 1)]),
        Ok((100_10, 5_01, 19_02, 114_11))
    );
}

#[test]
fn a_half_cent_of_tax_rounds_up() {
    assert_eq!(parts("LU", &[("sticker", 1)]), Ok((50, 0, 9, 5_54)));
}

#[test]
fn delivery_is_free_from_fifty() {
    assert_eq!(parts("FR", &[("vase", 1)]), Ok((50_00, 0, 10_00, 60_00)));
}

#[test]
fn a_big_order_is_discounted_then_taxed() {
    assert_eq!(
        parts("FR", &[("bike", 1)]),
        Ok((250_00, 25_00, 45_00, 270_00))
    );
}

#[test]
fn a_sku_on_two_lines_counts_twice() {
    assert_eq!(
        parts("FR", &[("tea", 2), ("mug", 1), ("tea", 1)]),
        Ok((25_50, 0, 5_10, 35_55))
    );
}

#[test]
fn an_unknown_sku_or_region_is_refused_by_name() {
    assert_eq!(
        parts("FR", &[("mug", 1), ("lamp", 1)]),
        Err(QuoteError::UnknownSku("lamp".into()))
    );
    assert_eq!(
        parts("XX", &[("mug", 1)]),
        Err(QuoteError::UnknownRegion("XX".into()))
    );
}
