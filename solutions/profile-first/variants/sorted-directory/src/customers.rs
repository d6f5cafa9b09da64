//! The CRM's customer directory.

use std::hash::Hash;

/// Where a customer is served from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Region {
    North,
    South,
    East,
    West,
    /// The order names a customer the directory does not know (a guest checkout, a
    /// customer created after the CRM export).
    Unknown,
}

/// A customer's loyalty tier, which sets their discount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Standard,
    Gold,
    Platinum,
}

impl Tier {
    /// The discount the tier gets, in percent of the list price.
    pub fn discount_percent(self) -> u64 {
        match self {
            Tier::Standard => 0,
            Tier::Gold => 5,
            Tier::Platinum => 10,
        }
    }
}

/// One record of the CRM export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer<K> {
    /// The customer's reference, as orders quote it.
    pub id: K,
    pub region: Region,
    pub tier: Tier,
}

/// The CRM export, as the report job loads it at start-up.
///
/// The CRM never rewrites a record: a customer who moves or changes tier gets a new record
/// appended to the export. The latest record of a customer is the one that holds.
#[derive(Clone, Debug)]
pub struct CustomerDirectory<K> {
    /// Each customer's latest record, sorted by reference: a lookup is a binary search.
    latest: Vec<Customer<K>>,
}

impl<K: Eq + Ord + Hash + Clone> CustomerDirectory<K> {
    /// The directory of `records`, in the export's order (oldest first).
    #[inline(never)]
    pub fn new(records: Vec<Customer<K>>) -> Self {
        let mut latest = records;
        // Stable: within one customer, the records stay in the export's order.
        latest.sort_by(|a, b| a.id.cmp(&b.id));
        // Of each run of one customer's records, keep the last.
        latest.reverse();
        latest.dedup_by(|later, earlier| later.id == earlier.id);
        latest.reverse();
        CustomerDirectory { latest }
    }

    /// The customer's current record: the latest one in the export, if any.
    #[inline(never)]
    pub fn get(&self, id: &K) -> Option<&Customer<K>> {
        let at = self
            .latest
            .binary_search_by(|record| record.id.cmp(id))
            .ok()?;
        Some(&self.latest[at])
    }
}
