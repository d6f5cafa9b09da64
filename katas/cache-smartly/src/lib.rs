//! The shop's pricer: the price of a SKU is its base price from the catalogue service,
//! less the first discount rule whose pattern matches the SKU.
//!
//! Product pages, the basket and the feed all ask for prices, many times a second, for a
//! few thousand popular SKUs and a long tail of others. The catalogue service is a
//! network round trip away, so a memo was added in front of it.

use std::collections::HashMap;

pub use cache_smartly_backend::{Catalogue, Pattern, PatternError, Rule, patterns_compiled};

/// Prices SKUs from a [`Catalogue`] and a list of discount [`Rule`]s.
#[derive(Debug)]
pub struct Pricer {
    catalogue: Catalogue,
    rules: Vec<Rule>,
    /// Prices already worked out, so the catalogue is asked once per SKU.
    memo: HashMap<String, Option<u64>>,
}

impl Pricer {
    /// A pricer over `catalogue` with discount `rules` (the first rule that matches a SKU
    /// applies), keeping about `capacity` prices at hand.
    pub fn new(
        catalogue: Catalogue,
        rules: Vec<Rule>,
        capacity: usize,
    ) -> Result<Self, PatternError> {
        check_rules(&rules)?;
        Ok(Pricer {
            catalogue,
            rules,
            memo: HashMap::with_capacity(capacity),
        })
    }

    /// The price of `sku` in cents, discount taken off, or `None` if the catalogue does
    /// not sell it.
    pub fn price(&mut self, sku: &str) -> Option<u64> {
        if let Some(&known) = self.memo.get(sku) {
            return known;
        }
        let price = self
            .catalogue
            .fetch(sku)
            .map(|base| self.discounted(sku, base));
        self.memo.insert(sku.to_owned(), price);
        price
    }

    fn discounted(&self, sku: &str, base: u64) -> u64 {
        for rule in &self.rules {
            let pattern = rule.compile().expect("rules are checked when set");
            if pattern.matches(sku) {
                return rule.apply(base);
            }
        }
        base
    }

    /// The catalogue's base price of `sku` changes to `cents`.
    pub fn update_price(&mut self, sku: &str, cents: u64) {
        self.catalogue.set_price(sku, cents);
    }

    /// Replace the discount rules. Nothing changes if one of them does not compile.
    pub fn set_rules(&mut self, rules: Vec<Rule>) -> Result<(), PatternError> {
        check_rules(&rules)?;
        self.rules = rules;
        Ok(())
    }

    /// The catalogue the prices come from.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }
}

/// Every rule's pattern compiles.
fn check_rules(rules: &[Rule]) -> Result<(), PatternError> {
    for rule in rules {
        rule.compile()?;
    }
    Ok(())
}
