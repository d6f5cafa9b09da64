//! The JSON rendering of captured events, for insta snapshots.

use serde_json::{Map, Value as Json, json};

use super::{Event, Value};

pub(super) fn events(events: &[Event], redact: &[&str]) -> Json {
    Json::Array(events.iter().map(|e| event(e, redact)).collect())
}

fn event(e: &Event, redact: &[&str]) -> Json {
    let mut fields = Map::new();
    for (name, value) in &e.fields {
        let rendered = if redact.contains(&name.as_str()) {
            json!("[redacted]")
        } else {
            field(value)
        };
        fields.insert(name.clone(), rendered);
    }
    json!({
        "level": e.level.to_string(),
        "target": e.target,
        "message": e.message,
        "fields": fields,
        "spans": e.spans,
    })
}

fn field(value: &Value) -> Json {
    match value {
        Value::I64(v) => json!(v),
        Value::U64(v) => json!(v),
        Value::F64(v) => json!(v),
        Value::Bool(v) => json!(v),
        Value::Str(s) => json!(s),
        Value::Debug(s) => json!({ "debug": s }),
        Value::Error { message, chain } => json!({ "error": message, "chain": chain }),
    }
}
