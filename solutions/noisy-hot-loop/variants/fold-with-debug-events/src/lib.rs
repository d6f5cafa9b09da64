//! Settle the day's card transactions.
//!
//! Variant (valid): a fold over the batch with one DEBUG event of typed fields per
//! transaction, and two INFO events per run: how many it is settling, then the totals.

use tracing::{debug, info};

/// One card transaction. A negative amount is a refund.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// The processor's id for it.
    pub id: u64,
    /// The merchant it was taken for.
    pub merchant: u32,
    /// The amount in cents; negative for a refund.
    pub amount_cents: i64,
}

/// The day's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settlement {
    /// Transactions settled, refunds included.
    pub transactions: u64,
    /// How many of them were refunds.
    pub refunds: u64,
    /// Sum of the sales, in cents.
    pub sales_cents: i64,
    /// Sum of the refunds, in cents (a positive number).
    pub refunded_cents: i64,
    /// What the processor owes: sales less refunds.
    pub net_cents: i64,
}

/// Total a day's transactions.
pub fn settle(batch: &[Transaction]) -> Settlement {
    info!(transactions = batch.len(), "settling");
    let mut settlement = batch.iter().fold(Settlement::default(), |mut s, tx| {
        debug!(
            transaction_id = tx.id,
            amount_cents = tx.amount_cents,
            "settled"
        );
        s.transactions += 1;
        if tx.amount_cents < 0 {
            s.refunds += 1;
            s.refunded_cents -= tx.amount_cents;
        } else {
            s.sales_cents += tx.amount_cents;
        }
        s
    });
    settlement.net_cents = settlement.sales_cents - settlement.refunded_cents;
    info!(
        transactions = settlement.transactions,
        refunds = settlement.refunds,
        sales_cents = settlement.sales_cents,
        refunded_cents = settlement.refunded_cents,
        net_cents = settlement.net_cents,
        "settlement done"
    );
    settlement
}
