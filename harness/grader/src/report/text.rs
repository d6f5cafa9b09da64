//! Small text helpers shared by the machine formats.

use crate::checks::{CheckResult, Outcome};

/// The failure text of a check as one block: what failed, the figure, the hint.
pub fn failure_text(check: &CheckResult) -> String {
    let mut parts = Vec::new();
    if let Some(figure) = &check.figure {
        parts.push(figure.describe());
    }
    if let Some(message) = &check.message {
        parts.push(message.clone());
    }
    if let Some(hint) = &check.hint {
        parts.push(format!("hint: {hint}"));
    }
    parts.join("\n")
}

/// "pass", "fail", "timeout", … as in the JSON schema.
pub fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
        Outcome::Timeout => "timeout",
        Outcome::Crash => "crash",
        Outcome::NotBuilt => "not-built",
        Outcome::Error => "error",
    }
}
