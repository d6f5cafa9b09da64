//! One test per rule, plain asserts.
use assert_nothing::*;

fn other(cents: u64) -> Purchase {
    Purchase {
        cents,
        category: Category::Other,
    }
}

#[test]
fn a_point_per_whole_euro() {
    assert_eq!(points_for(other(1_299), Tier::Bronze), 12);
    assert_eq!(points_for(other(1_201), Tier::Bronze), 12);
    assert_eq!(points_for(other(1_200), Tier::Bronze), 12);
}

#[test]
fn categories_have_their_rates() {
    let groceries = Purchase {
        cents: 1_000,
        category: Category::Grocery,
    };
    let fuel = Purchase {
        cents: 1_000,
        category: Category::Fuel,
    };
    assert_eq!(points_for(groceries, Tier::Silver), 20);
    assert_eq!(points_for(fuel, Tier::Silver), 0);
}

#[test]
fn gold_adds_half_rounded_down() {
    assert_eq!(points_for(other(1_100), Tier::Gold), 16);
}

#[test]
fn tier_edges() {
    assert_eq!(tier_for(999), Tier::Bronze);
    assert_eq!(tier_for(1_000), Tier::Silver);
    assert_eq!(tier_for(4_999), Tier::Silver);
    assert_eq!(tier_for(5_000), Tier::Gold);
}

#[test]
fn expiry_edge() {
    assert_eq!(balance_after(70, 364), 70);
    assert_eq!(balance_after(70, 365), 0);
}

#[test]
fn redemption_keeps_leftover() {
    assert_eq!(
        redeem(1_010),
        Redemption {
            vouchers: 2,
            left: 10
        }
    );
}
