//! The workload `cargo kata profile quadratic-dedupe` samples: one night's import, a batch
//! of ids with repeats and a list of payments to match. Run it yourself with
//! `cargo bench -p quadratic-dedupe --bench profile`; the flame graph and the table of
//! the hottest functions land in `target/kata-profile/`.

use std::hint::black_box;

use quadratic_dedupe::{Invoice, Payment, dedupe, match_payments};

fn main() {
    let ids: Vec<u64> = (0..6_000u64).map(|i| i * 7_919 % 4_001).collect();
    let invoices: Vec<Invoice<String>> = (0..3_000u64)
        .map(|id| Invoice {
            id,
            reference: format!("INV-{:05}", id * 13 % 3_001),
        })
        .collect();
    let payments: Vec<Payment<String>> = (0..3_000u64)
        .map(|id| Payment {
            id,
            reference: format!("INV-{:05}", id * 17 % 3_500),
        })
        .collect();
    kata_profile::run("quadratic-dedupe", || {
        black_box(dedupe(black_box(&ids)));
        black_box(match_payments(black_box(&invoices), black_box(&payments)));
    });
}
