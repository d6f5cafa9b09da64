//! One basket per country, nothing at an edge.
use early_binding::{Checkout, FRANCE, GERMANY};

#[test]
fn german_basket() {
    let mut c = Checkout::new(GERMANY);
    c.add(3_000).add(2_000);
    assert_eq!(c.total_cents(), 5_950);
}

#[test]
fn french_basket() {
    let mut c = Checkout::new(FRANCE);
    c.add(10_000);
    assert_eq!(c.total_cents(), 12_000);
}
