//! Plain tests, each making its own checkout.
use early_binding::{Checkout, FRANCE, GERMANY};

#[test]
fn germany_pays_taxed_shipping_under_the_threshold() {
    let mut c = Checkout::new(GERMANY);
    c.add(1_003);
    assert_eq!(c.total_cents(), 1_777);
}

#[test]
fn france_ships_free_exactly_at_the_threshold() {
    let mut c = Checkout::new(FRANCE);
    c.add(3_000).add(2_000);
    assert_eq!(c.total_cents(), 6_000);
}

#[test]
fn a_voucher_comes_off_the_net_price() {
    let mut c = Checkout::new(FRANCE);
    c.add(2_999).apply_voucher(50);
    assert_eq!(c.total_cents(), 2_508);
}
