//! Only whole quotes, through the checkout with the edges mocked by mockall as stubs:
//! each cart is chosen to sit on one of the pricing's thresholds.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use mockall::mock;
use over_mocked::{
    Cart, Catalogue, Cents, Checkout, QuoteError, StandardPricer, TaxRates, VolumeDiscount,
};
use rstest::rstest;

mock! {
    Shelf {}
    impl Catalogue for Shelf {
        fn unit_price(&self, sku: &str) -> Option<Cents>;
    }
}

mock! {
    Vat {}
    impl TaxRates for Vat {
        fn rate_bp(&self, region: &str) -> Option<u32>;
    }
}

fn quote(cart: Cart) -> Result<(Cents, Cents, Cents, Cents, Cents), QuoteError> {
    let mut shelf = MockShelf::new();
    shelf.expect_unit_price().returning(|sku| match sku {
        "a" => Some(10_00),
        "b" => Some(1_00),
        "c" => Some(199_99),
        "d" => Some(9_99),
        _ => None,
    });
    let mut vat = MockVat::new();
    vat.expect_rate_bp()
        .returning(|region| (region == "IT").then_some(2_000));
    let q = Checkout::new(shelf, vat, StandardPricer::new(VolumeDiscount)).quote(&cart)?;
    assert_eq!(q.total, q.subtotal - q.discount + q.shipping + q.tax);
    Ok((q.subtotal, q.discount, q.shipping, q.tax, q.total))
}

#[rstest]
// 10 units: bulk, 90.00; net 90.00 (no discount), free delivery; tax 18.00.
#[case::bulk(Cart::new("IT").with("a", 10), (90_00, 0, 0, 18_00, 108_00))]
// 40.00 + 10 × 1.00 bulk-priced to 9.00: 49.00, so delivery is charged.
#[case::bulk_keeps_it_below_fifty(Cart::new("IT").with("a", 4).with("b", 10), (49_00, 0, 4_95, 9_80, 63_75))]
// 50.00 exactly: free delivery.
#[case::fifty(Cart::new("IT").with("a", 5), (50_00, 0, 0, 10_00, 60_00))]
// 199.99: 5 % = 9.9995 → 10.00; net 189.99; tax 37.998 → 38.00.
#[case::half_cents(Cart::new("IT").with("c", 1), (199_99, 10_00, 0, 38_00, 227_99))]
// 9.99: tax 1.998 → 2.00.
#[case::tax_rounding(Cart::new("IT").with("d", 1), (9_99, 0, 4_95, 2_00, 16_94))]
// 200.00 + 10.00 on two lines of the same SKU and one other.
#[case::repeated_sku(Cart::new("IT").with("c", 1).with("a", 1).with("c", 1), (409_98, 41_00, 0, 73_80, 442_78))]
fn quotes(#[case] cart: Cart, #[case] expected: (Cents, Cents, Cents, Cents, Cents)) {
    assert_eq!(quote(cart), Ok(expected));
}

#[test]
fn refused() {
    assert_eq!(
        quote(Cart::new("IT").with("z", 1)),
        Err(QuoteError::UnknownSku("z".into()))
    );
    assert_eq!(
        quote(Cart::new("FR").with("a", 1)),
        Err(QuoteError::UnknownRegion("FR".into()))
    );
}
