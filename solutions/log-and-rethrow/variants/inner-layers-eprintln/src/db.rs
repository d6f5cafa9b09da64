//! The orders database, as the rest of the service sees it: a table of order rows, read
//! one at a time. (An in-memory stand-in; a test can make the connection drop on chosen
//! rows.)

use std::collections::{HashMap, HashSet};
use std::io;

/// One order as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    /// The order's id.
    pub id: u64,
    /// Where the order ships to, as an ISO country code: it decides the VAT rate.
    pub region: String,
    /// ISO currency code of the prices.
    pub currency: String,
    /// `(quantity, unit price in cents)` for each line.
    pub lines: Vec<(u32, i64)>,
}

/// The orders table.
#[derive(Debug, Default)]
pub struct Database {
    rows: HashMap<u64, OrderRow>,
    flaky: HashSet<u64>,
}

impl Database {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Store `row`, replacing any row with its id.
    pub fn insert(&mut self, row: OrderRow) {
        self.rows.insert(row.id, row);
    }

    /// From now on, reading order `order_id` fails as if the connection dropped.
    pub fn drop_connection_on(&mut self, order_id: u64) {
        self.flaky.insert(order_id);
    }

    /// The row of `order_id`, `None` if there is none.
    pub fn fetch(&self, order_id: u64) -> io::Result<Option<OrderRow>> {
        if self.flaky.contains(&order_id) {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "connection reset by peer",
            ));
        }
        Ok(self.rows.get(&order_id).cloned())
    }
}
