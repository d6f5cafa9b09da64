//! Clean up a nightly import batch.
//!
//! A variant: both steps remember positions instead of values (the first position of each
//! item, the index of the first invoice with each reference).

use std::collections::HashMap;
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
    let mut first: HashMap<&T, usize> = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        first.entry(item).or_insert(position);
    }
    let mut positions: Vec<usize> = first.into_values().collect();
    positions.sort_unstable();
    positions.into_iter().map(|p| items[p].clone()).collect()
}

/// Pairs `(payment id, invoice id)` for each payment whose reference matches an invoice,
/// in payment order. When two invoices share a reference, the first one listed wins.
/// Payments that match no invoice are left out.
pub fn match_payments<R: Eq + Hash>(
    invoices: &[Invoice<R>],
    payments: &[Payment<R>],
) -> Vec<(u64, u64)> {
    let mut first: HashMap<&R, usize> = HashMap::with_capacity(invoices.len());
    for (index, invoice) in invoices.iter().enumerate() {
        first.entry(&invoice.reference).or_insert(index);
    }
    payments
        .iter()
        .filter_map(|p| first.get(&p.reference).map(|&i| (p.id, invoices[i].id)))
        .collect()
}
