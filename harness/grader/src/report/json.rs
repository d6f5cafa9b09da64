//! JSON documents with a versioned schema (docs/json-schema.md). Each has `schema` (what
//! it is) and `version` (bumped on any incompatible change).

use serde::Serialize;

use crate::grade::KataReport;
use crate::report::escape;
use crate::stress::Stability;
use crate::verify::Verification;

/// The schema version of every document below.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    schema: &'a str,
    version: u32,
    #[serde(flatten)]
    body: T,
}

/// The document, pretty-printed. `serde_json` escapes every control character in strings;
/// [`escape::json`] also writes `##[` as `##\u005b` (the same string to a reader), so a
/// document printed to a CI log holds no workflow command.
fn render<T: Serialize>(schema: &str, body: T) -> String {
    let document = serde_json::to_string_pretty(&Document {
        schema,
        version: VERSION,
        body,
    })
    .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string());
    escape::json(&document)
}

#[derive(Serialize)]
struct Grades<'a> {
    katas: &'a [KataReport],
    passed: usize,
    failed: usize,
    /// Files a pull request changed outside the katas' editable paths (`--changed`).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    outside_editable: &'a [String],
}

/// `cargo kata grade --format json`.
pub fn grades(reports: &[KataReport]) -> String {
    grades_with_outside(reports, &[])
}

/// `cargo kata grade --changed --format json`, with the files changed outside the katas'
/// editable paths.
pub fn grades_with_outside(reports: &[KataReport], outside_editable: &[String]) -> String {
    let passed = reports.iter().filter(|r| r.solved).count();
    let body = Grades {
        katas: reports,
        passed,
        failed: reports.len() - passed,
        outside_editable,
    };
    render("cargo-kata/grade", body)
}

#[derive(Serialize)]
struct Verifications<'a> {
    katas: &'a [Verification],
    passed: usize,
    failed: usize,
}

/// `cargo kata verify --format json`.
pub fn verifications(list: &[Verification]) -> String {
    let passed = list.iter().filter(|v| v.live).count();
    render(
        "cargo-kata/verify",
        Verifications {
            katas: list,
            passed,
            failed: list.len() - passed,
        },
    )
}

/// One row of `cargo kata list`.
#[derive(Debug, Clone, Serialize)]
pub struct ListEntry {
    pub id: String,
    pub title: String,
    pub family: String,
    pub difficulty: String,
    pub track: u32,
    /// `"solved"`, `"in-progress"` or `"not-tried"`.
    pub status: String,
    pub checks_passed: usize,
    pub checks_total: usize,
    pub points: u32,
    pub max_points: u32,
}

#[derive(Serialize)]
struct List<'a> {
    katas: &'a [ListEntry],
}

/// `cargo kata list --format json`.
pub fn list(entries: &[ListEntry]) -> String {
    render("cargo-kata/list", List { katas: entries })
}

#[derive(Serialize)]
struct Stabilities<'a> {
    katas: &'a [Stability],
    passed: usize,
    failed: usize,
}

/// `cargo kata stress --format json`.
pub fn stability(list: &[Stability]) -> String {
    let passed = list.iter().filter(|s| s.is_stable()).count();
    render(
        "cargo-kata/stress",
        Stabilities {
            katas: list,
            passed,
            failed: list.len() - passed,
        },
    )
}

/// `cargo kata changed --format json`.
pub fn changes(changes: &crate::changes::Changes) -> String {
    render("cargo-kata/changed", changes)
}

/// `cargo kata gate --format json`.
pub fn gate(report: &crate::gate::Report) -> String {
    render("cargo-kata/gate", report)
}

/// `cargo kata review --format json`.
pub fn review(review: &crate::review::Review) -> String {
    render("cargo-kata/review", review)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::escape::hostile;

    #[test]
    fn hostile_text_is_data_in_json_documents() {
        let reports = [hostile::report()];
        let outside = [hostile::text()];
        for out in [
            grades_with_outside(&reports, &outside),
            verifications(&[hostile::verification()]),
            review(&hostile::review()),
        ] {
            assert!(!hostile::has_raw_control(&out), "{out:?}");
            assert!(hostile::workflow_commands(&out).is_empty(), "{out}");
            let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
            let kata = doc.pointer("/katas/0/kata").or(doc.get("kata")).unwrap();
            assert_eq!(kata.as_str(), Some(hostile::report().kata.as_str()));
        }
        let doc: serde_json::Value =
            serde_json::from_str(&grades_with_outside(&reports, &outside)).unwrap();
        assert_eq!(
            doc["katas"][0]["checks"][1]["message"].as_str(),
            hostile::report().checks[1].message.as_deref()
        );
        assert_eq!(
            doc["outside_editable"][0].as_str(),
            Some(hostile::text().as_str())
        );
    }
}
