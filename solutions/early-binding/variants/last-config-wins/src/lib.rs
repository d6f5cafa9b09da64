//! The checkout: totals a basket for one country's shop, with its price rules.

use std::sync::Mutex;

use early_binding_subject as rules;
pub use early_binding_subject::{Config, FRANCE, GERMANY};

/// The shop's configuration: the latest checkout's.
static SHOP: Mutex<Option<Config>> = Mutex::new(None);

/// A basket being checked out.
#[derive(Debug, Clone, Default)]
pub struct Checkout {
    lines: Vec<u64>,
    voucher_percent: u64,
}

impl Checkout {
    /// A checkout for the shop configured by `config`.
    pub fn new(config: Config) -> Self {
        *SHOP.lock().unwrap() = Some(config);
        Checkout::default()
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
        let config = SHOP
            .lock()
            .unwrap()
            .expect("a checkout configures the shop when it is made");
        let config = &config;
        let lines = rules::discounted(&self.lines, self.voucher_percent);
        let goods = rules::goods_gross(&lines, config);
        goods + rules::shipping_gross(goods, config)
    }
}
