//! A supermarket's loyalty scheme: the code under test.
//!
//! The `cfg!(feature = "mutant-…")` and `refactor-…` branches are the changes the grader
//! plants, one per build, to see whether your tests notice (mutants) or wrongly complain
//! (refactors). Normal builds never take them. Reading them is fine: the skill is writing
//! tests that would have caught bugs like these before anyone planted them.

/// What was bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Earns double points.
    Grocery,
    /// Earns nothing: fuel margins are too thin.
    Fuel,
    /// Everything else: the base rate.
    Other,
}

/// A member's tier for the year, from the points earned in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Bronze,
    /// From [`SILVER_FROM`] points.
    Silver,
    /// From [`GOLD_FROM`] points; earns half as much again on every purchase.
    Gold,
}

/// One purchase at the till.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purchase {
    /// The amount paid, in cents.
    pub cents: u64,
    pub category: Category,
}

/// Points a year's earning must reach for Silver.
pub const SILVER_FROM: u64 = 1_000;
/// Points a year's earning must reach for Gold.
pub const GOLD_FROM: u64 = 5_000;
/// Days without a purchase after which the whole balance expires.
pub const EXPIRES_AFTER_DAYS: u32 = 365;
/// Points one voucher costs.
pub const VOUCHER_POINTS: u64 = 500;

/// Points earned by `purchase` for a member of `tier`: one per whole euro (cents are
/// dropped), twice that on groceries, none on fuel; Gold adds half again, rounded down.
pub fn points_for(purchase: Purchase, tier: Tier) -> u64 {
    let euros = if cfg!(feature = "mutant-cents-rounded-up") {
        purchase.cents.div_ceil(100)
    } else {
        purchase.cents / 100
    };
    let base = euros * rate(purchase.category);
    if tier == Tier::Gold && !cfg!(feature = "mutant-gold-bonus-lost") {
        gold_bonus(base)
    } else {
        base
    }
}

#[cfg(not(feature = "refactor-rate-table"))]
fn rate(category: Category) -> u64 {
    match category {
        Category::Grocery if cfg!(feature = "mutant-groceries-single") => 1,
        Category::Grocery => 2,
        Category::Fuel if cfg!(feature = "mutant-fuel-earns") => 1,
        Category::Fuel => 0,
        Category::Other => 1,
    }
}

/// The same rates, looked up in a table.
#[cfg(feature = "refactor-rate-table")]
fn rate(category: Category) -> u64 {
    const RATES: [(Category, u64); 3] = [
        (Category::Other, 1),
        (Category::Grocery, 2),
        (Category::Fuel, 0),
    ];
    RATES
        .iter()
        .find(|(c, _)| *c == category)
        .map_or(0, |(_, r)| *r)
}

#[cfg(not(feature = "refactor-bonus-as-ratio"))]
fn gold_bonus(base: u64) -> u64 {
    base + base / 2
}

/// The same bonus as one ratio: ⌊3b/2⌋ = b + ⌊b/2⌋ for every b.
#[cfg(feature = "refactor-bonus-as-ratio")]
fn gold_bonus(base: u64) -> u64 {
    base * 3 / 2
}

/// The tier a member reaches with `points` earned this year.
pub fn tier_for(points: u64) -> Tier {
    let gold = if cfg!(feature = "mutant-gold-boundary") {
        points > GOLD_FROM
    } else {
        points >= GOLD_FROM
    };
    let silver = if cfg!(feature = "mutant-silver-boundary") {
        points > SILVER_FROM
    } else {
        points >= SILVER_FROM
    };
    if gold {
        Tier::Gold
    } else if silver {
        Tier::Silver
    } else {
        Tier::Bronze
    }
}

/// The balance left after `idle_days` without a purchase: all of it, until the day the
/// whole balance expires ([`EXPIRES_AFTER_DAYS`] idle days), then nothing.
pub fn balance_after(points: u64, idle_days: u32) -> u64 {
    let expired = if cfg!(feature = "mutant-expiry-off-by-one") {
        idle_days > EXPIRES_AFTER_DAYS
    } else {
        idle_days >= EXPIRES_AFTER_DAYS
    };
    if expired { 0 } else { points }
}

/// What redeeming a balance gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redemption {
    /// Vouchers of [`VOUCHER_POINTS`] points each.
    pub vouchers: u64,
    /// Points left on the card.
    pub left: u64,
}

/// Turn as much of `points` as possible into vouchers; the rest stays on the card.
pub fn redeem(points: u64) -> Redemption {
    let vouchers = points / VOUCHER_POINTS;
    let left = if cfg!(feature = "mutant-leftover-dropped") {
        0
    } else {
        points % VOUCHER_POINTS
    };
    Redemption { vouchers, left }
}
