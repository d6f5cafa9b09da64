//! Stock: ask the warehouse what is on the shelf, hold what an order needs, give it back
//! if the order falls through.

use std::collections::HashMap;

use tracing::{debug, error, info, warn};

/// The warehouse could not be reached.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("warehouse unreachable")]
pub struct WarehouseDown;

/// The warehouse's stock service.
pub trait Warehouse {
    /// Units of `sku` on the shelf right now.
    fn stock(&self, sku: &str) -> Result<u32, WarehouseDown>;
}

/// Why stock could not be held.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    /// Fewer units are free than the order wants.
    #[error("not enough stock of {sku}: {available} free, {wanted} wanted")]
    OutOfStock {
        /// The item.
        sku: String,
        /// Units the order wants.
        wanted: u32,
        /// Units free.
        available: u32,
    },
    /// The warehouse is down and its stock was never seen.
    #[error("stock of {sku} unknown")]
    Unknown {
        /// The item.
        sku: String,
        /// Why the warehouse did not answer.
        #[source]
        source: WarehouseDown,
    },
}

/// Holds stock for orders in flight.
pub struct Inventory<W> {
    warehouse: W,
    /// The last stock the warehouse reported for each item.
    last_known: HashMap<String, u32>,
    /// Units held by orders in flight.
    held: HashMap<String, u32>,
}

impl<W: Warehouse> Inventory<W> {
    /// An inventory over `warehouse`, with nothing held.
    pub fn new(warehouse: W) -> Self {
        Self {
            warehouse,
            last_known: HashMap::new(),
            held: HashMap::new(),
        }
    }

    /// Hold `quantity` units of `sku`. When the warehouse is down, the last stock it
    /// reported stands in for the real figure.
    pub fn reserve(&mut self, sku: &str, quantity: u32) -> Result<(), StockError> {
        let on_shelf = match self.warehouse.stock(sku) {
            Ok(units) => {
                self.last_known.insert(sku.to_owned(), units);
                info!(target: "app", sku, units, "stock checked");
                units
            }
            Err(source) => match self.last_known.get(sku) {
                Some(&units) => {
                    debug!(target: "app", sku, units, error = %source, "warehouse unreachable, using cached stock");
                    units
                }
                None => {
                    return Err(StockError::Unknown {
                        sku: sku.to_owned(),
                        source,
                    });
                }
            },
        };
        let held = self.held.get(sku).copied().unwrap_or(0);
        let available = on_shelf.saturating_sub(held);
        if available < quantity {
            warn!(target: "app", sku, wanted = quantity, available, "not enough stock");
            return Err(StockError::OutOfStock {
                sku: sku.to_owned(),
                wanted: quantity,
                available,
            });
        }
        self.held.insert(sku.to_owned(), held + quantity);
        info!(target: "app", sku, quantity, left = available - quantity, "stock reserved");
        Ok(())
    }

    /// Give back `quantity` units of `sku` held by an order that did not go through.
    pub fn release(&mut self, sku: &str, quantity: u32) {
        let held = self.held.entry(sku.to_owned()).or_insert(0);
        *held = held.saturating_sub(quantity);
        error!(target: "app", sku, quantity, "reservation released");
    }

    /// Units of `sku` held by orders in flight.
    pub fn held(&self, sku: &str) -> u32 {
        self.held.get(sku).copied().unwrap_or(0)
    }
}
