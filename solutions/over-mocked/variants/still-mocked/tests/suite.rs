//! The checkout's tests. Every collaborator is a mock with exact expectations, the pricer
//! included, and the suite has never been red. Then a customer spent 250 € and got 5 % off
//! where the shop advertises 10 %.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use mockall::predicate::eq;
use mockall::{Sequence, mock};
use over_mocked::{Cart, Catalogue, Cents, Checkout, Pricer, QuoteError, TaxRates};

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

mock! {
    pub Pricer {}
    impl Pricer for Pricer {
        fn line_total(&self, unit: Cents, qty: u32) -> Cents;
        fn discount(&self, subtotal: Cents) -> Cents;
        fn shipping(&self, net: Cents) -> Cents;
        fn tax(&self, net: Cents, rate_bp: u32) -> Cents;
    }
}

#[test]
fn quote_asks_everyone_in_order_and_adds_up() {
    let mut seq = Sequence::new();
    let mut catalogue = MockCatalogue::new();
    let mut tax_rates = MockTaxRates::new();
    let mut pricer = MockPricer::new();
    catalogue
        .expect_unit_price()
        .with(eq("tea"))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(Some(4_50));
    pricer
        .expect_line_total()
        .with(eq(4_50), eq(2))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(9_00u64);
    catalogue
        .expect_unit_price()
        .with(eq("mug"))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(Some(12_00));
    pricer
        .expect_line_total()
        .with(eq(12_00), eq(1))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(12_00u64);
    catalogue
        .expect_unit_price()
        .with(eq("tea"))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(Some(4_50));
    pricer
        .expect_line_total()
        .with(eq(4_50), eq(1))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(4_50u64);
    tax_rates
        .expect_rate_bp()
        .with(eq("FR"))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(Some(2_000));
    pricer
        .expect_discount()
        .with(eq(25_50))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(0u64);
    pricer
        .expect_shipping()
        .with(eq(25_50))
        .times(1)
        .in_sequence(&mut seq)
        .return_const(4_95u64);
    pricer
        .expect_tax()
        .times(1)
        .in_sequence(&mut seq)
        .return_const(5_10u64);

    let checkout = Checkout::new(catalogue, tax_rates, pricer);
    let cart = Cart::new("FR").with("tea", 2).with("mug", 1).with("tea", 1);
    let quote = checkout.quote(&cart).unwrap();

    assert_eq!(quote.subtotal, 25_50);
    assert_eq!(quote.total, 25_50 + 4_95 + 5_10);
}

#[test]
fn discount_comes_off_the_total() {
    let mut catalogue = MockCatalogue::new();
    let mut tax_rates = MockTaxRates::new();
    let mut pricer = MockPricer::new();
    catalogue
        .expect_unit_price()
        .times(1)
        .return_const(Some(250_00));
    pricer.expect_line_total().times(1).return_const(250_00u64);
    tax_rates.expect_rate_bp().times(1).return_const(Some(0));
    // The pricer says 10 % off, so the quote shows 10 % off.
    pricer.expect_discount().times(1).return_const(25_00u64);
    pricer.expect_shipping().times(1).return_const(0u64);
    pricer.expect_tax().times(1).return_const(0u64);

    let checkout = Checkout::new(catalogue, tax_rates, pricer);
    let quote = checkout.quote(&Cart::new("DE").with("bike", 1)).unwrap();

    assert_eq!(quote.discount, 25_00);
    assert_eq!(quote.total, 225_00);
}

#[test]
fn unknown_sku_is_refused() {
    let mut catalogue = MockCatalogue::new();
    let tax_rates = MockTaxRates::new();
    let mut pricer = MockPricer::new();
    catalogue.expect_unit_price().times(1).return_const(None);
    pricer.expect_line_total().never();

    let checkout = Checkout::new(catalogue, tax_rates, pricer);
    let result = checkout.quote(&Cart::new("FR").with("unicorn", 1));

    assert_eq!(result, Err(QuoteError::UnknownSku("unicorn".into())));
}
