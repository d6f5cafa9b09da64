//! The shop's pricer: the price of a SKU is its base price from the catalogue service,
//! less the first discount rule whose pattern matches the SKU.
//!
//! Product pages, the basket and the feed all ask for prices, many times a second, for a
//! few thousand popular SKUs and a long tail of others. The catalogue service is a
//! network round trip away, so a cache sits in front of it.

use std::collections::HashMap;

pub use cache_smartly_backend::{Catalogue, Pattern, PatternError, Rule, patterns_compiled};

/// Prices SKUs from a [`Catalogue`] and a list of discount [`Rule`]s.
#[derive(Debug)]
pub struct Pricer {
    catalogue: Catalogue,
    rules: Vec<(Pattern, Rule)>,
    /// Final prices in two generations of at most `capacity / 2` each: lookups promote
    /// what they find in `old` to `young`; when `young` fills up it becomes `old`, and
    /// the previous `old` (whatever was not used since) is dropped.
    young: HashMap<String, Option<u64>>,
    old: HashMap<String, Option<u64>>,
    half: usize,
}

impl Pricer {
    /// A pricer over `catalogue` with discount `rules` (the first rule that matches a SKU
    /// applies), keeping at most `capacity` prices at hand.
    pub fn new(
        catalogue: Catalogue,
        rules: Vec<Rule>,
        capacity: usize,
    ) -> Result<Self, PatternError> {
        Ok(Pricer {
            catalogue,
            rules: compile(rules)?,
            young: HashMap::new(),
            old: HashMap::new(),
            half: (capacity / 2).max(1),
        })
    }

    /// The price of `sku` in cents, discount taken off, or `None` if the catalogue does
    /// not sell it.
    pub fn price(&mut self, sku: &str) -> Option<u64> {
        if let Some(&known) = self.young.get(sku) {
            return known;
        }
        if let Some((key, known)) = self.old.remove_entry(sku) {
            self.keep(key, known);
            return known;
        }
        let price = self.catalogue.fetch(sku).map(|base| {
            self.rules
                .iter()
                .find(|(p, _)| p.matches(sku))
                .map_or(base, |(_, r)| r.apply(base))
        });
        self.keep(sku.to_owned(), price);
        price
    }

    fn keep(&mut self, sku: String, price: Option<u64>) {
        if self.young.len() >= self.half {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(sku, price);
    }

    /// The catalogue's base price of `sku` changes to `cents`.
    pub fn update_price(&mut self, sku: &str, cents: u64) {
        self.catalogue.set_price(sku, cents);
        self.young.remove(sku);
        self.old.remove(sku);
    }

    /// Replace the discount rules. Nothing changes if one of them does not compile.
    pub fn set_rules(&mut self, rules: Vec<Rule>) -> Result<(), PatternError> {
        self.rules = compile(rules)?;
        // Every cached price has the old discounts in it.
        self.young.clear();
        self.old.clear();
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
