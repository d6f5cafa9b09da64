//! The pricing layer: an order's total, VAT included.

use crate::repo::{OrderRepository, RepoError};

/// What an order costs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Total {
    /// The order priced.
    pub order_id: u64,
    /// Currency of the amounts.
    pub currency: String,
    /// Sum of the lines, before VAT, in cents.
    pub net_cents: i64,
    /// VAT on the net amount, rounded to the nearest cent.
    pub vat_cents: i64,
    /// What the customer pays.
    pub gross_cents: i64,
}

/// A VAT rate could not be found.
#[derive(Debug, thiserror::Error)]
pub enum TaxError {
    /// The region is not in the VAT table.
    #[error("no VAT rate for region {0}")]
    UnknownRegion(String),
}

/// Why an order could not be priced.
#[derive(Debug, thiserror::Error)]
pub enum PricingError {
    /// The order could not be loaded.
    #[error("pricing order {order_id}")]
    Load {
        /// The order.
        order_id: u64,
        /// Why it could not be loaded.
        #[source]
        source: RepoError,
    },
    /// The order's VAT could not be worked out.
    #[error("pricing order {order_id}")]
    Tax {
        /// The order.
        order_id: u64,
        /// Why the rate is unknown.
        #[source]
        source: TaxError,
    },
}

/// VAT in percent for a region.
pub fn vat_percent(region: &str) -> Result<i64, TaxError> {
    match region {
        "DE" => Ok(19),
        "FR" => Ok(20),
        "NL" => Ok(21),
        other => Err(TaxError::UnknownRegion(other.to_owned())),
    }
}

/// Prices orders.
#[derive(Debug)]
pub struct PricingService {
    repo: OrderRepository,
}

impl PricingService {
    /// A pricing service reading orders from `repo`.
    pub fn new(repo: OrderRepository) -> Self {
        Self { repo }
    }

    /// The total of order `order_id`, `None` if there is no such order.
    pub fn total(&self, order_id: u64) -> Result<Option<Total>, PricingError> {
        let Some(order) = self.repo.load(order_id).map_err(|source| {
            eprintln!("pricing order {order_id} failed: {source}");
            PricingError::Load { order_id, source }
        })?
        else {
            return Ok(None);
        };
        let percent = vat_percent(&order.region).map_err(|source| {
            eprintln!("pricing order {order_id} failed: {source}");
            PricingError::Tax { order_id, source }
        })?;
        let net_cents: i64 = order
            .lines
            .iter()
            .map(|&(quantity, unit_cents)| i64::from(quantity) * unit_cents)
            .sum();
        let vat_cents = (net_cents * percent + 50) / 100;
        Ok(Some(Total {
            order_id,
            currency: order.currency,
            net_cents,
            vat_cents,
            gross_cents: net_cents + vat_cents,
        }))
    }
}
