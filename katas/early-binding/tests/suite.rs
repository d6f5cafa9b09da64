//! The checkout's tests. Each passes on its own; together, which ones fail depends on which
//! country's test happens to run first.

use early_binding::{Checkout, FRANCE, GERMANY};

#[test]
fn german_small_basket_pays_shipping() {
    let mut checkout = Checkout::new(GERMANY);
    checkout.add(1_000);
    assert_eq!(checkout.total_cents(), 1_773);
}

#[test]
fn german_big_basket_ships_free() {
    let mut checkout = Checkout::new(GERMANY);
    checkout.add(3_000).add(2_000);
    assert_eq!(checkout.total_cents(), 5_950);
}

#[test]
fn french_small_basket_pays_shipping() {
    let mut checkout = Checkout::new(FRANCE);
    checkout.add(1_000);
    assert_eq!(checkout.total_cents(), 1_908);
}

#[test]
fn french_voucher_halves_the_goods() {
    let mut checkout = Checkout::new(FRANCE);
    checkout.add(2_999).apply_voucher(50);
    assert_eq!(checkout.total_cents(), 2_508);
}
