//! The loyalty scheme's rules, each pinned by exact values on both sides of its edges.

use assert_nothing::{
    Category, Purchase, Redemption, Tier, balance_after, points_for, redeem, tier_for,
};
use rstest::rstest;

fn bought(cents: u64, category: Category) -> Purchase {
    Purchase { cents, category }
}

#[rstest]
#[case::cents_are_dropped(bought(12_345, Category::Other), Tier::Bronze, 123)]
#[case::just_under_a_euro(bought(99, Category::Other), Tier::Bronze, 0)]
#[case::a_cent_past_a_euro(bought(1_201, Category::Other), Tier::Silver, 12)]
#[case::groceries_earn_double(bought(12_345, Category::Grocery), Tier::Bronze, 246)]
#[case::fuel_earns_nothing(bought(12_345, Category::Fuel), Tier::Silver, 0)]
#[case::gold_earns_half_again(bought(12_345, Category::Other), Tier::Gold, 184)]
#[case::gold_on_groceries(bought(12_345, Category::Grocery), Tier::Gold, 369)]
#[case::gold_on_fuel(bought(12_345, Category::Fuel), Tier::Gold, 0)]
fn points_per_purchase(#[case] purchase: Purchase, #[case] tier: Tier, #[case] expected: u64) {
    assert_eq!(points_for(purchase, tier), expected);
}

#[rstest]
#[case(0, Tier::Bronze)]
#[case(999, Tier::Bronze)]
#[case(1_000, Tier::Silver)]
#[case(4_999, Tier::Silver)]
#[case(5_000, Tier::Gold)]
#[case(20_000, Tier::Gold)]
fn tiers_start_at_their_thresholds(#[case] points: u64, #[case] expected: Tier) {
    assert_eq!(tier_for(points), expected);
}

#[rstest]
#[case(0, 800)]
#[case(364, 800)]
#[case(365, 0)]
#[case(1_000, 0)]
fn balances_expire_after_a_year_idle(#[case] idle_days: u32, #[case] expected: u64) {
    assert_eq!(balance_after(800, idle_days), expected);
}

#[rstest]
#[case(0, Redemption { vouchers: 0, left: 0 })]
#[case(499, Redemption { vouchers: 0, left: 499 })]
#[case(500, Redemption { vouchers: 1, left: 0 })]
#[case(1_234, Redemption { vouchers: 2, left: 234 })]
fn redeeming_keeps_the_change(#[case] points: u64, #[case] expected: Redemption) {
    assert_eq!(redeem(points), expected);
}
