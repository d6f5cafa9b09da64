//! Parcel shipping quotes from a carrier's zone table: the code under test, correct as
//! shipped. The `cfg!(feature = "mutant-…")` branches are bugs the grader plants one at a
//! time to see whether your tests notice.

use std::collections::{HashMap, HashSet};

/// Where a postcode lies, which sets the base price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Postcodes 10000 to 19999.
    City,
    /// Postcodes 20000 to 59999.
    Regional,
    /// Postcodes 60000 to 99999.
    National,
}

/// The carrier's table: every postcode it serves, its zone, and which are remote.
///
/// Loading it is slow (the real one comes from the carrier's API, which rate-limits us):
/// load it once per test run and share it.
#[derive(Debug)]
pub struct ZoneTable {
    zones: HashMap<u32, Zone>,
    remote: HashSet<u32>,
}

/// Remote postcodes (islands and mountain valleys): a surcharge applies.
const REMOTE: [(u32, u32); 2] = [(70_000, 70_999), (98_500, 98_999)];

impl ZoneTable {
    /// Load the table.
    pub fn load() -> ZoneTable {
        #[cfg(feature = "refactor-loaded-once")]
        {
            use std::sync::atomic::{AtomicBool, Ordering};
            static LOADED: AtomicBool = AtomicBool::new(false);
            if LOADED.swap(true, Ordering::SeqCst) {
                // Not a panic: a test could catch that and carry on. The run ends here.
                // Written to the stderr handle, not with eprintln!, which libtest captures
                // per test and would lose with the process.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "the zone table was loaded a second time in this run (it is slow and rate-limited: load it once and share it); aborting"
                );
                std::process::abort();
            }
        }
        let city_end = if cfg!(feature = "mutant-city-range-short") {
            19_998
        } else {
            19_999
        };
        let mut zones = HashMap::new();
        for code in 10_000..=99_999 {
            let zone = if code <= city_end {
                Zone::City
            } else if (20_000..=59_999).contains(&code) {
                Zone::Regional
            } else {
                Zone::National
            };
            zones.insert(code, zone);
        }
        let remote = REMOTE.iter().flat_map(|&(from, to)| from..=to).collect();
        ZoneTable { zones, remote }
    }

    /// The zone of `postcode`, or `None` when the carrier does not serve it.
    pub fn zone_for(&self, postcode: u32) -> Option<Zone> {
        let found = lookup(&self.zones, postcode);
        if found.is_none() && cfg!(feature = "mutant-unknown-is-national") {
            return Some(Zone::National);
        }
        found
    }

    /// Whether `postcode` is remote (a surcharge applies).
    pub fn is_remote(&self, postcode: u32) -> bool {
        self.remote.contains(&postcode)
    }

    /// The price to ship `grams` to `postcode`, in cents, or `None` when the carrier does
    /// not serve it.
    pub fn quote(&self, postcode: u32, grams: u32) -> Option<u64> {
        let zone = self.zone_for(postcode)?;
        Some(shipping_cents(zone, grams, self.is_remote(postcode)))
    }
}

#[cfg(not(feature = "refactor-range-search"))]
fn lookup(zones: &HashMap<u32, Zone>, postcode: u32) -> Option<Zone> {
    zones.get(&postcode).copied()
}

/// The same answers from the ranges themselves, without the map.
#[cfg(feature = "refactor-range-search")]
fn lookup(zones: &HashMap<u32, Zone>, postcode: u32) -> Option<Zone> {
    // The map holds every served postcode; its edges give the ranges.
    let city_end = (10_000..=19_999)
        .rev()
        .find(|c| zones.get(c) == Some(&Zone::City))?;
    match postcode {
        10_000..=99_999 if postcode <= city_end => Some(Zone::City),
        20_000..=59_999 => Some(Zone::Regional),
        10_000..=99_999 => Some(Zone::National),
        _ => None,
    }
}

/// The price of a parcel in cents: the zone's base price covers the first kilogram, each
/// started kilogram after it costs 1.20 €, and remote postcodes add 2.50 €.
pub fn shipping_cents(zone: Zone, grams: u32, remote: bool) -> u64 {
    let base = match zone {
        Zone::City => 390,
        Zone::Regional => 490,
        Zone::National if cfg!(feature = "mutant-national-base") => 590,
        Zone::National => 690,
    };
    let kilos = if cfg!(feature = "mutant-full-kilos") {
        u64::from(grams / 1_000)
    } else {
        u64::from(grams.div_ceil(1_000))
    };
    let extra_kilos = if cfg!(feature = "mutant-first-kilo-charged") {
        kilos
    } else {
        kilos.saturating_sub(1)
    };
    let surcharge = if remote && !cfg!(feature = "mutant-remote-surcharge-lost") {
        250
    } else {
        0
    };
    base + extra_kilos * 120 + surcharge
}
