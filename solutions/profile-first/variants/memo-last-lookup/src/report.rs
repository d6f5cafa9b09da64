//! From orders to the sales team's table.

use std::collections::BTreeMap;

use crate::customers::{CustomerDirectory, Region, Tier};
use crate::orders::{Order, ParseError, parse_orders};

/// One order, as the report counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The order's number.
    pub order: u64,
    pub region: Region,
    pub tier: Tier,
    /// What the customer paid, in cents: the list price less the tier's discount,
    /// rounded down.
    pub revenue_cents: u64,
}

/// The totals of one region and tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub orders: u64,
    pub revenue_cents: u64,
}

/// The night's report: totals per region and tier, in that order. An order whose
/// customer the directory does not know counts under `Region::Unknown` and
/// `Tier::Standard`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub segments: BTreeMap<(Region, Tier), Totals>,
}

/// Each order with its customer's region and tier, in order.
#[inline(never)]
pub fn enrich<K: Eq + Ord + std::hash::Hash + Clone>(
    orders: &[Order<K>],
    directory: &CustomerDirectory<K>,
) -> Vec<Line> {
    orders
        .iter()
        .map(|order| {
            let (region, tier) = match directory.get(&order.customer) {
                Some(customer) => (customer.region, customer.tier),
                None => (Region::Unknown, Tier::Standard),
            };
            let revenue_cents = order.list_cents() * (100 - tier.discount_percent()) / 100;
            Line {
                order: order.id,
                region,
                tier,
                revenue_cents,
            }
        })
        .collect()
}

/// The totals per region and tier.
#[inline(never)]
pub fn summarise(lines: &[Line]) -> Report {
    let mut report = Report::default();
    for line in lines {
        let totals = report.segments.entry((line.region, line.tier)).or_default();
        totals.orders += 1;
        totals.revenue_cents += line.revenue_cents;
    }
    report
}

/// The whole nightly job: parse the export, enrich every order, total.
#[inline(never)]
pub fn nightly_report(
    export: &str,
    directory: &CustomerDirectory<String>,
) -> Result<Report, ParseError> {
    let orders = parse_orders(export)?;
    Ok(summarise(&enrich(&orders, directory)))
}
