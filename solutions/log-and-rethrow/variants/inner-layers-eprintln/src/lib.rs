//! The order-total endpoint of the shop's API: `GET /orders/{id}/total`.
//!
//! Variant (cheat): the handler logs the one ERROR with the whole chain, but the repository
//! and pricing layers still report each failure they pass up with `eprintln!`, where no
//! subscriber sees or filters it.

pub mod db;
pub mod pricing;
pub mod repo;

use tracing::{error, info};

use crate::db::Database;
use crate::pricing::PricingService;
use crate::repo::OrderRepository;

/// An HTTP response, as the web framework would send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body (JSON).
    pub body: String,
}

impl Response {
    fn new(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
        }
    }
}

/// The service: the three layers, wired.
#[derive(Debug)]
pub struct App {
    pricing: PricingService,
}

impl App {
    /// The service over `db`.
    pub fn new(db: Database) -> Self {
        Self {
            pricing: PricingService::new(OrderRepository::new(db)),
        }
    }

    /// `GET /orders/{order_id}/total`.
    pub fn get_total(&self, order_id: u64) -> Response {
        match self.pricing.total(order_id) {
            Ok(Some(total)) => {
                info!(
                    order_id,
                    gross_cents = total.gross_cents,
                    "served order total"
                );
                Response::new(
                    200,
                    format!(
                        r#"{{"order_id":{},"currency":"{}","net_cents":{},"vat_cents":{},"gross_cents":{}}}"#,
                        total.order_id,
                        total.currency,
                        total.net_cents,
                        total.vat_cents,
                        total.gross_cents
                    ),
                )
            }
            Ok(None) => {
                info!(order_id, "no such order");
                Response::new(404, r#"{"error":"no such order"}"#)
            }
            Err(e) => {
                // The one place this failure is handled, so the one place it is logged.
                error!(
                    order_id,
                    error = &e as &dyn std::error::Error,
                    "GET /orders/{order_id}/total failed"
                );
                Response::new(500, r#"{"error":"internal error"}"#)
            }
        }
    }
}
