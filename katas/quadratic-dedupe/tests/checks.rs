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

/// `items` in an order fixed by `seed` (Fisher–Yates on a xorshift generator): the same on
/// every run, and nothing a dedupe can predict from the batch's size.
fn shuffled(mut items: Vec<u64>, seed: u64) -> Vec<u64> {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
    items
}

/// Where two answers first part, for a failure message.
fn first_difference<T: PartialEq + std::fmt::Debug>(got: &[T], want: &[T]) -> String {
    match got.iter().zip(want).position(|(g, w)| g != w) {
        Some(i) => format!(
            "; first difference at {i}: {:?}, want {:?}",
            got[i], want[i]
        ),
        None => String::new(),
    }
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
            // Every id twice (one thrice in an odd batch), shuffled through the whole batch:
            // where the first occurrences fall is known only by looking.
            let half = n / 2;
            let plain = shuffled((0..n).map(|i| i % half).collect(), n);
            let ids: Vec<Counted<u64>> = plain.iter().map(|&id| Counted::new(id, ops)).collect();
            let before = ops.get();
            let unique = dedupe(&ids);
            let cost = ops.get() - before;
            // The answer itself, not only its length (read without counting).
            let got: Vec<u64> = unique.iter().map(|c| *c.get()).collect();
            let mut seen = HashSet::new();
            let want: Vec<u64> = plain
                .iter()
                .copied()
                .filter(|id| seen.insert(*id))
                .collect();
            assert!(
                got == want,
                "deduping {n} items gave a wrong answer ({} items, {half} wanted{})",
                got.len(),
                first_difference(&got, &want)
            );
            cost
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
            let cost = ops.get() - before;
            // The pairs themselves, not only how many: payment `n + i` settles invoice
            // `(i * 7,919) % n` unless `i` is a multiple of three.
            let want: Vec<(u64, u64)> = (0..n)
                .filter(|i| i % 3 != 0)
                .map(|i| (n + i, (i * 7_919) % n))
                .collect();
            assert!(
                matched == want,
                "matching {n} payments gave wrong pairs ({} pairs, {} wanted{})",
                matched.len(),
                want.len(),
                first_difference(&matched, &want)
            );
            cost
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
