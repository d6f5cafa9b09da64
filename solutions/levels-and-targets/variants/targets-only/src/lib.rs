//! The shop's order service: price a basket, hold the stock, take the payment.
//!
//! Three modules, three teams: [`checkout`] runs an order from start to end, [`inventory`]
//! holds stock at the warehouse, [`billing`] charges the card through the payment gateway.
//! The warehouse and the gateway are seams ([`Warehouse`], [`Gateway`]): production plugs
//! in the real services, the tests plug in scripted ones.
//!
//! Variant (partial): the shipped levels, with `target: "app"` removed.

pub mod billing;
pub mod checkout;
pub mod inventory;

pub use billing::{Billing, Gateway, GatewayReply, PaymentError};
pub use checkout::{Checkout, Order, OrderError, Placed};
pub use inventory::{Inventory, StockError, Warehouse, WarehouseDown};
