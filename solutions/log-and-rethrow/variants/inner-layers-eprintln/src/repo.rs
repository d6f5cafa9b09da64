//! The repository layer: orders out of the database, as domain values.

use crate::db::{Database, OrderRow};

/// An order, ready to be priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// The order's id.
    pub id: u64,
    /// Where it ships to (decides the VAT rate).
    pub region: String,
    /// Currency of the prices.
    pub currency: String,
    /// `(quantity, unit price in cents)` for each line.
    pub lines: Vec<(u32, i64)>,
}

impl From<OrderRow> for Order {
    fn from(row: OrderRow) -> Self {
        Order {
            id: row.id,
            region: row.region,
            currency: row.currency,
            lines: row.lines,
        }
    }
}

/// Why an order could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The database did not answer.
    #[error("loading order {order_id}")]
    Query {
        /// The order asked for.
        order_id: u64,
        /// What the database said.
        #[source]
        source: std::io::Error,
    },
}

/// Reads orders.
#[derive(Debug)]
pub struct OrderRepository {
    db: Database,
}

impl OrderRepository {
    /// A repository over `db`.
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// The order `order_id`, `None` if there is no such order.
    pub fn load(&self, order_id: u64) -> Result<Option<Order>, RepoError> {
        let row = self.db.fetch(order_id).map_err(|source| {
            eprintln!("loading order {order_id} failed: {source}");
            RepoError::Query { order_id, source }
        })?;
        Ok(row.map(Order::from))
    }
}
