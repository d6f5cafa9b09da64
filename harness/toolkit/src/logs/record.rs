//! What a capture records: typed events and spans, and the tracing `Layer` that records
//! them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Level, Subscriber, span};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

/// A field's value, with the type it was recorded as.
///
/// ```
/// use kata_toolkit::logs::{capture, Value};
/// let ((), logs) =
///     capture(|| tracing::info!(attempt = 3i64, cached = false, reply = ?Some(5), "fetched"));
/// let event = &logs.events()[0];
/// assert_eq!(event.field("attempt"), Some(&Value::I64(3)));
/// assert_eq!(event.field("cached"), Some(&Value::Bool(false)));
/// assert_eq!(event.field("reply"), Some(&Value::Debug("Some(5)".to_owned())));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Recorded as a signed integer.
    I64(i64),
    /// Recorded as an unsigned integer.
    U64(u64),
    /// Recorded as a float.
    F64(f64),
    /// Recorded as a bool.
    Bool(bool),
    /// Recorded as a string (`field = "text"` or `field = %display`... see `Debug`).
    Str(String),
    /// Recorded with `?value` or `%value`: only its text survives, no type.
    Debug(String),
    /// Recorded as `error = &err as &dyn Error`: its message and the messages of its
    /// `source()` chain, outermost first.
    Error {
        /// The message.
        message: String,
        /// The messages of its sources, outermost first.
        chain: Vec<String>,
    },
}

impl Value {
    /// The value as text (an error with its whole chain, joined by ": ").
    ///
    /// ```
    /// use kata_toolkit::logs::Value;
    /// assert_eq!(Value::U64(42).text(), "42");
    /// let failure = Value::Error {
    ///     message: "checkout failed".to_owned(),
    ///     chain: vec!["connection reset".to_owned()],
    /// };
    /// assert_eq!(failure.text(), "checkout failed: connection reset");
    /// ```
    pub fn text(&self) -> String {
        match self {
            Value::I64(v) => v.to_string(),
            Value::U64(v) => v.to_string(),
            Value::F64(v) => v.to_string(),
            Value::Bool(v) => v.to_string(),
            Value::Str(s) | Value::Debug(s) => s.clone(),
            Value::Error { message, chain } => std::iter::once(message.as_str())
                .chain(chain.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(": "),
        }
    }

    /// Whether it was recorded as an integer (signed or not).
    ///
    /// ```
    /// use kata_toolkit::logs::Value;
    /// assert!(Value::I64(-1).is_integer());
    /// assert!(!Value::Str("7".to_owned()).is_integer()); // a number formatted into text
    /// ```
    pub fn is_integer(&self) -> bool {
        matches!(self, Value::I64(_) | Value::U64(_))
    }

    /// The value if it was recorded as an integer, signed or not, widened so both fit.
    ///
    /// ```
    /// use kata_toolkit::logs::Value;
    /// assert_eq!(Value::U64(17).as_integer(), Some(17));
    /// assert_eq!(Value::I64(-3).as_integer(), Some(-3));
    /// assert_eq!(Value::Str("17".to_owned()).as_integer(), None);
    /// ```
    pub fn as_integer(&self) -> Option<i128> {
        match self {
            Value::I64(v) => Some(i128::from(*v)),
            Value::U64(v) => Some(i128::from(*v)),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// One captured event.
///
/// ```
/// use kata_toolkit::logs::capture;
/// use tracing::Level;
/// let ((), logs) =
///     capture(|| tracing::warn!(target: "shop::cart", items = 3u64, "cart is large"));
/// let event = &logs.events()[0];
/// assert_eq!((event.level, event.target.as_str()), (Level::WARN, "shop::cart"));
/// assert_eq!(event.message, "cart is large");
/// assert!(event.spans.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The level.
    pub level: Level,
    /// The event's target: by default the module path of the code that logged it.
    pub target: String,
    /// The message (the `message` field), empty when there is none.
    pub message: String,
    /// Every other field, by name, typed.
    pub fields: BTreeMap<String, Value>,
    /// Names of the spans the event happened in, outermost first.
    pub spans: Vec<String>,
}

impl Event {
    /// A field by name.
    ///
    /// ```
    /// use kata_toolkit::logs::{capture, Value};
    /// let ((), logs) = capture(|| tracing::info!(order_id = 7u64, "shipped"));
    /// let event = &logs.events()[0];
    /// assert_eq!(event.field("order_id"), Some(&Value::U64(7)));
    /// assert_eq!(event.field("tracking"), None);
    /// ```
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }

    /// The message and every field value, as text: what a log line would show.
    ///
    /// ```
    /// use kata_toolkit::logs::capture;
    /// let ((), logs) = capture(|| tracing::info!(user = "ada", attempts = 2u64, "login"));
    /// assert_eq!(logs.events()[0].all_text(), "login attempts=2 user=ada");
    /// ```
    pub fn all_text(&self) -> String {
        let mut text = self.message.clone();
        for (name, value) in &self.fields {
            text.push_str(&format!(" {name}={value}"));
        }
        text
    }
}

/// One captured span (its fields as recorded at creation and later with `record`).
///
/// ```
/// use kata_toolkit::logs::{capture, Value};
/// use tracing::Level;
/// let ((), logs) = capture(|| {
///     let span = tracing::info_span!(target: "shop::db", "query", rows = tracing::field::Empty);
///     span.record("rows", 12u64);
/// });
/// let span = &logs.spans()[0];
/// assert_eq!((span.name.as_str(), span.target.as_str()), ("query", "shop::db"));
/// assert_eq!(span.level, Level::INFO);
/// assert_eq!(span.fields["rows"], Value::U64(12));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SpanRecord {
    /// The name.
    pub name: String,
    /// The target (module path by default).
    pub target: String,
    /// The level.
    pub level: Level,
    /// The fields, typed.
    pub fields: BTreeMap<String, Value>,
}

/// Everything recorded by one capture.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub events: Vec<Event>,
    pub spans: Vec<SpanRecord>,
    /// Index into `spans` of each live span id.
    by_id: BTreeMap<u64, usize>,
}

pub(crate) type Shared = Arc<Mutex<Recorder>>;

pub(crate) fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Recorder> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Collects fields into a map; the `message` field goes apart.
#[derive(Default)]
struct Fields {
    message: Option<String>,
    values: BTreeMap<String, Value>,
}

impl Fields {
    fn put(&mut self, field: &Field, value: Value) {
        if field.name() == "message" {
            self.message = Some(value.text());
        } else {
            self.values.insert(field.name().to_owned(), value);
        }
    }
}

impl Visit for Fields {
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, Value::I64(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, Value::U64(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, Value::F64(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, Value::Bool(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, Value::Str(value.to_owned()));
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let mut chain = Vec::new();
        let mut source = value.source();
        while let Some(cause) = source {
            chain.push(cause.to_string());
            source = cause.source();
        }
        self.put(
            field,
            Value::Error {
                message: value.to_string(),
                chain,
            },
        );
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, Value::Debug(format!("{value:?}")));
    }
}

/// The layer that records into a [`Recorder`] (or, for the process-wide capture, into
/// whichever recorder is active).
pub(crate) struct CaptureLayer {
    pub target: Target,
}

pub(crate) enum Target {
    /// One capture's recorder.
    Fixed(Shared),
    /// The process-wide captures currently running (nested ones stack), each with the most
    /// verbose level it takes.
    Active(&'static Mutex<Vec<(Shared, LevelFilter)>>),
}

impl CaptureLayer {
    /// Record into this layer's recorder or, for the process-wide layer, into every
    /// active capture whose level takes `level` (spans: every one).
    fn with_recorder(&self, level: Option<&Level>, mut f: impl FnMut(&mut Recorder)) {
        match &self.target {
            Target::Fixed(shared) => f(&mut lock(shared)),
            Target::Active(active) => {
                let current = active
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                for (shared, filter) in current {
                    if level.is_none_or(|l| filter >= *l) {
                        f(&mut lock(&shared));
                    }
                }
            }
        }
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for CaptureLayer {
    /// Never let a callsite's interest be cached: each event asks the dispatcher current
    /// on its thread. Together with the global subscriber every capture installs (see
    /// `logs::ensure_global`), this keeps a callsite first hit on a thread with no capture
    /// from being cached as "never", which a capture on another thread could then miss.
    fn register_callsite(&self, _: &'static tracing::Metadata<'static>) -> Interest {
        Interest::sometimes()
    }

    /// The process-wide layer takes events only while a process-wide capture runs, so
    /// that with none running the code under test costs what it costs with no subscriber.
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        match &self.target {
            Target::Fixed(_) => true,
            Target::Active(active) => active
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
                .any(|(_, filter)| filter >= metadata.level()),
        }
    }

    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, _ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let meta = attrs.metadata();
        let record = SpanRecord {
            name: meta.name().to_owned(),
            target: meta.target().to_owned(),
            level: *meta.level(),
            fields: fields.values,
        };
        self.with_recorder(None, |r| {
            r.by_id.insert(id.into_u64(), r.spans.len());
            r.spans.push(record.clone());
        });
    }

    fn on_record(&self, id: &span::Id, values: &span::Record<'_>, _ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        self.with_recorder(None, |r| {
            if let Some(&index) = r.by_id.get(&id.into_u64()) {
                r.spans[index].fields.extend(fields.values.clone());
            }
        });
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let spans = ctx
            .event_scope(event)
            .map(|scope| scope.from_root().map(|s| s.name().to_owned()).collect())
            .unwrap_or_default();
        let meta = event.metadata();
        let recorded = Event {
            level: *meta.level(),
            target: meta.target().to_owned(),
            message: fields.message.unwrap_or_default(),
            fields: fields.values,
            spans,
        };
        self.with_recorder(Some(meta.level()), |r| r.events.push(recorded.clone()));
    }
}
