//! The shop's advertised discount, checked through the real pricing (protected). The
//! learner's own tests live in `tests/suite.rs`.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

mod pricing_right {
    use over_mocked::{
        Cart, Catalogue, Cents, Checkout, DiscountRule, StandardPricer, TaxRates, VolumeDiscount,
    };

    /// A catalogue with one product at `price`.
    struct One(Cents);

    impl Catalogue for One {
        fn unit_price(&self, sku: &str) -> Option<Cents> {
            (sku == "item").then_some(self.0)
        }
    }

    struct NoTax;

    impl TaxRates for NoTax {
        fn rate_bp(&self, _region: &str) -> Option<u32> {
            Some(0)
        }
    }

    #[test]
    fn the_advertised_tiers() {
        let _attest = kata_attest::attest();
        for (subtotal, percent) in [
            (0, 0),
            (99_99, 0),
            (100_00, 5),
            (150_00, 5),
            (199_99, 5),
            (200_00, 10),
            (250_00, 10),
            (10_000_00, 10),
        ] {
            assert_eq!(
                VolumeDiscount.percent_off(subtotal),
                percent,
                "percent off a subtotal of {subtotal} cents"
            );
        }
    }

    #[test]
    fn a_250_euro_order_gets_10_percent_off() {
        let _attest = kata_attest::attest();
        let checkout = Checkout::new(One(250_00), NoTax, StandardPricer::new(VolumeDiscount));
        let quote = checkout.quote(&Cart::new("FR").with("item", 1)).unwrap();
        assert_eq!(quote.discount, 25_00);
        assert_eq!(quote.total, 225_00);
    }
}
