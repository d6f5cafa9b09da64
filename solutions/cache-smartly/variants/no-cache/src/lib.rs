//! The shop's pricer: the price of a SKU is its base price from the catalogue service,
//! less the first discount rule whose pattern matches the SKU.
//!
//! Product pages, the basket and the feed all ask for prices, many times a second, for a
//! few thousand popular SKUs and a long tail of others. The catalogue service is a
//! network round trip away, so a cache sits in front of it.
#![allow(clippy::let_and_return)]

pub use cache_smartly_backend::{Catalogue, Pattern, PatternError, Rule, patterns_compiled};

/// Prices SKUs from a [`Catalogue`] and a list of discount [`Rule`]s.
#[derive(Debug)]
pub struct Pricer {
    catalogue: Catalogue,
    rules: Vec<(Pattern, Rule)>,
}

impl Pricer {
    /// A pricer over `catalogue` with discount `rules` (the first rule that matches a SKU
    /// applies), keeping at most `capacity` prices at hand.
    pub fn new(
        catalogue: Catalogue,
        rules: Vec<Rule>,
        _capacity: usize,
    ) -> Result<Self, PatternError> {
        Ok(Pricer {
            catalogue,
            rules: compile(rules)?,
        })
    }

    /// The price of `sku` in cents, discount taken off, or `None` if the catalogue does
    /// not sell it.
    pub fn price(&mut self, sku: &str) -> Option<u64> {
        // Always fresh: ask the catalogue every time.
        let price = self.catalogue.fetch(sku).map(|base| {
            self.rules
                .iter()
                .find(|(p, _)| p.matches(sku))
                .map_or(base, |(_, r)| r.apply(base))
        });
        price
    }

    /// The catalogue's base price of `sku` changes to `cents`.
    pub fn update_price(&mut self, sku: &str, cents: u64) {
        self.catalogue.set_price(sku, cents);
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
