//! Relations between results, never the results themselves.
use assert_nothing::*;

#[test]
fn groceries_earn_more_and_gold_earns_most() {
    let other = Purchase {
        cents: 10_000,
        category: Category::Other,
    };
    let groceries = Purchase {
        cents: 10_000,
        category: Category::Grocery,
    };
    assert!(points_for(groceries, Tier::Bronze) > points_for(other, Tier::Bronze));
    assert!(points_for(other, Tier::Gold) > points_for(other, Tier::Bronze));
    assert!(tier_for(100_000) > tier_for(0));
    assert!(redeem(5_000).vouchers > 0);
}
