//! The nightly build report: the results of a night's CI jobs rendered as one JSON
//! document, which the dashboard and the morning e-mail read. The code under test.
//!
//! Each report is stamped with the time it was made (`generated_at`) and a fresh
//! `run_id`, and each job line with a fresh `id`. By default those come from the real
//! clock and from random numbers, so no two reports are the same; [`Reporter::with`] takes
//! a clock and an id source of your choosing instead.
//!
//! The `cfg!(feature = "mutant-…")` and `refactor-…` branches are the changes the grader
//! plants, one per build, to see whether your tests notice (mutants) or wrongly complain
//! (refactors). Normal builds never take them. Reading them is fine: the skill is writing
//! tests that would have caught bugs like these before anyone planted them.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Failed,
    /// Not run (its inputs did not change); its duration is usually 0.
    Skipped,
}

/// One job's result, as CI hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobResult {
    pub name: String,
    pub status: Status,
    pub duration_ms: u64,
    /// Who is told when it fails.
    pub owner: String,
}

impl JobResult {
    pub fn new(name: &str, status: Status, duration_ms: u64, owner: &str) -> Self {
        Self {
            name: name.to_owned(),
            status,
            duration_ms,
            owner: owner.to_owned(),
        }
    }
}

/// Where the report reads the time: milliseconds since 1970-01-01T00:00:00Z.
pub trait Clock {
    fn now_ms(&mut self) -> u64;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&mut self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
}

/// A clock stopped at the given milliseconds since 1970.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now_ms(&mut self) -> u64 {
        self.0
    }
}

/// Where the report gets its ids: 16 lowercase hex digits each, different every call.
pub trait IdSource {
    fn next_id(&mut self) -> u64;
}

/// Random ids, fresh on every call and in every process.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_id(&mut self) -> u64 {
        static CALLS: AtomicU64 = AtomicU64::new(0);
        // Each RandomState has keys no other has (seeded from the OS once per thread).
        RandomState::new().hash_one(CALLS.fetch_add(1, Ordering::Relaxed))
    }
}

/// Ids 1, 2, 3, … in order.
#[derive(Debug, Clone, Copy, Default)]
pub struct SequentialIds(pub u64);

impl IdSource for SequentialIds {
    fn next_id(&mut self) -> u64 {
        self.0 += 1;
        self.0
    }
}

/// Renders reports.
#[derive(Debug)]
pub struct Reporter<C, I> {
    clock: C,
    ids: I,
}

impl Reporter<SystemClock, RandomIds> {
    /// A reporter on the real clock with random ids, as production runs it.
    pub fn new() -> Self {
        Self::with(SystemClock, RandomIds)
    }
}

impl Default for Reporter<SystemClock, RandomIds> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: Clock, I: IdSource> Reporter<C, I> {
    pub fn with(clock: C, ids: I) -> Self {
        Self { clock, ids }
    }

    /// The report on `jobs`, as a JSON document:
    ///
    /// - `run_id`: `"run-"` and 16 hex digits; `generated_at`: the time in RFC 3339, UTC,
    ///   with milliseconds (`"2026-03-01T06:00:00.000Z"`);
    /// - `summary`: `jobs`, `passed`, `failed`, `skipped` (counts) and `total_ms` (every
    ///   job's duration added up);
    /// - `jobs`: one object per job, slowest first (ties by name), with `id` (`"job-"` and
    ///   16 hex digits), `name`, `status` (`"passed"`, `"failed"` or `"skipped"`),
    ///   `duration_ms` and `owner`.
    ///
    /// Whitespace and the order of an object's keys carry no meaning.
    pub fn render(&mut self, jobs: &[JobResult]) -> String {
        let report = self.report(jobs);
        if cfg!(feature = "refactor-pretty-json") {
            serde_json::to_string_pretty(&report)
        } else {
            serde_json::to_string(&report)
        }
        .expect("a report always serializes")
    }

    fn report(&mut self, jobs: &[JobResult]) -> Report {
        let run_id = format!("run-{:016x}", self.ids.next_id());
        let generated_at = timestamp(self.clock.now_ms());
        let count = |status| jobs.iter().filter(|j| j.status == status).count();
        let mut summary = Summary {
            jobs: jobs.len(),
            passed: count(Status::Passed),
            failed: count(Status::Failed),
            skipped: count(Status::Skipped),
            total_ms: jobs
                .iter()
                .filter(|j| {
                    !cfg!(feature = "mutant-total-misses-failed") || j.status != Status::Failed
                })
                .map(|j| j.duration_ms)
                .sum(),
        };
        if cfg!(feature = "mutant-skipped-as-passed") {
            summary.passed += summary.skipped;
            summary.skipped = 0;
        }
        let mut sorted: Vec<&JobResult> = jobs.iter().collect();
        if cfg!(feature = "mutant-order-by-name") {
            sorted.sort_by(|a, b| a.name.cmp(&b.name));
        } else {
            sorted.sort_by(|a, b| {
                b.duration_ms
                    .cmp(&a.duration_ms)
                    .then_with(|| a.name.cmp(&b.name))
            });
        }
        let lines = sorted
            .into_iter()
            .map(|job| Line {
                id: format!("job-{:016x}", self.ids.next_id()),
                name: job.name.clone(),
                status: job.status,
                duration_ms: if cfg!(feature = "mutant-duration-in-seconds") {
                    job.duration_ms / 1_000
                } else {
                    job.duration_ms
                },
                owner: job.owner.clone(),
            })
            .collect();
        Report {
            run_id,
            generated_at,
            summary,
            jobs: lines,
        }
    }
}

/// The document, its keys in the order the dashboard team once wrote them down.
#[cfg(not(feature = "refactor-keys-reordered"))]
#[derive(Serialize)]
struct Report {
    run_id: String,
    generated_at: String,
    summary: Summary,
    jobs: Vec<Line>,
}

#[cfg(not(feature = "refactor-keys-reordered"))]
#[derive(Serialize)]
struct Summary {
    jobs: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    total_ms: u64,
}

#[cfg(not(feature = "refactor-keys-reordered"))]
#[derive(Serialize)]
struct Line {
    id: String,
    name: String,
    status: Status,
    duration_ms: u64,
    owner: String,
}

/// The same document with its keys in another order (the structs tidied up).
#[cfg(feature = "refactor-keys-reordered")]
#[derive(Serialize)]
struct Report {
    summary: Summary,
    jobs: Vec<Line>,
    generated_at: String,
    run_id: String,
}

#[cfg(feature = "refactor-keys-reordered")]
#[derive(Serialize)]
struct Summary {
    total_ms: u64,
    jobs: usize,
    failed: usize,
    passed: usize,
    skipped: usize,
}

#[cfg(feature = "refactor-keys-reordered")]
#[derive(Serialize)]
struct Line {
    name: String,
    status: Status,
    owner: String,
    duration_ms: u64,
    id: String,
}

/// `ms` since 1970 as RFC 3339 in UTC with milliseconds: `2026-03-01T06:00:00.000Z`.
fn timestamp(ms: u64) -> String {
    let (days, ms_of_day) = (ms / 86_400_000, ms % 86_400_000);
    let (year, month, day) = civil_from_days(days as i64);
    let (h, m, s, milli) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1_000 % 60,
        ms_of_day % 1_000,
    );
    if cfg!(feature = "mutant-timestamp-not-utc") {
        // Someone's "more readable" format: no zone, no milliseconds.
        format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
    }
}

/// Year, month and day of the `days`-th day since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
