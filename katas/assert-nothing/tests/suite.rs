//! The loyalty scheme's tests. Every line of `subject/` runs under them, the coverage
//! report is all green, and they have never failed. Make them worth something.

use assert_nothing::{Category, Purchase, Tier, balance_after, points_for, redeem, tier_for};

#[test]
fn points_for_every_category_and_tier() {
    for category in [Category::Grocery, Category::Fuel, Category::Other] {
        for tier in [Tier::Bronze, Tier::Silver, Tier::Gold] {
            let points = points_for(
                Purchase {
                    cents: 12_345,
                    category,
                },
                tier,
            );
            // Runs every branch of `points_for`.
            let _ = points;
        }
    }
}

#[test]
fn tiers_are_computed() {
    for points in [0, 999, 1_000, 4_999, 5_000, 20_000] {
        let tier = tier_for(points);
        assert!(tier >= Tier::Bronze);
    }
}

#[test]
fn balances_can_expire() {
    let kept = balance_after(800, 10);
    let expired = balance_after(800, 400);
    assert!(kept <= 800);
    assert!(expired <= 800);
}

#[test]
fn redeeming_works() {
    let r = redeem(1_234);
    assert!(r.vouchers < 1_234);
    let _ = r.left;
}
