//! The shop's pricer: the price of a SKU is its base price from the catalogue service,
//! less the first discount rule whose pattern matches the SKU.
//!
//! Product pages, the basket and the feed all ask for prices, many times a second, for a
//! few thousand popular SKUs and a long tail of others. The catalogue service is a
//! network round trip away, so a cache sits in front of it.

mod lru;

pub use cache_smartly_backend::{Catalogue, Pattern, PatternError, Rule, patterns_compiled};

use lru::Lru;

/// Prices SKUs from a [`Catalogue`] and a list of discount [`Rule`]s.
#[derive(Debug)]
pub struct Pricer {
    catalogue: Catalogue,
    /// The rules, each compiled once, when set.
    rules: Vec<(Pattern, Rule)>,
    /// Base prices from the catalogue (what is expensive to get), at most `capacity` of
    /// them, least recently used evicted first. Discounts are applied on the way out, so
    /// a rule change needs no invalidation.
    base_prices: Lru<Option<u64>>,
}

impl Pricer {
    /// A pricer over `catalogue` with discount `rules` (the first rule that matches a SKU
    /// applies), keeping at most `capacity` base prices at hand.
    pub fn new(
        catalogue: Catalogue,
        rules: Vec<Rule>,
        capacity: usize,
    ) -> Result<Self, PatternError> {
        Ok(Pricer {
            catalogue,
            rules: compile(rules)?,
            base_prices: Lru::new(capacity),
        })
    }

    /// The price of `sku` in cents, discount taken off, or `None` if the catalogue does
    /// not sell it.
    pub fn price(&mut self, sku: &str) -> Option<u64> {
        let base = match self.base_prices.get(sku) {
            Some(&base) => base,
            None => {
                let base = self.catalogue.fetch(sku);
                self.base_prices.insert(sku, base);
                base
            }
        }?;
        Some(
            self.rules
                .iter()
                .find(|(pattern, _)| pattern.matches(sku))
                .map_or(base, |(_, rule)| rule.apply(base)),
        )
    }

    /// The catalogue's base price of `sku` changes to `cents`.
    pub fn update_price(&mut self, sku: &str, cents: u64) {
        self.catalogue.set_price(sku, cents);
        // Write through: the next lookup sees the new price without a round trip.
        self.base_prices.insert(sku, Some(cents));
    }

    /// Replace the discount rules. Nothing changes if one of them does not compile.
    pub fn set_rules(&mut self, rules: Vec<Rule>) -> Result<(), PatternError> {
        self.rules = compile(rules)?;
        Ok(())
    }

    /// The catalogue the prices come from.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }
}

/// Each rule's pattern compiled once.
fn compile(rules: Vec<Rule>) -> Result<Vec<(Pattern, Rule)>, PatternError> {
    rules
        .into_iter()
        .map(|rule| Ok((rule.compile()?, rule)))
        .collect()
}
