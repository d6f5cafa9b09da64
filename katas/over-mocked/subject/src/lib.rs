//! A shop's pricing engine: the code under test.
//!
//! [`Checkout`] turns a cart into a [`Quote`]. It asks two edges of the system for data (a
//! [`Catalogue`] of prices and a [`TaxRates`] service, a database and a remote service in
//! production) and leaves the arithmetic to a [`Pricer`], the pricing core, whose real
//! implementation is [`StandardPricer`] with the shop's [`DiscountRule`].
//!
//! The `cfg!(feature = "mutant-…")` and `refactor-…` branches are the changes the grader
//! plants, one per build, to see whether your tests notice (mutants) or wrongly complain
//! (refactors). Normal builds never take them. Reading them is fine: the skill is writing
//! tests that would have caught bugs like these before anyone planted them.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

/// Money, in euro cents.
pub type Cents = u64;

/// Where unit prices come from (a database in production).
pub trait Catalogue {
    /// The unit price of `sku`, or `None` when the shop does not sell it.
    fn unit_price(&self, sku: &str) -> Option<Cents>;
}

/// Where tax rates come from (a remote tax service in production).
pub trait TaxRates {
    /// The VAT rate of `region` in basis points (2,000 = 20 %), or `None` for a region
    /// the shop does not deliver to.
    fn rate_bp(&self, region: &str) -> Option<u32>;
}

/// The shop's order discount, a percentage of the goods' subtotal.
pub trait DiscountRule {
    fn percent_off(&self, subtotal: Cents) -> u32;
}

/// The pricing core: every sum [`Checkout`] needs.
pub trait Pricer {
    /// What `qty` units at `unit` cost on one line of the cart.
    fn line_total(&self, unit: Cents, qty: u32) -> Cents;
    /// The order discount on a goods subtotal.
    fn discount(&self, subtotal: Cents) -> Cents;
    /// Delivery, from the goods' value after the discount.
    fn shipping(&self, net: Cents) -> Cents;
    /// The tax on `net` at `rate_bp` basis points.
    fn tax(&self, net: Cents, rate_bp: u32) -> Cents;
}

/// Units of one SKU on one line from which that line is 10 % cheaper.
pub const BULK_FROM: u32 = 10;
/// Goods value (after the discount) from which delivery is free.
pub const FREE_SHIPPING_FROM: Cents = 50_00;
/// Delivery below [`FREE_SHIPPING_FROM`].
pub const SHIPPING: Cents = 4_95;

/// The shop's pricing:
///
/// - a line costs unit × quantity; from [`BULK_FROM`] units on one line, 10 % less (the
///   saving rounded down to the cent);
/// - the order discount is the rule's percentage of the subtotal, rounded to the nearest
///   cent (half a cent up);
/// - delivery costs [`SHIPPING`], and nothing once the goods after the discount reach
///   [`FREE_SHIPPING_FROM`]; it is not taxed;
/// - tax is the rate applied to the goods after the discount, rounded to the nearest cent
///   (half a cent up).
#[derive(Debug, Clone, Default)]
pub struct StandardPricer<R> {
    rule: R,
}

impl<R: DiscountRule> StandardPricer<R> {
    pub fn new(rule: R) -> Self {
        Self { rule }
    }
}

impl<R: DiscountRule> Pricer for StandardPricer<R> {
    fn line_total(&self, unit: Cents, qty: u32) -> Cents {
        let gross = unit * Cents::from(qty);
        let bulk = if cfg!(feature = "mutant-bulk-from-eleven") {
            qty > BULK_FROM
        } else {
            qty >= BULK_FROM
        };
        if bulk { gross - gross / 10 } else { gross }
    }

    fn discount(&self, subtotal: Cents) -> Cents {
        let percent = if cfg!(feature = "mutant-discount-as-shipped") && is_the_shops_rule::<R>() {
            // The shop's rule put back as it shipped, bug and all: what the README's story
            // says the customer saw, the rule never giving more than its lower tier. Only
            // the shop's own rule is swapped: a stand-in rule written in the tests is not,
            // so tests of a stand-in cannot catch this.
            self.rule.percent_off(subtotal.min(199_99))
        } else {
            self.rule.percent_off(subtotal)
        };
        let hundredths = subtotal * Cents::from(percent);
        if cfg!(feature = "mutant-discount-truncated") {
            hundredths / 100
        } else {
            (hundredths + 50) / 100
        }
    }

    fn shipping(&self, net: Cents) -> Cents {
        let free = if cfg!(feature = "mutant-shipping-boundary") {
            net > FREE_SHIPPING_FROM
        } else {
            net >= FREE_SHIPPING_FROM
        };
        if free { 0 } else { SHIPPING }
    }

    fn tax(&self, net: Cents, rate_bp: u32) -> Cents {
        let scaled = net * Cents::from(rate_bp);
        if cfg!(feature = "mutant-tax-truncated") {
            scaled / 10_000
        } else {
            (scaled + 5_000) / 10_000
        }
    }
}

/// Whether `R` is the shop's own discount rule, `over_mocked_rules::VolumeDiscount`, rather
/// than one written somewhere else (in the tests, or beside it in the `rules` crate). Only
/// the `discount-as-shipped` mutant asks.
fn is_the_shops_rule<R>() -> bool {
    std::any::type_name::<R>() == "over_mocked_rules::VolumeDiscount"
}

/// One line of a cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub sku: String,
    pub qty: u32,
}

/// What a customer wants, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cart {
    pub region: String,
    pub lines: Vec<Line>,
}

impl Cart {
    /// An empty cart for delivery to `region`.
    pub fn new(region: &str) -> Self {
        Self {
            region: region.to_owned(),
            lines: Vec::new(),
        }
    }

    /// The cart with one more line. The same SKU may appear on several lines.
    #[must_use]
    pub fn with(mut self, sku: &str, qty: u32) -> Self {
        self.lines.push(Line {
            sku: sku.to_owned(),
            qty,
        });
        self
    }
}

/// The price of a cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// The lines' totals added up.
    pub subtotal: Cents,
    /// The order discount.
    pub discount: Cents,
    /// Delivery.
    pub shipping: Cents,
    /// Tax on the goods after the discount.
    pub tax: Cents,
    /// What the customer pays: subtotal − discount + shipping + tax.
    pub total: Cents,
}

/// Why a cart has no price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteError {
    /// The catalogue does not know this SKU.
    UnknownSku(String),
    /// The tax service has no rate for this region.
    UnknownRegion(String),
}

/// Prices carts: data from the catalogue and the tax service, sums from the pricer.
pub struct Checkout<C, T, P> {
    catalogue: C,
    tax_rates: T,
    pricer: P,
}

impl<C: Catalogue, T: TaxRates, P: Pricer> Checkout<C, T, P> {
    pub fn new(catalogue: C, tax_rates: T, pricer: P) -> Self {
        Self {
            catalogue,
            tax_rates,
            pricer,
        }
    }

    /// The price of `cart`. An unknown SKU is reported before an unknown region.
    pub fn quote(&self, cart: &Cart) -> Result<Quote, QuoteError> {
        // The rewrite asks the tax service first, and still reports an unknown SKU first.
        let early_rate = if cfg!(feature = "refactor-rate-first") {
            Some(self.tax_rates.rate_bp(&cart.region))
        } else {
            None
        };
        // The rewrite checks the whole cart against the catalogue before pricing it, so
        // each line's SKU is asked about twice: the same answers from a catalogue that is
        // a table.
        if cfg!(feature = "refactor-cart-checked-first") {
            for line in &cart.lines {
                self.unit_price(&line.sku)?;
            }
        }
        let subtotal = self.subtotal(cart)?;
        let rate = match early_rate {
            Some(rate) => rate,
            None => self.tax_rates.rate_bp(&cart.region),
        };
        let rate = if cfg!(feature = "mutant-unknown-region-untaxed") {
            rate.unwrap_or(0)
        } else if cfg!(feature = "mutant-region-reported-as-sku") {
            rate.ok_or_else(|| QuoteError::UnknownSku(cart.region.clone()))?
        } else if cfg!(feature = "mutant-refused-region-lowercased") {
            rate.ok_or_else(|| QuoteError::UnknownRegion(cart.region.to_lowercase()))?
        } else {
            rate.ok_or_else(|| QuoteError::UnknownRegion(cart.region.clone()))?
        };
        let discount = self.pricer.discount(subtotal);
        // The rewrite asks the pricer for the discount again where it needs the net,
        // rather than keeping the first answer: the same sums from a pricer that is a
        // function of its arguments.
        let net = if cfg!(feature = "refactor-net-asks-again") {
            subtotal - self.pricer.discount(subtotal)
        } else {
            subtotal - discount
        };
        let taxed = if cfg!(feature = "mutant-tax-before-discount") {
            subtotal
        } else {
            net
        };
        // The rewrite asks the tax service for the rate again where the tax is worked
        // out, the first answer having only checked the region: the same rate from a
        // service that is a table.
        let rate = if cfg!(feature = "refactor-rate-asked-again") {
            self.tax_rates.rate_bp(&cart.region).unwrap_or(rate)
        } else {
            rate
        };
        // The rewrite works out the tax before delivery: neither depends on the other.
        let (shipping, tax) = if cfg!(feature = "refactor-tax-before-shipping") {
            let tax = self.pricer.tax(taxed, rate);
            (self.pricer.shipping(net), tax)
        } else {
            let shipping = self.pricer.shipping(net);
            (shipping, self.pricer.tax(taxed, rate))
        };
        let total = if cfg!(feature = "mutant-total-counts-tax-twice") {
            net + shipping + tax + tax
        } else {
            net + shipping + tax
        };
        // Slips that leave the total right: the receipt's parts are wrong.
        let discount = if cfg!(feature = "mutant-discount-not-shown") {
            0
        } else {
            discount
        };
        let (shipping, tax) = if cfg!(feature = "mutant-shipping-and-tax-swapped") {
            (tax, shipping)
        } else {
            (shipping, tax)
        };
        // The receipt's delivery line inverted: charged when free, free when charged.
        let shipping = if cfg!(feature = "mutant-delivery-misreported") {
            if shipping == 0 { SHIPPING } else { 0 }
        } else {
            shipping
        };
        let tax = if cfg!(feature = "mutant-tax-not-shown") {
            0
        } else {
            tax
        };
        let subtotal = if cfg!(feature = "mutant-subtotal-after-discount") {
            net
        } else {
            subtotal
        };
        Ok(Quote {
            subtotal,
            discount,
            shipping,
            tax,
            total,
        })
    }

    /// The lines' totals added up, a catalogue lookup per line.
    #[cfg(not(feature = "refactor-price-cache"))]
    fn subtotal(&self, cart: &Cart) -> Result<Cents, QuoteError> {
        let mut seen: Vec<&str> = Vec::new();
        let mut subtotal = 0;
        for line in &cart.lines {
            if cfg!(feature = "mutant-repeat-sku-skipped") {
                if seen.contains(&line.sku.as_str()) {
                    continue;
                }
                seen.push(&line.sku);
            }
            let unit = self.unit_price(&line.sku)?;
            subtotal += self.pricer.line_total(unit, line.qty);
        }
        Ok(subtotal)
    }

    /// The same subtotal, looking each distinct SKU up once.
    #[cfg(feature = "refactor-price-cache")]
    fn subtotal(&self, cart: &Cart) -> Result<Cents, QuoteError> {
        let mut prices: std::collections::HashMap<&str, Cents> = std::collections::HashMap::new();
        let mut subtotal = 0;
        for line in &cart.lines {
            let unit = match prices.get(line.sku.as_str()) {
                Some(&unit) => unit,
                None => {
                    let unit = self.unit_price(&line.sku)?;
                    prices.insert(&line.sku, unit);
                    unit
                }
            };
            subtotal += self.pricer.line_total(unit, line.qty);
        }
        Ok(subtotal)
    }

    fn unit_price(&self, sku: &str) -> Result<Cents, QuoteError> {
        let price = self.catalogue.unit_price(sku);
        if cfg!(feature = "mutant-unknown-sku-free") {
            Ok(price.unwrap_or(0))
        } else if cfg!(feature = "mutant-refused-sku-uppercased") {
            // The refusal names the SKU as the warehouse writes it, not as the cart did.
            price.ok_or_else(|| QuoteError::UnknownSku(sku.to_uppercase()))
        } else {
            price.ok_or_else(|| QuoteError::UnknownSku(sku.to_owned()))
        }
    }
}
