//! Log capture for checks: record the `tracing` events the code under test emits, with
//! typed fields, and assert on them.
//!
//! [`capture`] is scoped: it installs a subscriber for the current thread only, for the
//! duration of one closure (`tracing::subscriber::with_default`), so tests running in
//! parallel never see each other's events, and a library's events are seen whatever its
//! target (unlike tracing-test's default filter).
//!
//! **Threads.** Events from threads that the code under test spawns are *not* captured by
//! [`capture`]: a scoped subscriber belongs to one thread. Code that wants its threads'
//! events to reach the caller's subscriber must pass the dispatcher along
//! (`tracing::dispatcher::get_default(|d| d.clone())`, then
//! `tracing::dispatcher::with_default(&d, …)` in the thread), which is also what makes them
//! reach a test's subscriber. For code you cannot change, [`capture_process`] records the
//! events of every thread in the process; it takes a process-wide lock.
//!
//! **The global subscriber.** The first capture of any kind installs a global subscriber
//! that records only while [`capture_process`] runs and answers "sometimes" for every
//! callsite, so `tracing` never caches a callsite as uninteresting while another thread's
//! capture is starting (a real race, seen as a 1-in-200 flake before). Scoped captures
//! still work beside another global subscriber (such as tracing-test's); only
//! [`capture_process`] needs the toolkit's own.

mod json;
mod record;

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tracing::Level;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;

use record::{CaptureLayer, Recorder, Shared, Target, lock};
pub use record::{Event, SpanRecord, Value};

/// What a capture recorded.
///
/// ```
/// use kata_toolkit::logs::{capture, Logs};
/// let ((), quiet) = capture(|| ());
/// assert_eq!(quiet, Logs::default());
/// let ((), logs) = capture(|| tracing::info!("started"));
/// assert_eq!(logs.events().len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logs {
    events: Vec<Event>,
    spans: Vec<SpanRecord>,
}

/// Run `f` with a subscriber that records every event and span on this thread.
///
/// ```
/// use kata_toolkit::logs::{capture, Value};
/// let ((), logs) = capture(|| tracing::warn!(order_id = 7u64, "payment declined"));
/// let event = &logs.events()[0];
/// assert_eq!(event.message, "payment declined");
/// assert_eq!(event.field("order_id"), Some(&Value::U64(7)));
/// ```
pub fn capture<R>(f: impl FnOnce() -> R) -> (R, Logs) {
    capture_filtered(LevelFilter::TRACE, false, f)
}

/// Like [`capture`], but the subscriber is only interested in events at `max_level` or
/// more severe. Use it to measure the cost of logging that is switched off, e.g. with
/// [`crate::alloc::measure`].
///
/// ```
/// use kata_toolkit::logs::capture_at;
/// use tracing::Level;
/// let ((), logs) = capture_at(Level::WARN, || {
///     tracing::debug!("skipped");
///     tracing::error!("kept");
/// });
/// assert_eq!(logs.events().len(), 1);
/// ```
pub fn capture_at<R>(max_level: Level, f: impl FnOnce() -> R) -> (R, Logs) {
    capture_filtered(LevelFilter::from_level(max_level), false, f)
}

/// Like [`capture_at`], but the whole subscriber is set to `max_level`, as a service
/// configured to log at that level is: `tracing::enabled!` for a more verbose level says
/// no, as it does in production. (With [`capture_at`] only the recording is filtered, so
/// code asking `enabled!` is told every level is on.)
///
/// ```
/// use kata_toolkit::logs::capture_like_production;
/// use tracing::Level;
/// let (trace_on, logs) = capture_like_production(Level::INFO, || {
///     tracing::info!("kept");
///     tracing::enabled!(Level::TRACE)
/// });
/// assert!(!trace_on);
/// assert_eq!(logs.events().len(), 1);
/// ```
pub fn capture_like_production<R>(max_level: Level, f: impl FnOnce() -> R) -> (R, Logs) {
    capture_filtered(LevelFilter::from_level(max_level), true, f)
}

fn capture_filtered<R>(filter: LevelFilter, whole: bool, f: impl FnOnce() -> R) -> (R, Logs) {
    let global = ensure_global().is_ok();
    let shared: Shared = Arc::default();
    let layer = CaptureLayer {
        target: Target::Fixed(shared.clone()),
    }
    .with_filter(filter);
    // `Some(filter)` as a layer of its own filters the whole subscriber.
    let subscriber = tracing_subscriber::registry()
        .with(layer)
        .with(whole.then_some(filter));
    // Under the grader each check runs alone in its process: every other thread's events
    // are then the code under test's too (a thread it spawned), and go to this capture.
    let result = if global && crate::alone::is_alone() {
        process_wide(&shared, filter, || {
            tracing::subscriber::with_default(subscriber, f)
        })
    } else {
        tracing::subscriber::with_default(subscriber, f)
    };
    (result, Logs::take(&shared))
}

/// Run a future with a capturing subscriber attached to it (and to nothing else).
///
/// ```
/// # let rt = tokio_like_block_on;
/// # fn tokio_like_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     // A minimal executor for the example: the future never waits.
/// #     let waker = std::task::Waker::noop();
/// #     let mut cx = std::task::Context::from_waker(&waker);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// use kata_toolkit::logs::capture_future;
/// let ((), logs) = rt(capture_future(async { tracing::info!("inside") }));
/// assert_eq!(logs.events()[0].message, "inside");
/// ```
pub async fn capture_future<F: std::future::Future>(future: F) -> (F::Output, Logs) {
    use tracing::instrument::WithSubscriber;
    ensure_global();
    let shared: Shared = Arc::default();
    let subscriber = tracing_subscriber::registry().with(CaptureLayer {
        target: Target::Fixed(shared.clone()),
    });
    let result = future.with_subscriber(subscriber).await;
    (result, Logs::take(&shared))
}

static ACTIVE: Mutex<Vec<(Shared, LevelFilter)>> = Mutex::new(Vec::new());
static PROCESS_LOCK: Mutex<()> = Mutex::new(());

thread_local! {
    /// How many process-wide captures this thread is inside.
    static PROCESS_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Run `f` with `shared` among the process-wide captures (it takes every thread's events
/// at `filter` or more severe). Process-wide captures never overlap across threads; one
/// nested in another on the same thread shares the outer one's turn, and both record.
fn process_wide<R>(shared: &Shared, filter: LevelFilter, f: impl FnOnce() -> R) -> R {
    let nested = PROCESS_DEPTH.with(|d| d.get()) > 0;
    let _serial = (!nested).then(|| PROCESS_LOCK.lock().unwrap_or_else(PoisonError::into_inner));
    PROCESS_DEPTH.with(|d| d.set(d.get() + 1));
    ACTIVE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((shared.clone(), filter));
    let result = f();
    ACTIVE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .retain(|(s, _)| !Arc::ptr_eq(s, shared));
    PROCESS_DEPTH.with(|d| d.set(d.get() - 1));
    result
}
static GLOBAL: OnceLock<Result<(), String>> = OnceLock::new();

/// Run `f` and record the events of *every* thread in the process meanwhile (see the
/// module docs). Panics if another global subscriber is already installed.
///
/// ```
/// use kata_toolkit::logs::capture_process;
/// let ((), logs) = capture_process(|| {
///     std::thread::spawn(|| tracing::info!("from a worker")).join().unwrap();
/// });
/// assert!(logs.events().iter().any(|e| e.message == "from a worker"));
/// ```
pub fn capture_process<R>(f: impl FnOnce() -> R) -> (R, Logs) {
    if let Err(e) = ensure_global() {
        panic!(
            "capture_process needs to install the global subscriber, but another one is installed: {e}"
        );
    }
    let shared: Shared = Arc::default();
    let result = process_wide(&shared, LevelFilter::TRACE, f);
    (result, Logs::take(&shared))
}

/// Install, once per process, the global subscriber that feeds [`capture_process`] (and
/// records nothing when no process-wide capture runs).
///
/// Every capture calls it first, because `tracing` caches each callsite's interest: a
/// callsite first hit on a thread with no subscriber at all would be cached as "never",
/// and a scoped capture starting on another thread at that moment could miss its events
/// (seen as a 1-in-300 flake). With this global subscriber answering "sometimes", no
/// callsite is ever cached as "never". If another global subscriber is already installed,
/// scoped captures still work; only `capture_process` needs this one.
fn ensure_global() -> &'static Result<(), String> {
    GLOBAL.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(CaptureLayer {
            target: Target::Active(&ACTIVE),
        });
        tracing::subscriber::set_global_default(subscriber).map_err(|e| e.to_string())
    })
}

/// "INFO or above" in the sense of severity: ERROR and WARN are above INFO.
fn at_or_above(level: Level, bar: Level) -> bool {
    // tracing orders levels by verbosity (TRACE is the greatest), so severity is reversed.
    level <= bar
}

impl Logs {
    fn take(shared: &Shared) -> Logs {
        let mut recorder = lock(shared);
        let Recorder { events, spans, .. } = std::mem::take(&mut *recorder);
        Logs { events, spans }
    }

    /// Every event, in the order emitted.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let ((), logs) = capture(|| {
    ///     tracing::info!("first");
    ///     tracing::warn!("second");
    /// });
    /// let messages: Vec<&str> = logs.events().iter().map(|e| e.message.as_str()).collect();
    /// assert_eq!(messages, ["first", "second"]);
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Every span created.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let ((), logs) = capture(|| {
    ///     tracing::info_span!("charge", order_id = 7u64).in_scope(|| tracing::info!("charging"));
    /// });
    /// assert_eq!(logs.spans()[0].name, "charge");
    /// assert_eq!(logs.events()[0].spans, ["charge"]);
    /// ```
    pub fn spans(&self) -> &[SpanRecord] {
        &self.spans
    }

    /// Events at exactly `level`.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// use tracing::Level;
    /// let ((), logs) = capture(|| {
    ///     tracing::warn!("slow reply");
    ///     tracing::warn!("slower reply");
    ///     tracing::error!("no reply");
    /// });
    /// assert_eq!(logs.at(Level::WARN).count(), 2);
    /// ```
    pub fn at(&self, level: Level) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.level == level)
    }

    /// Events at `level` or more severe.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// use tracing::Level;
    /// let ((), logs) = capture(|| {
    ///     tracing::info!("cache miss");
    ///     tracing::warn!("retrying");
    ///     tracing::error!("gave up");
    /// });
    /// assert_eq!(logs.at_or_above(Level::WARN).count(), 2);
    /// ```
    pub fn at_or_above(&self, level: Level) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .filter(move |e| at_or_above(e.level, level))
    }

    /// Events whose target is `target` or a module below it.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let ((), logs) = capture(|| {
    ///     tracing::info!(target: "shop::payments::stripe", "charged");
    ///     tracing::info!(target: "shop::payments_v2", "ignored: another module");
    ///     tracing::info!(target: "shop", "ignored: the parent");
    /// });
    /// assert_eq!(logs.from_target("shop::payments").count(), 1);
    /// ```
    pub fn from_target<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events
            .iter()
            .filter(move |e| e.target == target || e.target.starts_with(&format!("{target}::")))
    }

    /// Exactly one ERROR event, whose text (message and fields, errors with their whole
    /// `source()` chain) contains every one of `chain`.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let io = std::io::Error::other("connection reset");
    /// let ((), logs) = capture(|| tracing::error!(error = &io as &dyn std::error::Error, "order 7 failed"));
    /// logs.assert_one_error_with_chain(&["order 7 failed", "connection reset"]);
    /// ```
    #[track_caller]
    pub fn assert_one_error_with_chain(&self, chain: &[&str]) {
        let errors: Vec<&Event> = self.at(Level::ERROR).collect();
        assert!(
            errors.len() == 1,
            "ERROR events = {} (bar: exactly 1): one failure should be logged once, where it is handled{}",
            errors.len(),
            listing(&errors)
        );
        let text = errors[0].all_text();
        let missing: Vec<&&str> = chain.iter().filter(|part| !text.contains(**part)).collect();
        assert!(
            missing.is_empty(),
            "the ERROR event lacks part of the cause chain: missing {missing:?} in {text:?}"
        );
    }

    /// No event at `level` or more severe.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// use tracing::Level;
    /// let ((), logs) = capture(|| for i in 0..3 { tracing::debug!(i, "item") });
    /// logs.assert_quiet_at_or_above(Level::INFO);
    /// ```
    #[track_caller]
    pub fn assert_quiet_at_or_above(&self, level: Level) {
        let loud: Vec<&Event> = self.at_or_above(level).collect();
        assert!(
            loud.is_empty(),
            "events at {level} or above = {} (bar 0){}",
            loud.len(),
            listing(&loud)
        );
    }

    /// `secret` appears nowhere: not in a message, a field (of any type), a span's name or
    /// a span's field; and not in the disguises a secret takes when code logs its bytes
    /// instead of its text: hex (either case), base64 (standard or URL-safe, padded or
    /// not), or a byte list as `{:?}` or `{:x?}` prints it.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let ((), logs) = capture(|| tracing::info!(user = "ada", "logged in"));
    /// logs.assert_no_secret("hunter2");
    /// ```
    ///
    /// ```should_panic
    /// use kata_toolkit::logs::capture;
    /// // "hunter2" as hex is still the secret.
    /// let ((), logs) = capture(|| tracing::info!(token = "68756e74657232", "auth"));
    /// logs.assert_no_secret("hunter2");
    /// ```
    #[track_caller]
    pub fn assert_no_secret(&self, secret: &str) {
        assert!(!secret.is_empty(), "an empty secret matches everything");
        let forms = secret_forms(secret);
        let found_in = |text: &str| forms.iter().find(|(form, _)| text.contains(form.as_str()));
        let mut first_form = None;
        let leaking: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| {
                let texts: Vec<String> = std::iter::once(e.message.clone())
                    .chain(e.fields.values().map(|v| v.text()))
                    .collect();
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                let hit = found_in(&e.all_text())
                    .or_else(|| found_in(&e.target))
                    .or_else(|| assembled_from(secret, &texts).then_some(&CUT_IN_PIECES));
                first_form = first_form.or(hit.map(|(_, how)| *how));
                hit.is_some()
            })
            .collect();
        let in_spans = self
            .spans
            .iter()
            .filter(|s| {
                let hit = found_in(&s.name)
                    .or_else(|| s.fields.values().find_map(|v| found_in(&v.text())));
                first_form = first_form.or(hit.map(|(_, how)| *how));
                hit.is_some()
            })
            .count();
        assert!(
            leaking.is_empty() && in_spans == 0,
            "a secret reached the logs{}: found in {} events and {in_spans} spans (bar 0){}",
            first_form
                .map(|how| format!(" ({how})"))
                .unwrap_or_default(),
            leaking.len(),
            listing(&leaking)
        );
    }

    /// Every event has each named field, recorded with the given kind of value.
    ///
    /// ```
    /// use kata_toolkit::logs::{capture, Kind};
    /// let ((), logs) = capture(|| tracing::info!(order_id = 7u64, amount_cents = 1250i64, "paid"));
    /// logs.assert_every_event_has(&[("order_id", Kind::Integer), ("amount_cents", Kind::Integer)]);
    /// ```
    #[track_caller]
    pub fn assert_every_event_has(&self, fields: &[(&str, Kind)]) {
        assert!(
            !self.events.is_empty(),
            "no events were captured, so none carries the required fields"
        );
        for event in &self.events {
            for (name, kind) in fields {
                match event.field(name) {
                    None => panic!(
                        "event {:?} has no `{name}` field; it has {:?}",
                        event.message,
                        event.fields.keys().collect::<Vec<_>>()
                    ),
                    Some(value) if !kind.accepts(value) => {
                        panic!(
                            "event {:?}: `{name}` is {value:?}, not a typed {kind:?} (was it formatted into text?)",
                            event.message
                        )
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// The events as JSON, for snapshots: level, target, message, fields (typed) and
    /// spans; fields named in `redact` are replaced by `"[redacted]"`. Nothing volatile
    /// (time, thread ids) is recorded in the first place.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let ((), logs) = capture(|| tracing::info!(request_id = "9f2c", status = 200u64, "done"));
    /// let json = logs.to_json(&["request_id"]);
    /// assert_eq!(json[0]["fields"]["request_id"], "[redacted]");
    /// assert_eq!(json[0]["fields"]["status"], 200);
    /// ```
    pub fn to_json(&self, redact: &[&str]) -> serde_json::Value {
        json::events(&self.events, redact)
    }
}

/// The kinds of typed field [`Logs::assert_every_event_has`] can require.
///
/// ```
/// use kata_toolkit::logs::{capture, Kind};
/// let ((), logs) =
///     capture(|| tracing::info!(retry = true, latency_ms = 12.5, user = "ada", "sent"));
/// logs.assert_every_event_has(&[
///     ("retry", Kind::Bool),
///     ("latency_ms", Kind::Float),
///     ("user", Kind::Str),
/// ]);
/// assert_eq!(logs.events()[0].fields.len(), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Recorded as `i64` or `u64`.
    Integer,
    /// Recorded as a float.
    Float,
    /// Recorded as a bool.
    Bool,
    /// Recorded as a `&str`.
    Str,
    /// Recorded as an error (`&dyn Error`).
    Error,
    /// Present, whatever its type.
    Any,
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Integer => value.is_integer(),
            Kind::Float => matches!(value, Value::F64(_)),
            Kind::Bool => matches!(value, Value::Bool(_)),
            Kind::Str => matches!(value, Value::Str(_)),
            Kind::Error => matches!(value, Value::Error { .. }),
            Kind::Any => true,
        }
    }
}

fn listing(events: &[&Event]) -> String {
    let mut text = String::new();
    for e in events.iter().take(5) {
        text.push_str(&format!("\n  {} {}: {}", e.level, e.target, e.all_text()));
    }
    if events.len() > 5 {
        text.push_str(&format!("\n  … and {} more", events.len() - 5));
    }
    text
}

/// The text of `secret` and the disguises its bytes take in logs, each with its name.
/// How [`Logs::assert_no_secret`] names a secret found cut over an event's fields.
static CUT_IN_PIECES: (String, &str) = (String::new(), "cut in pieces over an event's fields");

/// Whether `secret` can be read off `texts` in pieces of at least three characters, each
/// piece found in one of them: a secret cut over several fields of one event (`head =
/// "hun", tail = "ter2"`) is still in the logs. Pieces shorter than three would match
/// ordinary text by chance.
///
/// ```
/// use kata_toolkit::logs::assembled_from;
/// assert!(assembled_from("hunter2", &["login", "ter2", "hun"]));
/// assert!(!assembled_from("hunter2", &["login", "hu", "nter"]));
/// ```
pub fn assembled_from(secret: &str, texts: &[&str]) -> bool {
    const MIN_PIECE: usize = 3;
    let chars: Vec<char> = secret.chars().collect();
    // reachable[i]: the first i characters can be read off the texts in pieces.
    let mut reachable = vec![false; chars.len() + 1];
    reachable[0] = true;
    for start in 0..chars.len() {
        if !reachable[start] {
            continue;
        }
        for end in start + MIN_PIECE..=chars.len() {
            let piece: String = chars[start..end].iter().collect();
            if !texts.iter().any(|t| t.contains(piece.as_str())) {
                break; // a longer piece holds this one: not found either
            }
            reachable[end] = true;
        }
    }
    !chars.is_empty() && reachable[chars.len()]
}

/// The parts of `secret` that `texts` show, as runs of at least four of its characters
/// in a row (each the longest found from where it starts, left to right, not
/// overlapping): what a mask that keeps a secret's ends (`hunt…er42`) still gives away.
/// Runs shorter than four would match ordinary text by chance. The caller decides how
/// much shown is too much, and for which secrets: a token's last four characters are a
/// common, harmless label; four characters of a password are not.
///
/// ```
/// use kata_toolkit::logs::pieces_shown;
/// let shown = pieces_shown("hunter2-correct", &["password = \"hunt*******rect\""]);
/// assert_eq!(shown, ["hunt", "rect"]);
/// assert!(pieces_shown("hunter2-correct", &["password = \"hu****ct\""]).is_empty());
/// ```
pub fn pieces_shown(secret: &str, texts: &[&str]) -> Vec<String> {
    const MIN_RUN: usize = 4;
    let chars: Vec<char> = secret.chars().collect();
    let shows = |piece: &[char]| {
        let piece: String = piece.iter().collect();
        texts.iter().any(|t| t.contains(piece.as_str()))
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    while start + MIN_RUN <= chars.len() {
        if !shows(&chars[start..start + MIN_RUN]) {
            start += 1;
            continue;
        }
        let mut end = start + MIN_RUN;
        while end < chars.len() && shows(&chars[start..=end]) {
            end += 1;
        }
        pieces.push(chars[start..end].iter().collect());
        start = end;
    }
    pieces
}

fn secret_forms(secret: &str) -> Vec<(String, &'static str)> {
    let bytes = secret.as_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let decimal_list = format!("{bytes:?}");
    let hex_list = format!("{bytes:x?}");
    let mut forms = vec![
        (secret.to_owned(), "as text"),
        (secret.chars().rev().collect(), "backwards"),
        (hex.to_uppercase(), "as hex"),
        (hex, "as hex"),
        (decimal_list, "as a byte list"),
        (hex_list, "as a hex byte list"),
    ];
    for (alphabet, name) in [
        (BASE64_STANDARD, "as base64"),
        (BASE64_URL_SAFE, "as URL-safe base64"),
    ] {
        let padded = base64(bytes, alphabet);
        forms.push((padded.trim_end_matches('=').to_owned(), name));
    }
    // Short secrets would match by chance in their encoded forms; their text still counts.
    forms.retain(|(form, how)| matches!(*how, "as text" | "backwards") || form.len() >= 8);
    forms
}

const BASE64_STANDARD: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_URL_SAFE: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 (RFC 4648) with `alphabet`, padded with `=`.
fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod secret_form_tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes(), BASE64_STANDARD), encoded);
        }
        assert_eq!(base64(&[0xfb, 0xff], BASE64_URL_SAFE), "-_8=");
    }

    #[test]
    fn every_disguise_of_a_secret_is_searched() {
        let forms: Vec<String> = secret_forms("hunter2")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for expected in [
            "hunter2",
            "68756e74657232",
            "68756E74657232",
            "[104, 117, 110, 116, 101, 114, 50]",
            "[68, 75, 6e, 74, 65, 72, 32]",
            "aHVudGVyMg",
        ] {
            assert!(
                forms.iter().any(|f| f == expected),
                "{expected} missing from {forms:?}"
            );
        }
    }
}
