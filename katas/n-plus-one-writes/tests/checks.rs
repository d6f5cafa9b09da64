//! The grader's checks for `n-plus-one-writes`. Protected: fix `src/`, not these.
//!
//! Two stand-ins for the database. A mockall mock (`MockProductStore`) counts and checks
//! the calls the importer makes. A fake keeps every product it is sent, in order, and
//! pays a 10 ms round trip per call on a `ManualClock`: virtual time, so a thousand round
//! trips cost ten virtual seconds in a few microseconds of real time, the same on every
//! run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kata_toolkit::clock::{Clock, ManualClock};
use kata_toolkit::counters::Counter;
use kata_toolkit::figure::{Figure, Series, check, report_series};
use kata_toolkit::fixtures::proptest_config;
use mockall::Sequence;
use n_plus_one_writes::{
    ImportConfig, Importer, MockProductStore, Product, ProductStore, StoreError,
};
use proptest::prelude::*;
use rstest::rstest;

/// What one call to the store costs, however many products it carries.
const ROUND_TRIP: Duration = Duration::from_millis(10);

fn product(i: usize) -> Product {
    Product {
        sku: format!("SKU-{i:06}"),
        name: format!("Garden hose, {} m", 5 + i % 40),
        price_cents: 499 + (i as u64 * 7_919) % 20_000,
    }
}

fn products(n: usize) -> Vec<Product> {
    (0..n).map(product).collect()
}

fn config(batch_size: usize) -> ImportConfig {
    ImportConfig { batch_size }
}

/// When the fake store refuses a write.
#[derive(Clone, Debug, Default)]
enum Outage {
    #[default]
    Never,
    /// Any call that carries this sku fails, and saves nothing.
    RejectSku(String),
    /// Every call from this one (counted from 1) fails.
    DownFromCall(usize),
}

const REJECT_REASON: &str = "duplicate key value violates unique constraint";

/// A store that keeps what it saves, in order, and pays one round trip per call on a
/// virtual clock. A call is all or nothing, like the real `save_many`.
#[derive(Debug, Default)]
struct FakeStore {
    clock: ManualClock,
    outage: Outage,
    /// Every product saved, in the order saved.
    saved: Vec<Product>,
    /// How many products each call carried, in call order.
    calls: Vec<usize>,
    failed_calls: usize,
    calls_after_a_failure: usize,
}

impl FakeStore {
    fn new() -> Self {
        Self::default()
    }

    fn with_outage(outage: Outage) -> Self {
        Self {
            outage,
            ..Self::default()
        }
    }

    fn write(&mut self, products: &[Product]) -> Result<(), StoreError> {
        self.clock.sleep(ROUND_TRIP);
        if self.failed_calls > 0 {
            self.calls_after_a_failure += 1;
        }
        self.calls.push(products.len());
        let refused = match &self.outage {
            Outage::Never => None,
            Outage::RejectSku(sku) => {
                products
                    .iter()
                    .find(|p| &p.sku == sku)
                    .map(|p| StoreError::Rejected {
                        sku: p.sku.clone(),
                        reason: REJECT_REASON.to_owned(),
                    })
            }
            Outage::DownFromCall(from) => {
                (self.calls.len() >= *from).then_some(StoreError::Unavailable)
            }
        };
        match refused {
            Some(error) => {
                self.failed_calls += 1;
                Err(error)
            }
            None => {
                self.saved.extend_from_slice(products);
                Ok(())
            }
        }
    }
}

impl ProductStore for FakeStore {
    fn save(&mut self, product: &Product) -> Result<(), StoreError> {
        self.write(std::slice::from_ref(product))
    }

    fn save_many(&mut self, products: &[Product]) -> Result<(), StoreError> {
        self.write(products)
    }
}

/// The store holds exactly `expected`, in order; the message names the first difference
/// rather than printing a thousand products.
fn assert_holds(saved: &[Product], expected: &[Product]) {
    if let Some(i) = (0..saved.len().min(expected.len())).find(|&i| saved[i] != expected[i]) {
        panic!(
            "product #{i} in the store is {}, expected {}: products were saved out of order, or more than once",
            saved[i].sku, expected[i].sku
        );
    }
    assert_eq!(
        saved.len(),
        expected.len(),
        "products in the store (the input had {} to save)",
        expected.len()
    );
}

mod batched {
    use super::*;

    #[test]
    fn a_thousand_products_take_ten_round_trips() {
        let _attest = kata_attest::attest();
        let calls = Arc::new(Counter::new());
        let largest = Arc::new(AtomicUsize::new(0));
        let mut store = MockProductStore::new();
        let counted = Arc::clone(&calls);
        store.expect_save().returning(move |_| {
            counted.incr();
            Ok(())
        });
        let (counted, largest_seen) = (Arc::clone(&calls), Arc::clone(&largest));
        store.expect_save_many().returning(move |batch| {
            counted.incr();
            largest_seen.fetch_max(batch.len(), Ordering::Relaxed);
            Ok(())
        });

        let mut importer = Importer::new(store, config(100));
        assert_eq!(
            importer.import(products(1_000)),
            Ok(1_000),
            "products saved"
        );
        check(
            Figure::at_most(
                "store calls for 1,000 products",
                calls.get() as f64,
                10.0,
                "",
            ),
            &format!(
                "every store call is a 10 ms round trip to the database, and importing 1,000 products made {} of them",
                calls.get()
            ),
        );
        let largest = largest.load(Ordering::Relaxed);
        assert!(
            largest <= 100,
            "one store call carried {largest} products, but the import is configured for at most 100 per call"
        );
    }

    #[test]
    fn the_mock_sees_ten_full_batches_in_order() {
        let _attest = kata_attest::attest();
        let mut store = MockProductStore::new();
        store.expect_save().never();
        let mut order = Sequence::new();
        let all = products(1_000);
        for expected in all.chunks(100) {
            let expected = expected.to_vec();
            store
                .expect_save_many()
                .withf(move |batch| batch == expected.as_slice())
                .times(1)
                .in_sequence(&mut order)
                .returning(|_| Ok(()));
        }
        let mut importer = Importer::new(store, config(100));
        assert_eq!(importer.import(all), Ok(1_000), "products saved");
        // The mock checks its expectations (each batch once, in order) when it is dropped.
    }

    #[rstest]
    #[case::batches_of_250(250, 1_001)]
    #[case::batches_of_7(7, 50)]
    #[case::one_batch_holds_all(500, 120)]
    fn the_batch_size_comes_from_the_config(#[case] batch_size: usize, #[case] n: usize) {
        let _attest = kata_attest::attest();
        let mut importer = Importer::new(FakeStore::new(), config(batch_size));
        assert_eq!(importer.import(products(n)), Ok(n), "products saved");
        let store = importer.into_store();
        let wanted = n.div_ceil(batch_size);
        assert_eq!(
            store.calls.len(),
            wanted,
            "store calls for {n} products with batch_size = {batch_size}"
        );
        let largest = store.calls.iter().copied().max().unwrap_or(0);
        assert!(
            largest <= batch_size,
            "one store call carried {largest} products, more than batch_size = {batch_size}"
        );
    }
}

mod latency {
    use super::*;

    #[test]
    fn a_thousand_products_wait_for_ten_round_trips() {
        let _attest = kata_attest::attest();
        // Imports of 250 to 1,000 products, each on a fresh store: the figure is the
        // last, the curve all four (flat steps of one round trip per 100 when batched).
        let points: Vec<(f64, f64)> = [250, 500, 750, 1_000]
            .into_iter()
            .map(|n| {
                let store = FakeStore::new();
                let clock = store.clock.clone();
                let mut importer = Importer::new(store, config(100));
                assert_eq!(importer.import(products(n)), Ok(n), "products saved");
                (n as f64, clock.elapsed().as_secs_f64() * 1_000.0)
            })
            .collect();
        let waited_ms = points.last().map_or(0.0, |&(_, ms)| ms);
        report_series(Series {
            name: "virtual time waiting on the store against products".into(),
            x: "products".into(),
            y: "virtual ms".into(),
            log_log: false,
            points,
            bar: Some(100.0),
        });
        check(
            Figure::at_most(
                "virtual time waiting on the store for 1,000 products",
                waited_ms,
                100.0,
                " ms",
            ),
            &format!(
                "the import waited {:.0} round trips of 10 ms on the store's clock",
                waited_ms / 10.0
            ),
        );
    }
}

mod behaviour {
    use super::*;

    #[rstest]
    #[case::nothing_to_import(0, 100)]
    #[case::one_product(1, 100)]
    #[case::just_under_a_batch(99, 100)]
    #[case::one_full_batch(100, 100)]
    #[case::one_over(101, 100)]
    #[case::a_final_partial_batch(1_001, 100)]
    #[case::small_batches(10, 3)]
    #[case::batch_size_zero_counts_as_one(5, 0)]
    fn saves_every_product_once_in_order(#[case] n: usize, #[case] batch_size: usize) {
        let _attest = kata_attest::attest();
        import_in_batches(n, batch_size);
    }

    /// Import `n` products at `batch_size`: every product saved once, in order, and no
    /// store call empty or larger than the batch size.
    fn import_in_batches(n: usize, batch_size: usize) {
        let input = products(n);
        let mut importer = Importer::new(FakeStore::new(), config(batch_size));
        assert_eq!(importer.import(input.clone()), Ok(n), "products saved");
        let store = importer.into_store();
        assert_holds(&store.saved, &input);
        let limit = batch_size.max(1);
        assert!(
            store.calls.iter().all(|&c| (1..=limit).contains(&c)),
            "every store call carries between 1 and {limit} products; the calls carried {:?}",
            store.calls
        );
    }

    #[test]
    fn takes_products_from_any_iterator() {
        let _attest = kata_attest::attest();
        // A lazy source, as when the catalogue is read from a file line by line.
        let mut importer = Importer::new(FakeStore::new(), config(100));
        assert_eq!(importer.import((0..1_001).map(product)), Ok(1_001));
        assert_holds(&importer.into_store().saved, &products(1_001));
    }

    #[test]
    fn any_size_any_batch() {
        let _attest = kata_attest::attest();
        proptest!(proptest_config(64), |(n in 0usize..600, batch_size in 0usize..150)| {
            // A failed assertion panics; proptest reports it as this case failing.
            import_in_batches(n, batch_size);
        });
    }
}

mod errors {
    use super::*;

    #[rstest]
    #[case::the_first_product(0)]
    #[case::mid_batch(150)]
    #[case::the_last_of_a_full_batch(999)]
    #[case::in_the_final_partial_batch(1_000)]
    fn a_rejected_product_stops_the_import(#[case] bad: usize) {
        let _attest = kata_attest::attest();
        let input = products(1_001);
        let bad_sku = input[bad].sku.clone();
        let store = FakeStore::with_outage(Outage::RejectSku(bad_sku.clone()));
        let mut importer = Importer::new(store, config(100));
        let error = importer
            .import(input.clone())
            .expect_err("the store refused a product, so the import must fail");
        let store = importer.into_store();

        assert_eq!(
            error.saved,
            store.saved.len(),
            "the error's `saved` against the products the store really holds"
        );
        assert_holds(&store.saved, &input[..error.saved]);
        assert_eq!(
            error.source,
            StoreError::Rejected {
                sku: bad_sku,
                reason: REJECT_REASON.to_owned()
            },
            "the store's own error, kept in the import error"
        );
        let cause = std::error::Error::source(&error).and_then(|e| e.downcast_ref::<StoreError>());
        assert_eq!(
            cause,
            Some(&error.source),
            "the store's error is the import error's source, so the cause chain shows it"
        );
        assert!(
            error.to_string().contains(&error.saved.to_string()),
            "the message says how many products were saved: {error}"
        );
        assert_eq!(
            store.calls_after_a_failure, 0,
            "store calls made after the store refused a write"
        );
    }

    #[test]
    fn an_unavailable_store_stops_the_import() {
        let _attest = kata_attest::attest();
        let input = products(1_001);
        let store = FakeStore::with_outage(Outage::DownFromCall(3));
        let mut importer = Importer::new(store, config(100));
        let error = importer
            .import(input.clone())
            .expect_err("the store went down, so the import must fail");
        let store = importer.into_store();
        assert_eq!(error.source, StoreError::Unavailable);
        assert_eq!(
            error.saved,
            store.saved.len(),
            "the error's `saved` against the products the store really holds"
        );
        assert_holds(&store.saved, &input[..error.saved]);
        assert_eq!(
            store.calls_after_a_failure, 0,
            "store calls made after the store refused a write"
        );
    }
}
