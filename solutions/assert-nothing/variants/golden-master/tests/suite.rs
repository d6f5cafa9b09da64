//! A model of the scheme written from its documentation, compared over whole ranges.
use assert_nothing::*;

fn model_points(cents: u64, category: Category, tier: Tier) -> u64 {
    let rate = match category {
        Category::Grocery => 2,
        Category::Fuel => 0,
        Category::Other => 1,
    };
    let base = (cents / 100) * rate;
    if tier == Tier::Gold {
        base * 3 / 2
    } else {
        base
    }
}

#[test]
fn points_match_the_model() {
    for cents in (0..5_000).step_by(7) {
        for category in [Category::Grocery, Category::Fuel, Category::Other] {
            for tier in [Tier::Bronze, Tier::Silver, Tier::Gold] {
                let got = points_for(Purchase { cents, category }, tier);
                assert_eq!(
                    got,
                    model_points(cents, category, tier),
                    "{cents} {category:?} {tier:?}"
                );
            }
        }
    }
}

#[test]
fn tiers_match_the_model() {
    for points in 0..6_000 {
        let want = if points >= 5_000 {
            Tier::Gold
        } else if points >= 1_000 {
            Tier::Silver
        } else {
            Tier::Bronze
        };
        assert_eq!(tier_for(points), want, "{points}");
    }
}

#[test]
fn balances_and_redemptions_match_the_model() {
    for days in 0..400 {
        assert_eq!(
            balance_after(42, days),
            if days >= 365 { 0 } else { 42 },
            "{days}"
        );
    }
    for points in 0..2_000 {
        assert_eq!(
            redeem(points),
            Redemption {
                vouchers: points / 500,
                left: points % 500
            }
        );
    }
}
