//! The shop's order service: price a basket, hold the stock, take the payment.
//!
//! Three modules, three teams: [`checkout`] runs an order from start to end, [`inventory`]
//! holds stock at the warehouse, [`billing`] charges the card through the payment gateway.
//! The warehouse and the gateway are seams ([`Warehouse`], [`Gateway`]): production plugs
//! in the real services, the tests plug in scripted ones.
//!
//! Logging follows two rules, so that a `RUST_LOG` directive selects what its reader needs:
//!
//! - **Levels by meaning.** ERROR: we failed a customer and someone must look. WARN: trouble
//!   we handled, which would hurt if it went on. INFO: what support follows for an order
//!   (its outcome, money taken). DEBUG: everything else a module's maintainers want when
//!   they debug it.
//! - **Targets are module paths.** No event names its own target: each takes its module's
//!   path (`levels_and_targets::billing`), so `levels_and_targets::billing=debug` turns
//!   billing up and nothing else.
//!
//! Variant (cheat): targets and the loud events fixed, and every detail event deleted, so
//! `info` is quiet because there is nothing left to debug with.

pub mod billing;
pub mod checkout;
pub mod inventory;

pub use billing::{Billing, Gateway, GatewayReply, PaymentError};
pub use checkout::{Checkout, Order, OrderError, Placed};
pub use inventory::{Inventory, StockError, Warehouse, WarehouseDown};
