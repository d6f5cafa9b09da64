//! The payment step of the shop's checkout: charge each order against a per-order limit,
//! hand back a receipt or a decline, and close the batch with a summary.
//!
//! Variant (valid): the reference, plus a TRACE event inside the order's span when the
//! limit is checked: a detail below INFO that no dashboard at INFO ever receives.

use std::time::{SystemTime, UNIX_EPOCH};

use tracing::{info, info_span, trace, warn};

/// An order waiting to be paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: u64,
    pub customer_id: u64,
    pub amount_cents: i64,
    /// ISO 4217 code: `EUR`, `USD`, `GBP`.
    pub currency: &'static str,
}

/// Proof of a captured payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub order_id: u64,
    pub captured_cents: i64,
    /// When the payment was captured, in milliseconds since the Unix epoch.
    pub settled_at_ms: u64,
}

/// Why an order was not charged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Declined {
    #[error("order {order_id}: {amount_cents} cents is over the {limit_cents} cents limit")]
    OverLimit {
        order_id: u64,
        amount_cents: i64,
        limit_cents: i64,
    },
}

/// What a closed batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub paid: u64,
    pub declined: u64,
    pub captured_cents: i64,
}

/// Charges orders one at a time and keeps the running totals of the batch.
pub struct Checkout {
    limit_cents: i64,
    batch: BatchSummary,
}

impl Checkout {
    /// A checkout that declines any single order above `limit_cents`.
    pub fn new(limit_cents: i64) -> Self {
        Checkout {
            limit_cents,
            batch: BatchSummary::default(),
        }
    }

    /// Charge one order.
    pub fn settle(&mut self, order: &Order) -> Result<Receipt, Declined> {
        // The order's identity goes on every event of this call through the span; each
        // event adds only what is its own.
        let span = info_span!(
            "settle",
            order_id = order.id,
            customer_id = order.customer_id,
            amount_cents = order.amount_cents,
            currency = order.currency,
        );
        let _entered = span.enter();
        info!("charging order");
        trace!(limit_cents = self.limit_cents, "checking the limit");
        if order.amount_cents > self.limit_cents {
            self.batch.declined += 1;
            warn!(
                limit_cents = self.limit_cents,
                "order declined: over the limit"
            );
            return Err(Declined::OverLimit {
                order_id: order.id,
                amount_cents: order.amount_cents,
                limit_cents: self.limit_cents,
            });
        }
        let settled_at_ms = now_ms();
        self.batch.paid += 1;
        self.batch.captured_cents += order.amount_cents;
        info!(settled_at_ms, "order paid");
        Ok(Receipt {
            order_id: order.id,
            captured_cents: order.amount_cents,
            settled_at_ms,
        })
    }

    /// End the batch: log its summary and start the next one from zero.
    pub fn close_batch(&mut self) -> BatchSummary {
        let summary = std::mem::take(&mut self.batch);
        info!(
            paid = summary.paid,
            declined = summary.declined,
            captured_cents = summary.captured_cents,
            "batch closed"
        );
        summary
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
