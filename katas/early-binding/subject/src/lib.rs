//! The shop's price rules, per country. Correct as shipped; the `cfg!(feature =
//! "mutant-…")` branches are bugs the grader plants to judge the learner's tests.

/// What differs between the shop's countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// VAT in tenths of a percent (200 = 20 %).
    pub vat_permille: u64,
    /// Orders whose goods reach this many cents (VAT included) ship free.
    pub free_shipping_from_cents: u64,
    /// The shipping fee in cents, before VAT.
    pub shipping_cents: u64,
}

/// The shop's configuration in Germany.
pub const GERMANY: Config = Config {
    vat_permille: 190,
    free_shipping_from_cents: 5_000,
    shipping_cents: 490,
};

/// The shop's configuration in France.
pub const FRANCE: Config = Config {
    vat_permille: 200,
    free_shipping_from_cents: 6_000,
    shipping_cents: 590,
};

/// VAT on `net` cents, rounded half up to the cent.
pub fn vat_cents(net: u64, config: &Config) -> u64 {
    let scaled = net * config.vat_permille;
    if cfg!(feature = "mutant-vat-truncated") {
        scaled / 1_000
    } else {
        (scaled + 500) / 1_000
    }
}

/// The gross price of goods worth `net_lines` cents each (before VAT): each line's VAT is
/// rounded on its own, as the invoices print it.
pub fn goods_gross(net_lines: &[u64], config: &Config) -> u64 {
    goods(net_lines, config)
}

#[cfg(not(feature = "refactor-per-line-vat"))]
fn goods(net_lines: &[u64], config: &Config) -> u64 {
    net_lines
        .iter()
        .map(|&net| net + vat_cents(net, config))
        .sum()
}

/// The same sum, VAT and net added up separately.
#[cfg(feature = "refactor-per-line-vat")]
fn goods(net_lines: &[u64], config: &Config) -> u64 {
    let net: u64 = net_lines.iter().sum();
    let vat: u64 = net_lines.iter().map(|&n| vat_cents(n, config)).sum();
    net + vat
}

/// Shipping for goods of `goods_gross` cents (VAT included): free from the threshold on,
/// otherwise the fee plus its VAT.
pub fn shipping_gross(goods_gross: u64, config: &Config) -> u64 {
    let free = if cfg!(feature = "mutant-free-shipping-strict") {
        goods_gross > config.free_shipping_from_cents
    } else {
        goods_gross >= config.free_shipping_from_cents
    };
    if free {
        return 0;
    }
    let fee = if cfg!(feature = "mutant-shipping-fee") {
        config.shipping_cents - 100
    } else {
        config.shipping_cents
    };
    if cfg!(feature = "mutant-shipping-untaxed") {
        fee
    } else {
        fee + vat_cents(fee, config)
    }
}

/// A voucher takes `percent` off each line's net price (rounded down to the cent) before
/// VAT.
pub fn discounted(net_lines: &[u64], percent: u64) -> Vec<u64> {
    net_lines
        .iter()
        .map(|&net| {
            if cfg!(feature = "mutant-discount-off-by-a-cent") {
                net - net * percent / 100 + 1
            } else {
                net - net * percent / 100
            }
        })
        .collect()
}
