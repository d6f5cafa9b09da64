//! The checkout: totals a basket for one country's shop, with its price rules.

use early_binding_subject as rules;
pub use early_binding_subject::{Config, FRANCE, GERMANY};

/// A basket being checked out, for the shop whose configuration it was given.
#[derive(Debug, Clone)]
pub struct Checkout {
    pricing: Pricing,
    lines: Vec<u64>,
    voucher_percent: u64,
}

impl Checkout {
    /// A checkout for the shop configured by `config`.
    pub fn new(config: Config) -> Self {
        Checkout {
            pricing: Pricing(config),
            lines: Vec::new(),
            voucher_percent: 0,
        }
    }

    /// Add a line of `net_cents` (before VAT).
    pub fn add(&mut self, net_cents: u64) -> &mut Self {
        self.lines.push(net_cents);
        self
    }

    /// Take `percent` off every line's net price.
    pub fn apply_voucher(&mut self, percent: u64) -> &mut Self {
        self.voucher_percent = percent;
        self
    }

    /// What the customer pays, in cents: goods with VAT, then shipping.
    pub fn total_cents(&self) -> u64 {
        self.pricing.total(&self.lines, self.voucher_percent)
    }
}

/// One country's price rules, applied to a basket.
#[derive(Debug, Clone, Copy)]
struct Pricing(Config);

impl Pricing {
    fn total(&self, lines: &[u64], voucher_percent: u64) -> u64 {
        let lines = rules::discounted(lines, voucher_percent);
        let goods = rules::goods_gross(&lines, &self.0);
        goods + rules::shipping_gross(goods, &self.0)
    }
}
