//! The grader's checks for `metrics-not-logs`. Protected: fix `src/`, not these.
//!
//! Traffic is planned: a seeded mix of health checks, order look-ups (found and missing),
//! new orders and paths no route serves, against a store whose every call takes a
//! scripted amount of virtual time (`kata_toolkit::clock::ManualClock`) and, in the
//! metrics checks, fails now and then. So every request's route, status and latency is
//! known exactly before it is served.
//!
//! Metrics are read back from metrics-util's `DebuggingRecorder`, installed for the
//! test's thread only with `metrics::with_local_recorder` (never as the global recorder,
//! so tests cannot see each other's numbers): exact counter values and every histogram
//! sample. Log events are counted on every thread with every level on
//! (`kata_toolkit::logs::capture_process`), and under a subscriber at INFO as production
//! runs; the tests take turns so that no other test's events are counted.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use kata_toolkit::alone::take_turn;
use kata_toolkit::clock::ManualClock;
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::logs::{Logs, capture_at, capture_process};
use metrics_not_logs::{Method, Request, Response, Server, Store, StoreDown};
use metrics_util::MetricKind;
use metrics_util::debugging::{DebugValue, DebuggingRecorder, Snapshotter};
use tracing::field::{Field, Visit};
use tracing::{Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The counter the dashboards read: labels `route` and `status`.
const REQUESTS: &str = "http_requests_total";
/// The histogram the dashboards read: label `route`, samples in seconds.
const DURATION: &str = "http_request_duration_seconds";

// ---------------------------------------------------------------------------------------
// The store: every call takes scripted virtual time; with `fail_every = k`, every k-th
// call fails.

fn store_latency(call: u64) -> Duration {
    // 0.7 to 48.7 ms, with microseconds, and a slow call now and then.
    let base = 700 + (call * 7_919 + 13) % 48_000;
    let slow = if call % 41 == 40 { 250_000 } else { 0 };
    Duration::from_micros(base + slow)
}

fn store_fails(call: u64, fail_every: u64) -> bool {
    fail_every > 0 && call % fail_every == fail_every - 1
}

/// Orders with ids below this exist.
const KNOWN_IDS: u64 = 5_000;
/// The id the store gives the order it creates on call `n`.
fn created_id(call: u64) -> u64 {
    100_000 + call
}

struct ScriptedStore {
    clock: ManualClock,
    calls: Cell<u64>,
    fail_every: u64,
}

impl ScriptedStore {
    fn call(&self) -> Result<u64, StoreDown> {
        let n = self.calls.get();
        self.calls.set(n + 1);
        self.clock.advance(store_latency(n));
        if store_fails(n, self.fail_every) {
            Err(StoreDown)
        } else {
            Ok(n)
        }
    }
}

impl Store for ScriptedStore {
    fn ping(&self) -> Result<(), StoreDown> {
        self.call().map(|_| ())
    }
    fn find(&self, id: u64) -> Result<Option<String>, StoreDown> {
        self.call()?;
        Ok((id < KNOWN_IDS).then(|| format!("order {id}: 1 × keyboard")))
    }
    fn create(&self, _item: &str) -> Result<u64, StoreDown> {
        self.call().map(created_id)
    }
}

// ---------------------------------------------------------------------------------------
// Planned traffic: each request with the route, status, body and latency it must get.

struct Planned {
    request: Request,
    route: &'static str,
    status: u16,
    body: String,
    latency: Duration,
}

/// A small deterministic generator (SplitMix64), so the plan is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn request(method: Method, path: &str, body: &str) -> Request {
    Request {
        method,
        path: path.to_owned(),
        body: body.to_owned(),
    }
}

/// `n` requests from `seed`, planned against a store that fails every `fail_every`-th call
/// (never with 0).
fn plan(seed: u64, n: usize, fail_every: u64) -> Vec<Planned> {
    let mut rng = Rng(seed);
    let mut calls = 0u64;
    let mut planned = Vec::with_capacity(n);
    for _ in 0..n {
        let pick = rng.next() % 100;
        let unmatched = [
            request(Method::Get, "/favicon.ico", ""),
            request(Method::Post, "/health", ""),
            request(Method::Get, "/orders/latest", ""),
            request(Method::Get, "/admin", ""),
        ];
        let (request, route, ok_status, ok_body) = match pick {
            0..=9 => (
                request(Method::Get, "/health", ""),
                "/health",
                200,
                "ok".to_owned(),
            ),
            10..=59 => {
                let id = rng.next() % KNOWN_IDS;
                (
                    request(Method::Get, &format!("/orders/{id}"), ""),
                    "/orders/{id}",
                    200,
                    format!("order {id}: 1 × keyboard"),
                )
            }
            60..=69 => {
                let id = KNOWN_IDS + rng.next() % 1_000_000;
                (
                    request(Method::Get, &format!("/orders/{id}"), ""),
                    "/orders/{id}",
                    404,
                    "no such order".to_owned(),
                )
            }
            70..=94 => (
                request(Method::Post, "/orders", "1 × keyboard"),
                "/orders",
                201,
                created_id(calls).to_string(),
            ),
            _ => {
                let which = (rng.next() % unmatched.len() as u64) as usize;
                planned.push(Planned {
                    request: unmatched[which].clone(),
                    route: "unmatched",
                    status: 404,
                    body: "not found".to_owned(),
                    latency: Duration::ZERO,
                });
                continue;
            }
        };
        let call = calls;
        calls += 1;
        let (status, body) = if store_fails(call, fail_every) {
            (503, "try again later".to_owned())
        } else {
            (ok_status, ok_body)
        };
        planned.push(Planned {
            request,
            route,
            status,
            body,
            latency: store_latency(call),
        });
    }
    planned
}

/// Serve every planned request on a fresh server over virtual time.
fn serve(plan: &[Planned], fail_every: u64) -> Vec<Response> {
    let clock = ManualClock::new();
    let store = ScriptedStore {
        clock: clock.clone(),
        calls: Cell::new(0),
        fail_every,
    };
    let server = Server::new(store, clock);
    plan.iter().map(|p| server.handle(&p.request)).collect()
}

// ---------------------------------------------------------------------------------------
// What the recorder saw.

#[derive(Default)]
struct Seen {
    /// `http_requests_total` by (route, status).
    counts: BTreeMap<(String, String), u64>,
    /// `http_request_duration_seconds` samples by route.
    samples: BTreeMap<String, Vec<f64>>,
    /// Series of those two metrics with other labels than the contract's, described.
    odd: Vec<(String, usize)>,
}

fn read(snapshotter: &Snapshotter) -> Seen {
    let mut seen = Seen::default();
    for (key, _, _, value) in snapshotter.snapshot().into_vec() {
        let (kind, key) = key.into_parts();
        let labels: BTreeMap<String, String> = key
            .labels()
            .map(|l| (l.key().to_owned(), l.value().to_owned()))
            .collect();
        let described = format!(
            "{}{{{}}}",
            key.name(),
            labels
                .iter()
                .map(|(k, v)| format!("{k}={v:?}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let names: Vec<&str> = labels.keys().map(String::as_str).collect();
        match (kind, key.name(), value) {
            (MetricKind::Counter, REQUESTS, DebugValue::Counter(n)) => {
                if names == ["route", "status"] {
                    *seen
                        .counts
                        .entry((labels["route"].clone(), labels["status"].clone()))
                        .or_default() += n;
                } else {
                    seen.odd.push((described, n as usize));
                }
            }
            (MetricKind::Histogram, DURATION, DebugValue::Histogram(values)) => {
                if names == ["route"] {
                    seen.samples
                        .entry(labels["route"].clone())
                        .or_default()
                        .extend(values.iter().map(|v| v.into_inner()));
                } else {
                    seen.odd.push((described, values.len()));
                }
            }
            (_, REQUESTS | DURATION, _) => seen.odd.push((format!("{described} as {kind:?}"), 1)),
            _ => {}
        }
    }
    seen
}

/// Serve `plan` with a fresh `DebuggingRecorder` as this thread's recorder: the server is
/// built and runs inside, as in a process where the recorder is installed at start-up.
fn measured(plan: &[Planned], fail_every: u64) -> (Vec<Response>, Seen) {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let responses = metrics::with_local_recorder(&recorder, || serve(plan, fail_every));
    (responses, read(&snapshotter))
}

/// The request counts the plan calls for.
fn expected_counts(plan: &[Planned]) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for p in plan {
        *counts
            .entry((p.route.to_owned(), p.status.to_string()))
            .or_default() += 1;
    }
    counts
}

/// The series of `http_requests_total` that are wrong (missing, extra or off), described.
fn wrong_series(plan: &[Planned], seen: &Seen) -> Vec<String> {
    let expected = expected_counts(plan);
    let mut wrong = Vec::new();
    for ((route, status), want) in &expected {
        let have = seen
            .counts
            .get(&(route.clone(), status.clone()))
            .copied()
            .unwrap_or(0);
        if have != *want {
            wrong.push(format!(
                "{REQUESTS}{{route={route:?},status={status:?}}} = {have}, want {want}"
            ));
        }
    }
    for ((route, status), have) in &seen.counts {
        if !expected.contains_key(&(route.clone(), status.clone())) {
            wrong.push(format!(
                "{REQUESTS}{{route={route:?},status={status:?}}} = {have}, want no such series"
            ));
        }
    }
    for (described, _) in seen.odd.iter().filter(|(d, _)| d.starts_with(REQUESTS)) {
        wrong.push(format!(
            "{described}: the contract's labels are exactly `route` and `status`"
        ));
    }
    wrong
}

/// `n` with a comma between thousands, as the figures print it.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn first(lines: &[String], n: usize) -> String {
    let mut text: Vec<String> = lines.iter().take(n).map(|l| format!("  {l}")).collect();
    if lines.len() > n {
        text.push(format!("  … and {} more", lines.len() - n));
    }
    text.join("\n")
}

const SEED: u64 = 0x006d_6574_7269_6373;
const N: usize = 1_000;
/// In the metrics checks, every 23rd store call fails.
const FAIL_EVERY: u64 = 23;

mod request_counts {
    use super::*;

    #[test]
    fn every_request_is_counted_by_route_and_status() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let plan = plan(SEED, N, FAIL_EVERY);
        let (_, seen) = measured(&plan, FAIL_EVERY);
        let wrong = wrong_series(&plan, &seen);
        let series = expected_counts(&plan).len();
        check(
            Figure::at_most(
                &format!("{REQUESTS} series wrong (missing, extra or off), of {series}"),
                wrong.len() as f64,
                0.0,
                "",
            ),
            &format!(
                "the dashboards read request counts from the counter `{REQUESTS}`, labelled `route` (the route's pattern) and `status`; over {} requests:\n{}",
                thousands(N),
                first(&wrong, 12)
            ),
        );
    }
}

mod latency_histogram {
    use super::*;

    /// How many of `want` (sorted) are in `have` (sorted), to a nanosecond.
    fn matched(want: &[f64], have: &[f64]) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < want.len() && j < have.len() {
            if (want[i] - have[j]).abs() <= 1e-9 {
                n += 1;
                i += 1;
                j += 1;
            } else if want[i] < have[j] {
                i += 1;
            } else {
                j += 1;
            }
        }
        n
    }

    #[test]
    fn every_request_is_timed_in_seconds_by_route() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let plan = plan(SEED, N, FAIL_EVERY);
        let (_, seen) = measured(&plan, FAIL_EVERY);
        let mut want: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for p in &plan {
            want.entry(p.route)
                .or_default()
                .push(p.latency.as_secs_f64());
        }
        let mut wrong = 0;
        let mut lines = Vec::new();
        let mut routes: Vec<&str> = want.keys().copied().collect();
        routes.extend(seen.samples.keys().map(String::as_str));
        routes.sort_unstable();
        routes.dedup();
        for route in routes {
            let mut expected = want.get(route).cloned().unwrap_or_default();
            let mut got = seen.samples.get(route).cloned().unwrap_or_default();
            expected.sort_by(f64::total_cmp);
            got.sort_by(f64::total_cmp);
            let right = matched(&expected, &got);
            let off = expected.len().max(got.len()) - right;
            if off > 0 {
                wrong += off;
                lines.push(format!(
                    "{DURATION}{{route={route:?}}}: {} samples, {right} of the {} wanted (e.g. {}), {off} missing or wrong",
                    got.len(),
                    expected.len(),
                    match (expected.first(), got.first()) {
                        (Some(w), Some(h)) => format!("shortest {h} s, want {w} s"),
                        (Some(w), None) => format!("want a sample of {w} s"),
                        (None, _) => "this route serves no request".to_owned(),
                    }
                ));
            }
        }
        for (described, n) in seen.odd.iter().filter(|(d, _)| d.starts_with(DURATION)) {
            wrong += n;
            lines.push(format!("{described}: the contract's only label is `route`"));
        }
        check(
            Figure::at_most(
                &format!("{DURATION} samples missing or wrong, of {}", thousands(N)),
                wrong as f64,
                0.0,
                "",
            ),
            &format!(
                "each request is one sample of the histogram `{DURATION}`, labelled `route`: its time from the start of `handle` to its end on the server's clock, in seconds:\n{}",
                first(&lines, 12)
            ),
        );
    }
}

mod no_log_per_request {
    use super::*;

    /// A subscriber as production runs one: every event at INFO or above, nothing below
    /// (so `tracing::enabled!` answers as it would there), recorded as `LEVEL "message"`.
    #[derive(Clone, Default)]
    struct AtInfo(Arc<Mutex<Vec<String>>>);

    impl<S: Subscriber> Layer<S> for AtInfo {
        fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
            struct Message(String);
            impl Visit for Message {
                fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
                    if field.name() == "message" {
                        self.0 = format!("{value:?}");
                    }
                }
            }
            let mut message = Message(String::new());
            event.record(&mut message);
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(format!("{} {:?}", event.metadata().level(), message.0));
        }
    }

    fn loud(logs: &Logs) -> Vec<String> {
        logs.at_or_above(Level::INFO)
            .map(|e| format!("{} {:?}", e.level, e.message))
            .collect()
    }

    /// Routine traffic (the store never fails) logs no line per request at INFO or above:
    /// neither with every level on, on this thread or any other (`capture_process`), nor
    /// under a subscriber at INFO, production's level, on this thread (and on every other
    /// thread under the grader, which runs each check alone: `capture_at`).
    #[test]
    fn routine_requests_log_nothing_at_info() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let plan = plan(SEED ^ 1, N, 0);
        let (_, everywhere) = capture_process(|| measured(&plan, 0));
        let everywhere = loud(&everywhere);
        let here = AtInfo::default();
        let production = tracing_subscriber::registry()
            .with(LevelFilter::INFO)
            .with(here.clone());
        let (_, elsewhere) = capture_at(Level::INFO, || {
            tracing::subscriber::with_default(production, || measured(&plan, 0))
        });
        let mut at_info = here
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        at_info.extend(loud(&elsewhere));
        let loud = if at_info.len() > everywhere.len() {
            at_info
        } else {
            everywhere
        };
        check(
            Figure::at_most(
                &format!(
                    "events at INFO or above over {} routine requests",
                    thousands(N)
                ),
                loud.len() as f64,
                0.0,
                "",
            ),
            &format!(
                "a line per request is a metric spelled out in text, for a dashboard to parse back; count and time requests with metrics instead:\n{}",
                first(&loud, 3)
            ),
        );
    }
}

mod fresh_recorder {
    use super::*;

    /// Two servers, each built and run under its own recorder, one after the other: each
    /// recorder must see its own server's requests, and only those.
    #[test]
    fn each_recorder_sees_its_own_servers_requests() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut wrong = Vec::new();
        for (round, (seed, n)) in [(SEED ^ 2, 300), (SEED ^ 3, 200)].into_iter().enumerate() {
            let plan = plan(seed, n, FAIL_EVERY);
            let (_, seen) = measured(&plan, FAIL_EVERY);
            wrong.extend(
                wrong_series(&plan, &seen)
                    .into_iter()
                    .map(|l| format!("recorder {}: {l}", round + 1)),
            );
        }
        check(
            Figure::at_most(
                &format!("{REQUESTS} series wrong under two recorders in turn"),
                wrong.len() as f64,
                0.0,
                "",
            ),
            &format!(
                "a metric handle reports to the recorder that was current when it was registered: a handle kept from before (in a static, say) reports to an old recorder:\n{}",
                first(&wrong, 12)
            ),
        );
    }
}

mod responses {
    use super::*;

    #[test]
    fn every_request_gets_the_same_answer() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let plan = plan(SEED, N, FAIL_EVERY);
        let responses = serve(&plan, FAIL_EVERY);
        assert_eq!(responses.len(), plan.len());
        for (p, r) in plan.iter().zip(&responses) {
            assert_eq!(
                (r.status, r.body.as_str()),
                (p.status, p.body.as_str()),
                "{} {}",
                p.request.method,
                p.request.path
            );
        }
        // Every kind of answer is in the plan.
        for status in [200, 201, 404, 503] {
            assert!(plan.iter().any(|p| p.status == status), "{status}");
        }
    }
}
