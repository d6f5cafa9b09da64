//! Only German baskets, so the order of tests no longer matters.
use early_binding::{Checkout, GERMANY};

#[test]
fn small_basket() {
    let mut c = Checkout::new(GERMANY);
    c.add(1_003);
    assert_eq!(c.total_cents(), 1_777);
}

#[test]
fn big_basket() {
    let mut c = Checkout::new(GERMANY);
    c.add(4_202);
    assert_eq!(c.total_cents(), 5_000);
}
