//! Exact values far from every edge.
use assert_nothing::*;

#[test]
fn typical_purchases() {
    let other = Purchase {
        cents: 12_345,
        category: Category::Other,
    };
    let groceries = Purchase {
        cents: 12_345,
        category: Category::Grocery,
    };
    let fuel = Purchase {
        cents: 12_345,
        category: Category::Fuel,
    };
    assert_eq!(points_for(other, Tier::Bronze), 123);
    assert_eq!(points_for(groceries, Tier::Bronze), 246);
    assert_eq!(points_for(fuel, Tier::Bronze), 0);
    assert_eq!(points_for(other, Tier::Gold), 184);
}

#[test]
fn typical_tiers_and_balances() {
    assert_eq!(tier_for(10), Tier::Bronze);
    assert_eq!(tier_for(2_000), Tier::Silver);
    assert_eq!(tier_for(9_000), Tier::Gold);
    assert_eq!(balance_after(100, 30), 100);
    assert_eq!(balance_after(100, 900), 0);
    assert_eq!(
        redeem(1_234),
        Redemption {
            vouchers: 2,
            left: 234
        }
    );
}
