//! The shop's advertised discount, checked through the real pricing (protected). The
//! learner's own tests live in `tests/suite.rs`.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

mod pricing_right {
    use kata_toolkit::figure::{Figure, check, thousands};
    use over_mocked::{Cart, Catalogue, Cents, Checkout, StandardPricer, TaxRates, VolumeDiscount};

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

    /// Orders on each side of the advertised tiers (5 % off from 100 €, 10 % off from
    /// 200 €), with the percentage each gets.
    const ORDERS: [(Cents, Cents); 8] = [
        (50_00, 0),
        (99_99, 0),
        (100_00, 5),
        (150_00, 5),
        (199_99, 5),
        (200_00, 10),
        (250_00, 10),
        (10_000_00, 10),
    ];

    /// `1_000_000` → `"10,000.00 €"`.
    fn euros(cents: Cents) -> String {
        format!("{}.{:02} €", thousands(cents / 100), cents % 100)
    }

    #[test]
    fn the_advertised_tiers() {
        let _attest = kata_attest::attest();
        let mut wrong = Vec::new();
        for (subtotal, percent) in ORDERS {
            let checkout = Checkout::new(One(subtotal), NoTax, StandardPricer::new(VolumeDiscount));
            let quote = checkout
                .quote(&Cart::new("FR").with("item", 1))
                .expect("a known item delivered to a taxed region has a price");
            // The rule's percentage of the subtotal, half a cent rounded up.
            let expected = (subtotal * percent + 50) / 100;
            if quote.discount != expected {
                wrong.push(format!(
                    "a {} order gets {} off, {} ({percent} %) expected",
                    euros(subtotal),
                    euros(quote.discount),
                    euros(expected)
                ));
            }
        }
        check(
            Figure::at_least(
                "quotes with the advertised discount",
                (ORDERS.len() - wrong.len()) as f64,
                ORDERS.len() as f64,
                &format!(" of {}", ORDERS.len()),
            ),
            &format!(
                "the discount is wrong in {} of {} quotes through the real pricing: {}",
                wrong.len(),
                ORDERS.len(),
                wrong.join("; ")
            ),
        );
    }
}
