//! The order-total endpoint of the shop's API: `GET /orders/{id}/total`.
//!
//! Variant (valid): no per-layer error enums: one anyhow-style [`Failure`] (what a layer was
//! doing, and the boxed error below as its source) added with a [`Context`] extension trait;
//! only the handler logs, once, with the whole chain as a typed field.

pub mod db;
pub mod pricing;
pub mod repo;

use tracing::{error, info};

use crate::db::Database;
use crate::pricing::PricingService;
use crate::repo::OrderRepository;

/// What a layer was doing when something below it failed, with that failure as its
/// `source()`: one error type for every layer, each adding its context.
#[derive(Debug)]
pub struct Failure {
    doing: String,
    source: Box<dyn std::error::Error + Send + Sync + 'static>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.doing)
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// Add what the caller was doing to a failed result.
pub trait Context<T> {
    /// The error, wrapped in a [`Failure`] that says what was being done.
    fn context(self, doing: impl FnOnce() -> String) -> Result<T, Failure>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> Context<T> for Result<T, E> {
    fn context(self, doing: impl FnOnce() -> String) -> Result<T, Failure> {
        self.map_err(|source| Failure {
            doing: doing(),
            source: Box::new(source),
        })
    }
}

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
