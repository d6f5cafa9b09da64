//! The slow-request report: read an access log, keep the requests at or above a latency
//! threshold, and rank the endpoints by how many slow requests they served.
//!
//! Variant: one iterator chain folds each line into the counts as it arrives, with the
//! shipped `parse` that owns its path; only the per-endpoint entries outlive a line.

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

#[derive(Debug)]
struct Request {
    path: String,
    ms: u64,
}

/// `2026-11-21T10:00:00Z GET /api/orders 200 123ms` → path and latency.
fn parse(line: &str) -> Option<Request> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [_time, _method, path, status, latency] = fields[..] else {
        return None;
    };
    status.parse::<u16>().ok()?;
    let ms = latency.strip_suffix("ms")?.parse().ok()?;
    Some(Request {
        path: path.to_owned(),
        ms,
    })
}

/// Rank the endpoints by requests that took at least `threshold_ms`.
pub fn slow_requests<I>(lines: I, threshold_ms: u64) -> SlowReport
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let (mut report, by_path) = lines.into_iter().map(|l| parse(l.as_ref())).fold(
        (
            SlowReport::default(),
            BTreeMap::<String, EndpointStats>::new(),
        ),
        |(mut report, mut by_path), parsed| {
            report.lines += 1;
            match parsed {
                None => report.malformed += 1,
                Some(request) if request.ms >= threshold_ms => {
                    report.slow += 1;
                    let stats =
                        by_path
                            .entry(request.path)
                            .or_insert_with_key(|path| EndpointStats {
                                path: path.clone(),
                                slow: 0,
                                worst_ms: 0,
                            });
                    stats.slow += 1;
                    stats.worst_ms = stats.worst_ms.max(request.ms);
                }
                Some(_) => {}
            }
            (report, by_path)
        },
    );
    report.endpoints = by_path.into_values().collect();
    report
        .endpoints
        .sort_by(|a, b| b.slow.cmp(&a.slow).then_with(|| a.path.cmp(&b.path)));
    report
}
