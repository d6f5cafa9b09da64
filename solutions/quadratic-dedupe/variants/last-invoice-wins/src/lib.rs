//! Clean up a nightly import batch.
//!
//! Reference solution: both steps remember what they have seen in a hash table, so each
//! item costs one hash and (on a hit) one comparison instead of a scan. See NOTES.md.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// An invoice waiting to be paid. `reference` is printed on the invoice and quoted by the
/// customer when paying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice<R> {
    pub id: u64,
    pub reference: R,
}

/// A payment received, quoting an invoice reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment<R> {
    pub id: u64,
    pub reference: R,
}

/// The items with repeats removed: the first occurrence of each is kept, in input order.
pub fn dedupe<T: Eq + Hash + Clone>(items: &[T]) -> Vec<T> {
    // Borrow into the set: no clone for an item already seen.
    let mut seen = HashSet::with_capacity(items.len());
    items
        .iter()
        .filter(|item| seen.insert(*item))
        .cloned()
        .collect()
}

/// Pairs `(payment id, invoice id)` for each payment whose reference matches an invoice,
/// in payment order. When two invoices share a reference, the first one listed wins.
/// Payments that match no invoice are left out.
pub fn match_payments<R: Eq + Hash>(
    invoices: &[Invoice<R>],
    payments: &[Payment<R>],
) -> Vec<(u64, u64)> {
    let mut by_reference: HashMap<&R, u64> = HashMap::with_capacity(invoices.len());
    for invoice in invoices {
        by_reference.insert(&invoice.reference, invoice.id);
    }
    payments
        .iter()
        .filter_map(|payment| {
            by_reference
                .get(&payment.reference)
                .map(|&invoice| (payment.id, invoice))
        })
        .collect()
}
