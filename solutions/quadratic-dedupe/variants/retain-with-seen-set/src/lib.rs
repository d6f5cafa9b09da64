//! Clean up a nightly import batch.
//!
//! The import receives customer ids with many repeats, and a list of payments that must be
//! matched to the invoices they settle. Both steps were written for a few hundred rows; the
//! batch now has a few hundred thousand, and the nightly job no longer fits its window.

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
    let mut seen = std::collections::HashSet::new();
    let mut unique = items.to_vec();
    unique.retain(|item| seen.insert(item.clone()));
    unique
}

/// Pairs `(payment id, invoice id)` for each payment whose reference matches an invoice,
/// in payment order. When two invoices share a reference, the first one listed wins.
/// Payments that match no invoice are left out.
pub fn match_payments<R: Eq + Hash>(
    invoices: &[Invoice<R>],
    payments: &[Payment<R>],
) -> Vec<(u64, u64)> {
    // Walked from the last invoice to the first, so `insert` leaves the first one listed.
    let mut first = std::collections::HashMap::new();
    for invoice in invoices.iter().rev() {
        first.insert(&invoice.reference, invoice.id);
    }
    payments
        .iter()
        .filter_map(|p| first.get(&p.reference).map(|&invoice| (p.id, invoice)))
        .collect()
}
