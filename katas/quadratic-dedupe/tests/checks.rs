//! The grader's checks for `quadratic-dedupe`. Protected: fix `src/`, not these.
//!
//! Cost is measured as operations (comparisons, hashes, clones) counted on the elements,
//! over a doubling series of input sizes: a count does not depend on how busy the machine
//! is, so the verdict is the same on every run.

use std::collections::{HashMap, HashSet};

use kata_toolkit::complexity::{Counted, OpCounter, fit_series, unround_doubling};
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::proptest_config;
use proptest::prelude::*;
use quadratic_dedupe::{Invoice, Payment, dedupe, match_payments};
use rstest::rstest;

/// The bar: O(n log n) fits near 1.1 over these sizes, O(n²) near 2.0.
const MAX_EXPONENT: f64 = 1.3;
/// Stop a series once one size costs more than this: quadratic code is caught early.
const OP_BUDGET: u64 = 20_000_000;

/// About 512 to 524,288, never round: code cannot tell these from real batches.
fn sizes() -> Vec<u64> {
    unround_doubling(512, 524_288)
}

/// Item `i` of a batch with `half` distinct ids, each id twice, scattered: `i` times a
/// prime that does not divide `half`, modulo `half`, visits every id.
fn scattered(i: u64, half: u64) -> u64 {
    let prime = if half.is_multiple_of(7_919) {
        7_907
    } else {
        7_919
    };
    (i * prime) % half
}

/// A plain model of each function, for the properties to compare against.
fn dedupe_model(items: &[u16]) -> Vec<u16> {
    let mut seen = HashSet::new();
    items.iter().copied().filter(|x| seen.insert(*x)).collect()
}

fn match_model(invoices: &[Invoice<u16>], payments: &[Payment<u16>]) -> Vec<(u64, u64)> {
    let mut first: HashMap<u16, u64> = HashMap::new();
    for inv in invoices {
        first.entry(inv.reference).or_insert(inv.id);
    }
    payments
        .iter()
        .filter_map(|p| first.get(&p.reference).map(|&inv| (p.id, inv)))
        .collect()
}

mod dedupe_behaviour {
    use super::*;

    #[rstest]
    #[case::empty(&[], &[])]
    #[case::no_repeats(&[3, 1, 2], &[3, 1, 2])]
    #[case::keeps_first_occurrence(&[2, 1, 2, 3, 1], &[2, 1, 3])]
    #[case::all_the_same(&[7, 7, 7, 7], &[7])]
    fn keeps_first_occurrences_in_order(#[case] input: &[u32], #[case] expected: &[u32]) {
        let _attest = kata_attest::attest();
        assert_eq!(dedupe(input), expected);
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        proptest!(proptest_config(256), |(items in prop::collection::vec(0u16..64, 0..200))| {
            prop_assert_eq!(dedupe(&items), dedupe_model(&items));
        });
    }
}

mod dedupe_scaling {
    use super::*;

    #[test]
    fn grows_slower_than_quadratic() {
        let _attest = kata_attest::attest();
        let ops = OpCounter::leak();
        let fit = fit_series(&sizes(), OP_BUDGET, |n| {
            // Half the ids repeat, scattered through the batch.
            let half = n / 2;
            let ids: Vec<Counted<u64>> = (0..n)
                .map(|i| Counted::new(scattered(i, half), ops))
                .collect();
            let before = ops.get();
            let unique = dedupe(&ids);
            assert_eq!(unique.len() as u64, half);
            ops.get() - before
        })
        .expect("a fit of the dedupe's cost");
        check(
            Figure::at_most(
                "fitted exponent of element operations",
                fit.exponent,
                MAX_EXPONENT,
                "",
            ),
            &format!("the dedupe's work grows like n^{:.1} ({fit})", fit.exponent),
        );
    }
}

mod matching_behaviour {
    use super::*;

    #[rstest]
    #[case::none_match(&[(1, 10)], &[(100, 11)], &[])]
    #[case::in_payment_order(&[(1, 10), (2, 20)], &[(100, 20), (101, 10)], &[(100, 2), (101, 1)])]
    #[case::first_invoice_wins(&[(1, 10), (2, 10)], &[(100, 10)], &[(100, 1)])]
    #[case::one_invoice_many_payments(&[(1, 10)], &[(100, 10), (101, 10)], &[(100, 1), (101, 1)])]
    fn pairs_payments_with_invoices(
        #[case] invoices: &[(u64, u16)],
        #[case] payments: &[(u64, u16)],
        #[case] expected: &[(u64, u64)],
    ) {
        let _attest = kata_attest::attest();
        let invoices: Vec<_> = invoices
            .iter()
            .map(|&(id, reference)| Invoice { id, reference })
            .collect();
        let payments: Vec<_> = payments
            .iter()
            .map(|&(id, reference)| Payment { id, reference })
            .collect();
        assert_eq!(match_payments(&invoices, &payments), expected);
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        proptest!(proptest_config(256), |(invoice_refs in prop::collection::vec(0u16..50, 0..100), payment_refs in prop::collection::vec(0u16..60, 0..100))| {
            let invoices: Vec<_> = invoice_refs.iter().enumerate()
                .map(|(i, &reference)| Invoice { id: i as u64, reference }).collect();
            let payments: Vec<_> = payment_refs.iter().enumerate()
                .map(|(i, &reference)| Payment { id: 1_000 + i as u64, reference }).collect();
            prop_assert_eq!(match_payments(&invoices, &payments), match_model(&invoices, &payments));
        });
    }
}

mod matching_scaling {
    use super::*;

    #[test]
    fn grows_slower_than_quadratic() {
        let _attest = kata_attest::attest();
        let ops = OpCounter::leak();
        let fit = fit_series(&sizes(), OP_BUDGET, |n| {
            let invoices: Vec<_> = (0..n)
                .map(|i| Invoice {
                    id: i,
                    reference: Counted::new(i * 3, ops),
                })
                .collect();
            // Two payments in three settle an invoice; the rest quote unknown references.
            let payments: Vec<_> = (0..n)
                .map(|i| Payment {
                    id: n + i,
                    reference: Counted::new(((i * 7_919) % n) * 3 + u64::from(i % 3 == 0), ops),
                })
                .collect();
            let before = ops.get();
            let matched = match_payments(&invoices, &payments);
            assert_eq!(matched.len() as u64, n - n.div_ceil(3));
            ops.get() - before
        })
        .expect("a fit of the matching's cost");
        check(
            Figure::at_most(
                "fitted exponent of element operations",
                fit.exponent,
                MAX_EXPONENT,
                "",
            ),
            &format!(
                "the matching's work grows like n^{:.1} ({fit})",
                fit.exponent
            ),
        );
    }
}
