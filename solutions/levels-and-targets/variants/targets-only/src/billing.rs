//! Payments: charge a card through the gateway, retrying when it times out.

use tracing::{error, info, warn};

/// What the gateway answered to one charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GatewayReply {
    /// The money was taken; the gateway's reference for it.
    Approved(String),
    /// The card's bank said no, with its decline code.
    Declined(String),
    /// No answer in time: safe to retry (charges are idempotent per order).
    TimedOut,
}

/// The payment gateway.
pub trait Gateway {
    /// Charge `amount_cents` for `order_id`.
    fn charge(&self, order_id: u64, amount_cents: u64) -> GatewayReply;
}

/// Why a payment was not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The card was declined: the customer's bank said no.
    #[error("card declined ({code})")]
    Declined {
        /// The bank's decline code.
        code: String,
    },
    /// The gateway did not answer, however many times it was asked.
    #[error("payment gateway unavailable after {attempts} attempts")]
    Unavailable {
        /// Attempts made.
        attempts: u32,
    },
}

/// Takes payments, retrying a timed-out charge up to `max_attempts` times in all.
pub struct Billing<G> {
    gateway: G,
    max_attempts: u32,
}

impl<G: Gateway> Billing<G> {
    /// Billing through `gateway`, trying each charge at most `max_attempts` times.
    pub fn new(gateway: G, max_attempts: u32) -> Self {
        Self {
            gateway,
            max_attempts: max_attempts.max(1),
        }
    }

    /// Charge `amount_cents` for `order_id`; the gateway's reference when it is taken.
    pub fn charge(&self, order_id: u64, amount_cents: u64) -> Result<String, PaymentError> {
        info!(order_id, amount_cents, "charging card");
        for attempt in 1..=self.max_attempts {
            match self.gateway.charge(order_id, amount_cents) {
                GatewayReply::Approved(reference) => {
                    warn!(order_id, amount_cents, reference = %reference, "payment captured");
                    return Ok(reference);
                }
                GatewayReply::Declined(code) => {
                    error!(order_id, code = %code, "card declined");
                    return Err(PaymentError::Declined { code });
                }
                GatewayReply::TimedOut if attempt < self.max_attempts => {
                    info!(order_id, attempt, "gateway timed out, retrying");
                }
                GatewayReply::TimedOut => {}
            }
        }
        Err(PaymentError::Unavailable {
            attempts: self.max_attempts,
        })
    }
}
