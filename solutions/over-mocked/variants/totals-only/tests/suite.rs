//! Real pricing through stubs, but every test compares only the total: a refusal is only
//! "no total". Catches every planted bug that moves the total; none that leaves it right.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use over_mocked::{Cart, Catalogue, Cents, Checkout, StandardPricer, TaxRates, VolumeDiscount};

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

fn total(region: &str, lines: &[(&str, u32)]) -> Option<Cents> {
    let cart = lines
        .iter()
        .fold(Cart::new(region), |cart, (sku, qty)| cart.with(sku, *qty));
    Checkout::new(Prices, Rates, StandardPricer::new(VolumeDiscount))
        .quote(&cart)
        .ok()
        .map(|quote| quote.total)
}

#[test]
fn ten_pens_are_bulk_priced() {
    assert_eq!(total("FR", &[("pen", 10)]), Some(26_44));
}

#[test]
fn a_half_cent_of_discount_rounds_up() {
    assert_eq!(total("FR", &[("kettle", 1)]), Some(114_11));
}

#[test]
fn a_half_cent_of_tax_rounds_up() {
    assert_eq!(total("LU", &[("sticker", 1)]), Some(5_54));
}

#[test]
fn delivery_is_free_from_fifty() {
    assert_eq!(total("FR", &[("vase", 1)]), Some(60_00));
}

#[test]
fn a_big_order_is_discounted_then_taxed() {
    assert_eq!(total("FR", &[("bike", 1)]), Some(270_00));
}

#[test]
fn a_sku_on_two_lines_counts_twice() {
    assert_eq!(
        total("FR", &[("tea", 2), ("mug", 1), ("tea", 1)]),
        Some(35_55)
    );
}

#[test]
fn an_unknown_sku_or_region_has_no_total() {
    assert_eq!(total("FR", &[("mug", 1), ("lamp", 1)]), None);
    assert_eq!(total("XX", &[("mug", 1)]), None);
}
