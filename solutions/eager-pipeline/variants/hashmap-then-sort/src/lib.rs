//! The slow-request report: read an access log, keep the requests at or above a latency
//! threshold, and rank the endpoints by how many slow requests they served.
//!
//! Variant: one pass into a `HashMap` of endpoints, looked up by the borrowed path so a
//! path is copied once per endpoint; the few entries are sorted once at the end.

use std::collections::HashMap;

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
pub fn slow_requests<I>(lines: I, threshold_ms: u64) -> SlowReport
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut report = SlowReport::default();
    let mut by_path: HashMap<String, (u64, u64)> = HashMap::new();
    for line in lines {
        report.lines += 1;
        match parse(line.as_ref()) {
            None => report.malformed += 1,
            Some(request) if request.ms >= threshold_ms => {
                report.slow += 1;
                if let Some((slow, worst)) = by_path.get_mut(request.path) {
                    *slow += 1;
                    *worst = (*worst).max(request.ms);
                } else {
                    by_path.insert(request.path.to_owned(), (1, request.ms));
                }
            }
            Some(_) => {}
        }
    }
    report.endpoints = by_path
        .into_iter()
        .map(|(path, (slow, worst_ms))| EndpointStats {
            path,
            slow,
            worst_ms,
        })
        .collect();
    report
        .endpoints
        .sort_unstable_by(|a, b| b.slow.cmp(&a.slow).then_with(|| a.path.cmp(&b.path)));
    report
}
