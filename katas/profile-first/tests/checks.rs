//! The grader's checks for `profile-first`. Protected: fix `src/`, not these.
//!
//! The cost of the lookup is counted, not timed: the scaling check enriches orders whose
//! customer references are `kata_toolkit::complexity::Counted` values, which count every
//! comparison, ordering, hash and clone made on them, over a doubling series of sizes.
//! The count depends only on the code, so the verdict is the same on every run and every
//! machine.

use std::collections::{BTreeMap, HashMap};

use kata_toolkit::complexity::{Counted, OpCounter, fit_series, unround_doubling};
use kata_toolkit::figure::{Figure, check, thousands};
use kata_toolkit::fixtures::proptest_config;
use profile_first::{
    Customer, CustomerDirectory, Line, Order, ParseError, Region, Report, Tier, Totals, enrich,
    nightly_report, parse_orders, summarise,
};
use proptest::prelude::*;
use rstest::rstest;

const REGIONS: [Region; 4] = [Region::North, Region::South, Region::East, Region::West];
const TIERS: [Tier; 3] = [Tier::Standard, Tier::Gold, Tier::Platinum];

const HEADER: &str = "order_id,customer,sku,quantity,unit_price";

fn order(
    id: u64,
    customer: &str,
    sku: &str,
    quantity: u32,
    unit_price_cents: u64,
) -> Order<String> {
    Order {
        id,
        customer: customer.to_owned(),
        sku: sku.to_owned(),
        quantity,
        unit_price_cents,
    }
}

fn customer(id: &str, region: Region, tier: Tier) -> Customer<String> {
    Customer {
        id: id.to_owned(),
        region,
        tier,
    }
}

mod parse {
    use super::*;

    #[test]
    fn reads_every_field() {
        let _attest = kata_attest::attest();
        let export = format!(
            "{HEADER}\n\
             1001,C-0001,SKU-1,2,12.50\n\
             \n\
             1002 , c-0002 ,  SKU-2 , 1 , 7\n\
             1003,C-0001,SKU-3,10,0.5\n"
        );
        assert_eq!(
            parse_orders(&export),
            Ok(vec![
                order(1001, "C-0001", "SKU-1", 2, 1_250),
                order(1002, "C-0002", "SKU-2", 1, 700),
                order(1003, "C-0001", "SKU-3", 10, 50),
            ])
        );
    }

    #[test]
    fn an_export_of_only_the_header_has_no_orders() {
        let _attest = kata_attest::attest();
        assert_eq!(parse_orders(&format!("{HEADER}\n")), Ok(vec![]));
        assert_eq!(parse_orders(HEADER), Ok(vec![]));
    }

    #[rstest]
    #[case::no_header("1001,C-0001,SKU-1,2,12.50", 1)]
    #[case::missing_field("1001,C-0001,SKU-1,2", 2)]
    #[case::extra_field("1001,C-0001,SKU-1,2,12.50,x", 2)]
    #[case::bad_id("10O1,C-0001,SKU-1,2,12.50", 2)]
    #[case::no_customer("1001,,SKU-1,2,12.50", 2)]
    #[case::bad_quantity("1001,C-0001,SKU-1,-2,12.50", 2)]
    #[case::three_decimals("1001,C-0001,SKU-1,2,12.505", 2)]
    #[case::no_units("1001,C-0001,SKU-1,2,.50", 2)]
    #[case::dot_without_cents("1001,C-0001,SKU-1,2,12.", 2)]
    #[case::two_dots("1001,C-0001,SKU-1,2,1.2.3", 2)]
    #[case::signed_price("1001,C-0001,SKU-1,2,+12.50", 2)]
    fn names_the_bad_line(#[case] body: &str, #[case] line: usize) {
        let _attest = kata_attest::attest();
        let export = if line == 1 {
            body.to_owned()
        } else {
            format!("{HEADER}\n{body}\n")
        };
        match parse_orders(&export) {
            Err(ParseError { line: got, .. }) => assert_eq!(got, line, "{body:?}"),
            Ok(orders) => panic!("{body:?} parsed as {orders:?}"),
        }
    }

    #[test]
    fn a_bad_line_after_good_ones_is_named() {
        let _attest = kata_attest::attest();
        let export = format!("{HEADER}\n1,C-1,S,1,1.00\n\n2,C-2,S,1,oops\n");
        assert_eq!(parse_orders(&export).map_err(|e| e.line), Err(4));
    }
}

mod report {
    use super::*;

    fn directory() -> CustomerDirectory<String> {
        CustomerDirectory::new(vec![
            customer("C-0001", Region::North, Tier::Standard),
            customer("C-0002", Region::South, Tier::Gold),
            customer("C-0003", Region::East, Tier::Standard),
            // C-0003 moved west and went platinum: the later record holds.
            customer("C-0003", Region::West, Tier::Platinum),
        ])
    }

    #[test]
    fn totals_per_region_and_tier() {
        let _attest = kata_attest::attest();
        let export = format!(
            "{HEADER}\n\
             1,C-0001,SKU-1,2,10.00\n\
             2,c-0002,SKU-2,1,19.99\n\
             3,C-0003,SKU-3,3,1.01\n\
             4,C-0001,SKU-4,1,0.99\n\
             5,G-7777,SKU-5,4,2.50\n"
        );
        let report = nightly_report(&export, &directory()).expect("a valid export");
        let expected: BTreeMap<(Region, Tier), Totals> = [
            ((Region::North, Tier::Standard), (2, 2_000 + 99)),
            // 5% off 1999 is 1899.05: rounded down.
            ((Region::South, Tier::Gold), (1, 1_899)),
            // 10% off 303 is 272.7: rounded down.
            ((Region::West, Tier::Platinum), (1, 272)),
            ((Region::Unknown, Tier::Standard), (1, 1_000)),
        ]
        .into_iter()
        .map(|(segment, (orders, revenue_cents))| {
            (
                segment,
                Totals {
                    orders,
                    revenue_cents,
                },
            )
        })
        .collect();
        assert_eq!(report.segments, expected);
    }

    #[test]
    fn the_latest_record_of_a_customer_holds() {
        let _attest = kata_attest::attest();
        let directory = directory();
        let got = directory
            .get(&"C-0003".to_owned())
            .map(|c| (c.region, c.tier));
        assert_eq!(got, Some((Region::West, Tier::Platinum)));
        assert_eq!(
            directory
                .get(&"C-0002".to_owned())
                .map(|c| (c.region, c.tier)),
            Some((Region::South, Tier::Gold))
        );
        assert_eq!(directory.get(&"C-9999".to_owned()), None);
        let empty = CustomerDirectory::<String>::new(vec![]);
        assert_eq!(empty.get(&"C-0001".to_owned()), None);
    }

    #[test]
    fn a_bad_export_is_an_error() {
        let _attest = kata_attest::attest();
        let export = format!("{HEADER}\n1,C-0001,SKU-1,2,10.00\n2,C-0002\n");
        assert_eq!(
            nightly_report(&export, &directory()).map_err(|e| e.line),
            Err(3)
        );
    }

    /// Plain model of the enrichment: a map where later records overwrite earlier ones.
    fn model(records: &[(u16, usize, usize)], orders: &[(u16, u32, u64)]) -> Vec<Line> {
        let mut latest = HashMap::new();
        for &(id, region, tier) in records {
            latest.insert(id, (REGIONS[region], TIERS[tier]));
        }
        orders
            .iter()
            .enumerate()
            .map(|(i, &(customer, quantity, price))| {
                let (region, tier) = latest
                    .get(&customer)
                    .copied()
                    .unwrap_or((Region::Unknown, Tier::Standard));
                Line {
                    order: i as u64,
                    region,
                    tier,
                    revenue_cents: price * u64::from(quantity) * (100 - tier.discount_percent())
                        / 100,
                }
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        let records = prop::collection::vec((0u16..40, 0usize..4, 0usize..3), 0..60);
        let orders = prop::collection::vec((0u16..50, 1u32..20, 0u64..100_000), 0..80);
        proptest!(proptest_config(256), |(records in records, orders in orders)| {
            let directory = CustomerDirectory::new(
                records
                    .iter()
                    .map(|&(id, region, tier)| Customer { id, region: REGIONS[region], tier: TIERS[tier] })
                    .collect(),
            );
            let typed: Vec<Order<u16>> = orders
                .iter()
                .enumerate()
                .map(|(i, &(customer, quantity, unit_price_cents))| Order {
                    id: i as u64,
                    customer,
                    sku: format!("SKU-{i}"),
                    quantity,
                    unit_price_cents,
                })
                .collect();
            let lines = enrich(&typed, &directory);
            let expected = model(&records, &orders);
            prop_assert_eq!(&lines, &expected);
            prop_assert_eq!(summarise(&lines), summarise(&expected));
        });
    }

    #[test]
    fn an_empty_night_has_an_empty_report() {
        let _attest = kata_attest::attest();
        let report = nightly_report(HEADER, &directory()).expect("a valid export");
        assert_eq!(report, Report::default());
    }
}

mod lookup_scaling {
    use super::*;

    /// The bar: O(n) fits near 1.0 over these sizes, O(n log n) near 1.1, O(n²) near 2.0.
    const MAX_EXPONENT: f64 = 1.3;
    /// Stop a series once one size costs more than this: a scan per order is caught early.
    const OP_BUDGET: u64 = 20_000_000;

    /// A customer reference the code under test can compare, order, hash and clone, each
    /// counted, and nothing else: no `Debug`, no `Display`, no way to read the number.
    #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
    struct Key(Counted<u64>);

    /// One night at size `n`: `n` orders, `n / 4` customers, and a later record for one
    /// customer in four; one order in sixteen from a customer the directory does not know.
    struct Night {
        records: Vec<Customer<Key>>,
        orders: Vec<Order<Key>>,
        /// Each order's region and tier, from a plain model.
        expected: Vec<(Region, Tier)>,
    }

    impl Night {
        fn new(n: u64, ops: &'static OpCounter) -> Night {
            let customers = n / 4;
            let first = |c: u64| (REGIONS[(c % 4) as usize], TIERS[(c / 4 % 3) as usize]);
            let moved = |c: u64| {
                (
                    REGIONS[((c + 1) % 4) as usize],
                    TIERS[((c / 4 + 1) % 3) as usize],
                )
            };
            let record = |c: u64, (region, tier): (Region, Tier)| Customer {
                id: Key(Counted::new(c, ops)),
                region,
                tier,
            };
            let mut records: Vec<_> = (0..customers).map(|c| record(c, first(c))).collect();
            records.extend((0..customers).step_by(4).map(|c| record(c, moved(c))));
            let prime = if customers.is_multiple_of(7_919) {
                7_907
            } else {
                7_919
            };
            let mut orders = Vec::with_capacity(n as usize);
            let mut expected = Vec::with_capacity(n as usize);
            for i in 0..n {
                let (id, segment) = if i % 16 == 15 {
                    (customers + i, (Region::Unknown, Tier::Standard))
                } else {
                    let c = (i * prime) % customers;
                    (
                        c,
                        if c.is_multiple_of(4) {
                            moved(c)
                        } else {
                            first(c)
                        },
                    )
                };
                orders.push(Order {
                    id: i,
                    customer: Key(Counted::new(id, ops)),
                    sku: String::new(),
                    quantity: 1,
                    unit_price_cents: 1_000,
                });
                expected.push(segment);
            }
            Night {
                records,
                orders,
                expected,
            }
        }
    }

    #[test]
    fn grows_slower_than_quadratic() {
        let _attest = kata_attest::attest();
        let ops = OpCounter::leak();
        // About 512 to 131,072 orders, never round: code cannot tell these from real nights.
        let sizes = unround_doubling(512, 131_072);
        let fit = fit_series(&sizes, OP_BUDGET, |n| {
            let night = Night::new(n, ops);
            let before = ops.get();
            let directory = CustomerDirectory::new(night.records);
            let lines = enrich(&night.orders, &directory);
            let cost = ops.get() - before;
            let got: Vec<(Region, Tier)> = lines.iter().map(|l| (l.region, l.tier)).collect();
            assert!(
                got == night.expected,
                "at {n} orders, the enriched regions and tiers differ from the directory's latest records"
            );
            cost
        })
        .expect("a fit of the lookup's cost");
        let last = fit.points.last().expect("a point");
        check(
            Figure::at_most(
                "fitted exponent of key operations (directory and enrichment)",
                fit.exponent,
                MAX_EXPONENT,
                "",
            ),
            &format!(
                "building the directory and enriching the orders costs {} key operations per order at {} orders, and grows like n^{:.1} ({fit})",
                thousands(last.cost / last.n),
                thousands(last.n),
                fit.exponent
            ),
        );
    }
}
