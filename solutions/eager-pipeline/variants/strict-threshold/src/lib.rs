//! The slow-request report: read an access log, keep the requests at or above a latency
//! threshold, and rank the endpoints by how many slow requests they served.
//!
//! Variant (partial): the one-pass fix, but a request counts as slow only when it took
//! strictly longer than the threshold, so those at exactly `threshold_ms` are left out.

use std::collections::BTreeMap;

/// One endpoint's slow requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointStats {
    pub path: String,
    /// Requests at or above the threshold.
    pub slow: u64,
    /// The slowest of them, in milliseconds.
    pub worst_ms: u64,
}

/// What one run of the report found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlowReport {
    /// Lines read, malformed ones included.
    pub lines: u64,
    /// Lines that are not `<time> <method> <path> <status> <n>ms`.
    pub malformed: u64,
    /// Requests at or above the threshold.
    pub slow: u64,
    /// Endpoints with at least one slow request: most slow requests first, then by path.
    pub endpoints: Vec<EndpointStats>,
}

/// A parsed line, borrowing its path from the line.
#[derive(Clone, Copy, Debug)]
struct Request<'a> {
    path: &'a str,
    ms: u64,
}

/// `2026-11-21T10:00:00Z GET /api/orders 200 123ms` → path and latency.
fn parse(line: &str) -> Option<Request<'_>> {
    let mut fields = line.split_whitespace();
    let (_time, _method, path, status, latency) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    if fields.next().is_some() {
        return None;
    }
    status.parse::<u16>().ok()?;
    let ms = latency.strip_suffix("ms")?.parse().ok()?;
    Some(Request { path, ms })
}

/// Rank the endpoints by requests that took at least `threshold_ms`.
///
/// One pass over the lines: each line is parsed, counted and dropped before the next is
/// read, so memory holds one line and one entry per slow endpoint, however long the log.
pub fn slow_requests<I>(lines: I, threshold_ms: u64) -> SlowReport
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut report = SlowReport::default();
    let mut by_path: BTreeMap<String, EndpointStats> = BTreeMap::new();
    for line in lines {
        report.lines += 1;
        let Some(request) = parse(line.as_ref()) else {
            report.malformed += 1;
            continue;
        };
        if request.ms <= threshold_ms {
            continue;
        }
        report.slow += 1;
        // Look up by `&str` first: the path is copied once per endpoint, not per request.
        let stats = match by_path.get_mut(request.path) {
            Some(stats) => stats,
            None => by_path
                .entry(request.path.to_owned())
                .or_insert_with(|| EndpointStats {
                    path: request.path.to_owned(),
                    slow: 0,
                    worst_ms: 0,
                }),
        };
        stats.slow += 1;
        stats.worst_ms = stats.worst_ms.max(request.ms);
    }
    report.endpoints = by_path.into_values().collect();
    report
        .endpoints
        .sort_by(|a, b| b.slow.cmp(&a.slow).then_with(|| a.path.cmp(&b.path)));
    report
}
