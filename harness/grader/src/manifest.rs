//! `kata.toml`: the single source of truth about a kata. The schema is documented in
//! `docs/kata-toml.md`; [`load`] parses and validates it, and every error names the file,
//! the line and the field.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::glob;
use crate::report::escape;

/// The manifest schema version this grader reads.
pub const SCHEMA: u32 = 1;

/// A parsed, validated `kata.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Must be [`SCHEMA`].
    pub schema: u32,
    /// Human title.
    pub title: String,
    /// The flaw family (one of [`FAMILIES`]).
    pub family: String,
    /// How hard the kata is.
    pub difficulty: Difficulty,
    /// Position in the learning track: `cargo kata list` sorts by it.
    pub track: u32,
    /// One sentence: what is wrong and what to achieve.
    pub summary: String,
    /// The source-text topics the kata teaches.
    pub topics: Vec<String>,
    /// Hard limit for one run of a test binary, in seconds; a run past it is killed.
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: u64,
    /// Progressive hints, from gentle to explicit; `cargo kata hint` reveals one per call.
    /// Kept in [`HINTS_FILE`] beside the manifest, so a learner reading `kata.toml` for
    /// its check ids does not read the recipe by accident ([`load`] reads both); a
    /// manifest may still list them itself.
    #[serde(default)]
    pub hints: Vec<String>,
    /// What one run of a test binary may use (memory, processes, output, temp disk).
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// Which paths the learner edits and which the grader protects.
    pub paths: Paths,
    /// Test-craft katas: the crate under test, whose features select curated mutants and
    /// refactors (`mutants` and `refactors` checks).
    #[serde(default)]
    pub subject: Option<SubjectCrate>,
    /// The kata's profiling entry, for `cargo kata profile`.
    #[serde(default)]
    pub profile: Option<ProfileEntry>,
    /// The checks, in the order they are shown.
    #[serde(rename = "check")]
    pub checks: Vec<Spanned<Check>>,
}

fn default_time_limit() -> u64 {
    120
}

/// The families of flaw, in track order.
pub const FAMILIES: &[&str] = &[
    "flaky-tests",
    "seams-and-mocks",
    "logging",
    "hot-paths",
    "memory",
    "concurrency-io",
    "serialization",
    "test-craft",
];

/// How hard a kata is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    Intro,
    Core,
    Advanced,
}

impl Difficulty {
    /// The name used in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Intro => "intro",
            Difficulty::Core => "core",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// What the learner may change and what the grader protects (globs, see [`crate::glob`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    /// Paths the learner is meant to edit.
    pub editable: Vec<String>,
    /// Paths that must stay as shipped (the tamper check).
    pub protected: Vec<String>,
}

impl Paths {
    /// Whether `relative` (inside the package's folder) is one of the learner's files: it
    /// matches an editable glob and no protected one.
    pub fn is_editable(&self, relative: &Path) -> bool {
        let relative = relative.to_string_lossy().replace('\\', "/");
        self.editable.iter().any(|g| glob::matches(g, &relative))
            && !self.protected.iter().any(|g| glob::matches(g, &relative))
    }
}

/// The crate a test-craft kata's learner tests (protected, a path dependency of the kata
/// under its package name). Feature `mutant-<name>` swaps in a mutant, `refactor-<name>`
/// an equivalent rewrite; normal builds enable neither, and the learner's test crate
/// cannot see a dependency's features.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectCrate {
    /// The subject crate's package name (also the dependency's name in the kata's
    /// `Cargo.toml`).
    pub package: String,
}

/// A kata's profiling entry: a bench target without a harness whose `main` calls
/// `kata_profile::run` with the workload (`benches/<bench>.rs`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileEntry {
    /// The bench target's name.
    pub bench: String,
}

/// One curated change to the subject: a mutant (a realistic bug) or a refactor (the same
/// behaviour, written another way).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Kebab-case name; the subject's feature is `mutant-<name>` or `refactor-<name>`.
    pub name: String,
    /// What it changes, in a learner's words ("refund sign flipped").
    pub about: String,
}

/// One graded check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Short unique id, shown in reports (`schedule`, `no-real-sleep`).
    pub id: String,
    /// What kind of check.
    pub kind: CheckKind,
    /// Points earned when it passes.
    #[serde(default)]
    pub points: u32,
    /// Shown when the check fails.
    #[serde(default)]
    pub hint: Option<String>,
    /// What `cargo kata verify` expects of the kata as shipped.
    pub shipped: Expect,
    /// `kind = "test"`: a test's full name, or a module path that selects every test
    /// below it.
    #[serde(default)]
    pub test: Option<String>,
    /// `kind = "budget"`: the most seconds the whole suite may take.
    #[serde(default)]
    pub max_secs: Option<f64>,
    /// `kind = "flake"`, `"budget"` and `"refactors"`: libtest thread counts to run the
    /// suite at.
    #[serde(default)]
    pub threads: Option<Vec<u32>>,
    /// `kind = "flake"` and `"refactors"`: how many times to run the suite at each thread
    /// count.
    #[serde(default)]
    pub repeats: Option<u32>,
    /// The figure as the shipped code measures it, for reports (e.g. `"≈ 2.0"`).
    #[serde(default)]
    pub shipped_figure: Option<String>,
    /// `kind = "policy"`: paths from the default policy this kata's code may use (its
    /// lesson needs them, e.g. `std::thread::sleep` in a kata about real sleeping).
    #[serde(default)]
    pub allow: Option<Vec<String>>,
    /// `kind = "policy"`: more paths this kata's code may not use (its lesson's own
    /// loopholes, e.g. an uncounted `std::sync::Mutex` in a kata that counts locks).
    #[serde(default)]
    pub forbid: Option<Vec<String>>,
    /// `kind = "mutants"`: the curated mutants the learner's tests must kill.
    #[serde(default)]
    pub mutants: Option<Vec<Change>>,
    /// `kind = "mutants"`: how many must be killed for the check to pass (all by default).
    #[serde(default)]
    pub min_killed: Option<u32>,
    /// `kind = "refactors"`: equivalent rewrites the learner's tests must still pass on.
    #[serde(default)]
    pub refactors: Option<Vec<Change>>,
}

/// The kinds of check (DESIGN.md, "Grading model").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// Named tests in the kata's `tests/` must pass.
    Test,
    /// The whole suite, repeated at several thread counts, must be green every time.
    Flake,
    /// Every test must pass when run alone.
    Isolation,
    /// The whole suite must finish within a gross wall-time cap.
    Budget,
    /// Protected files must equal upstream.
    Tamper,
    /// The editable code calls nothing the kata's policy forbids (clippy's `disallowed-*`
    /// lints, see `policy.rs`).
    Policy,
    /// The learner's tests pass on the subject and fail on each curated mutant
    /// (`mutants.rs`).
    Mutants,
    /// The learner's tests still pass on equivalent rewrites of the subject (`mutants.rs`).
    Refactors,
    /// The suite leaves nothing in its temp folder (`leftovers.rs`).
    Leftovers,
}

impl CheckKind {
    /// The name used in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Test => "test",
            CheckKind::Flake => "flake",
            CheckKind::Isolation => "isolation",
            CheckKind::Budget => "budget",
            CheckKind::Tamper => "tamper",
            CheckKind::Policy => "policy",
            CheckKind::Mutants => "mutants",
            CheckKind::Refactors => "refactors",
            CheckKind::Leftovers => "leftovers",
        }
    }
}

/// What a check does on the kata as shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// The flaw makes it fail.
    Fails,
    /// It already passes; it guards behaviour the fix must keep.
    Passes,
}

/// A manifest that could not be read, parsed or validated.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {field}: {message}", path.display())]
pub struct ManifestError {
    /// The manifest's path, relative to the repo where possible.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The field concerned (`check[2].test`), or `kata.toml` for the whole file.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Manifest {
    /// Total points over all checks.
    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(|c| c.get_ref().points).sum()
    }
}

/// The file beside `kata.toml` that holds a kata's progressive hints (spoilers).
pub const HINTS_FILE: &str = "hints.toml";

/// The hints file's schema: `hints = ["…", …]` and nothing else.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintsFile {
    hints: Vec<String>,
}

/// Read and validate the manifest at `path` (shown as `display_path` in errors), with the
/// hints of the [`HINTS_FILE`] beside it when there is one.
pub fn load(path: &Path, display_path: &Path) -> Result<Manifest, ManifestError> {
    let read = |path: &Path, display: &Path| {
        std::fs::read_to_string(path).map_err(|e| ManifestError {
            path: display.to_owned(),
            line: 1,
            column: 1,
            field: "kata.toml".into(),
            message: format!("cannot read: {e}"),
        })
    };
    let mut manifest = parse(&read(path, display_path)?, display_path)?;
    let hints_path = path.with_file_name(HINTS_FILE);
    if hints_path.is_file() {
        let display = display_path.with_file_name(HINTS_FILE);
        let text = read(&hints_path, &display)?;
        let file: HintsFile = toml::from_str(&text).map_err(|e| {
            let (line, column) = line_column(&text, e.span().map_or(0, |s| s.start));
            ManifestError {
                path: display.clone(),
                line,
                column,
                field: "hints".into(),
                message: escape::terminal_line(e.message().trim()),
            }
        })?;
        if !manifest.hints.is_empty() {
            return Err(ManifestError {
                path: display_path.to_owned(),
                line: 1,
                column: 1,
                field: "hints".into(),
                message: format!("hints are listed both here and in {HINTS_FILE}: keep one list"),
            });
        }
        manifest.hints = file.hints;
    }
    if manifest.hints.is_empty() {
        return Err(ManifestError {
            path: display_path.to_owned(),
            line: 1,
            column: 1,
            field: "hints".into(),
            message: format!("give at least one hint (in {HINTS_FILE} beside it)"),
        });
    }
    Ok(manifest)
}

/// Parse and validate manifest text.
pub fn parse(text: &str, display_path: &Path) -> Result<Manifest, ManifestError> {
    // The field and the message can quote the manifest (a quoted key, a value): each is
    // kept to one printable line, so the error is one `file:line:column: field: message`.
    let error_at = |span: Option<Range<usize>>, field: &str, message: String| {
        let (line, column) = line_column(text, span.map_or(0, |s| s.start));
        ManifestError {
            path: display_path.to_owned(),
            line,
            column,
            field: escape::terminal_line(field),
            message: escape::terminal_line(&message),
        }
    };
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_owned();
        let field = field_from_message(&message).unwrap_or_else(|| "kata.toml".to_owned());
        error_at(e.span(), &field, message)
    })?;
    // Semantic rules: the position is that of the whole file or of the check concerned.
    let whole = |field: &str, message: String| error_at(field_span(text, field), field, message);
    if manifest.schema != SCHEMA {
        return Err(whole(
            "schema",
            format!(
                "schema {} is not supported; this grader reads schema {SCHEMA}",
                manifest.schema
            ),
        ));
    }
    for (name, value) in [("title", &manifest.title), ("summary", &manifest.summary)] {
        if value.trim().is_empty() {
            return Err(whole(name, "must not be empty".into()));
        }
    }
    if !FAMILIES.contains(&manifest.family.as_str()) {
        return Err(whole(
            "family",
            format!(
                "unknown family `{}`; expected one of {}",
                manifest.family,
                FAMILIES.join(", ")
            ),
        ));
    }
    if manifest.time_limit_secs == 0 {
        return Err(whole("time_limit_secs", "must be at least 1".into()));
    }
    manifest
        .limits
        .validate()
        .map_err(|(field, m)| whole(field, m))?;
    for (name, patterns) in [
        ("paths.editable", &manifest.paths.editable),
        ("paths.protected", &manifest.paths.protected),
    ] {
        if patterns.is_empty() {
            return Err(whole(name, "list at least one path".into()));
        }
        for p in patterns {
            glob::validate(p).map_err(|m| whole(name, m))?;
        }
    }
    protected_module_in_editable_crate(&manifest.paths).map_err(|m| whole("paths.protected", m))?;
    if manifest.checks.is_empty() {
        return Err(whole("check", "a kata needs at least one [[check]]".into()));
    }
    if let Some(subject) = &manifest.subject {
        if !is_kebab(&subject.package) {
            return Err(whole(
                "subject.package",
                format!("`{}` is not a package name", subject.package),
            ));
        }
        // Code in the subject crate sees its features, so a learner's file there could
        // ask which mutant is built (`#[cfg(feature = ...)]`, which no lint sees).
        if let Some(p) = manifest
            .paths
            .editable
            .iter()
            .find(|p| p.starts_with("subject/") || p.starts_with("**") || p.starts_with('*'))
        {
            return Err(whole(
                "paths.editable",
                format!(
                    "`{p}` opens the subject crate, which can see its own mutant features; code the learner fixes goes in the kata's src/"
                ),
            ));
        }
    }
    if let Some(profile) = &manifest.profile
        && (profile.bench.is_empty()
            || !profile
                .bench
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(whole(
            "profile.bench",
            format!("`{}` is not a bench target's name", profile.bench),
        ));
    }
    let mut seen = Vec::new();
    for (i, spanned) in manifest.checks.iter().enumerate() {
        let check = spanned.get_ref();
        let at = |field: &str, message: String| {
            error_at(
                Some(spanned.span()),
                &format!("check[{i}].{field}"),
                message,
            )
        };
        if check.id.is_empty()
            || !check
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(at(
                "id",
                format!(
                    "`{}` must be non-empty letters, digits, `-` or `_`",
                    check.id
                ),
            ));
        }
        if seen.contains(&check.id) {
            return Err(at("id", format!("`{}` is used by another check", check.id)));
        }
        seen.push(check.id.clone());
        validate_kind_fields(check).map_err(|(field, message)| at(field, message))?;
        if matches!(check.kind, CheckKind::Mutants | CheckKind::Refactors)
            && manifest.subject.is_none()
        {
            return Err(at(
                "kind",
                format!(
                    "kind = \"{}\" needs a [subject] table naming the crate under test",
                    check.kind.as_str()
                ),
            ));
        }
        if check.points > 0 && check.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
            return Err(at("hint", "a check worth points needs a hint".into()));
        }
    }
    Ok(manifest)
}

/// Each kind takes its own fields and no others.
/// A protected file among a crate's editable sources protects nothing: the crate's
/// editable code can declare the module elsewhere (`mod x;` dropped, `#[path]`, an inline
/// `mod`) and the checks would read the learner's stand-in. What the checks rely on goes in
/// a crate of its own (hardwired-http's `transport/`).
fn protected_module_in_editable_crate(paths: &Paths) -> Result<(), String> {
    for protected in &paths.protected {
        let Some(at) = protected
            .match_indices("src/")
            .map(|(i, _)| i)
            .find(|&i| i == 0 || protected[..i].ends_with('/'))
        else {
            continue;
        };
        let src = &protected[..at + "src/".len()];
        if protected[src.len()..] == *"**" {
            continue;
        }
        if let Some(editable) = paths
            .editable
            .iter()
            .find(|e| e.starts_with(src) || e.starts_with('*'))
        {
            return Err(format!(
                "`{protected}` is protected inside a crate whose sources are editable (`{editable}`): that code can swap the module for its own, so the file protects nothing; put what the checks rely on in a crate of its own"
            ));
        }
    }
    Ok(())
}

fn validate_kind_fields(check: &Check) -> Result<(), (&'static str, String)> {
    let kind = check.kind.as_str();
    let allowed: &[&str] = match check.kind {
        CheckKind::Test => &["test"],
        CheckKind::Flake => &["threads", "repeats"],
        CheckKind::Budget => &["max_secs", "threads"],
        CheckKind::Isolation | CheckKind::Tamper | CheckKind::Leftovers => &[],
        CheckKind::Policy => &["allow", "forbid"],
        CheckKind::Mutants => &["mutants", "min_killed"],
        CheckKind::Refactors => &["refactors", "threads", "repeats"],
    };
    let present = [
        ("test", check.test.is_some()),
        ("max_secs", check.max_secs.is_some()),
        ("threads", check.threads.is_some()),
        ("repeats", check.repeats.is_some()),
        ("allow", check.allow.is_some()),
        ("forbid", check.forbid.is_some()),
        ("mutants", check.mutants.is_some()),
        ("min_killed", check.min_killed.is_some()),
        ("refactors", check.refactors.is_some()),
    ];
    for (field, is_set) in present {
        if is_set && !allowed.contains(&field) {
            return Err((
                field_name(field),
                format!("`{field}` does not apply to kind = \"{kind}\""),
            ));
        }
    }
    match check.kind {
        CheckKind::Test => match &check.test {
            None => {
                return Err((
                    "test",
                    "kind = \"test\" needs `test`: a test name or module path".into(),
                ));
            }
            Some(t) if t.trim().is_empty() => return Err(("test", "must not be empty".into())),
            Some(_) => {}
        },
        CheckKind::Budget => match check.max_secs {
            Some(s) if s > 0.0 && s.is_finite() => {}
            Some(s) => {
                return Err((
                    "max_secs",
                    format!("{s} is not a positive number of seconds"),
                ));
            }
            None => return Err(("max_secs", "kind = \"budget\" needs `max_secs`".into())),
        },
        CheckKind::Policy => {
            for path in check.forbid.iter().flatten() {
                if !path.contains("::") || path.contains(char::is_whitespace) {
                    return Err((
                        "forbid",
                        format!("`{path}` is not a path such as `std::sync::Mutex`"),
                    ));
                }
            }
            for path in check.allow.iter().flatten() {
                if !crate::policy::is_known(path) {
                    return Err((
                        "allow",
                        format!(
                            "`{path}` is not in the default policy; it lists {}",
                            crate::policy::known_paths().join(", ")
                        ),
                    ));
                }
            }
        }
        CheckKind::Mutants => {
            let mutants = check.mutants.as_deref().unwrap_or_default();
            validate_changes("mutants", mutants)?;
            if check
                .min_killed
                .is_some_and(|m| m == 0 || m as usize > mutants.len())
            {
                return Err((
                    "min_killed",
                    format!("must be between 1 and the {} mutants listed", mutants.len()),
                ));
            }
        }
        CheckKind::Refactors => {
            validate_changes("refactors", check.refactors.as_deref().unwrap_or_default())?;
        }
        _ => {}
    }
    if check
        .threads
        .as_ref()
        .is_some_and(|t| t.is_empty() || t.contains(&0))
    {
        return Err((
            "threads",
            "list one or more thread counts, each at least 1".into(),
        ));
    }
    if check.repeats == Some(0) {
        return Err(("repeats", "must be at least 1".into()));
    }
    Ok(())
}

/// A mutants or refactors list: at least one, kebab-case names used once, each described.
fn validate_changes(field: &'static str, changes: &[Change]) -> Result<(), (&'static str, String)> {
    if changes.is_empty() {
        return Err((field, format!("list at least one of the subject's {field}")));
    }
    for (i, change) in changes.iter().enumerate() {
        if !is_kebab(&change.name) {
            return Err((
                field,
                format!(
                    "`{}` must be lowercase letters, digits and `-`",
                    change.name
                ),
            ));
        }
        if changes[..i].iter().any(|c| c.name == change.name) {
            return Err((field, format!("`{}` is listed twice", change.name)));
        }
        if change.about.trim().is_empty() {
            return Err((field, format!("`{}` needs an `about`", change.name)));
        }
    }
    Ok(())
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn field_name(field: &str) -> &'static str {
    match field {
        "mutants" => "mutants",
        "min_killed" => "min_killed",
        "refactors" => "refactors",
        "test" => "test",
        "max_secs" => "max_secs",
        "threads" => "threads",
        "allow" => "allow",
        "forbid" => "forbid",
        _ => "repeats",
    }
}

/// toml's messages name the field in backticks: "missing field `title`".
fn field_from_message(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_owned())
}

/// Where a top-level key (or a dotted `table.key`) is written, for errors about it.
fn field_span(text: &str, field: &str) -> Option<Range<usize>> {
    let key = field.rsplit('.').next()?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
schema = 1
title = "Sleepy retry"
family = "flaky-tests"
difficulty = "intro"
track = 10
summary = "Backoff sleeps for real."
topics = ["mock time"]
hints = ["Look at how the retrier waits."]

[paths]
editable = ["src/**"]
protected = ["tests/**", "Cargo.toml", "kata.toml"]

[[check]]
id = "schedule"
kind = "test"
test = "schedule"
points = 3
hint = "Which clock does the wait use?"
shipped = "fails"

[[check]]
id = "tamper"
kind = "tamper"
shipped = "passes"
"#;

    fn err(text: &str) -> ManifestError {
        parse(text, Path::new("katas/x/kata.toml")).unwrap_err()
    }

    #[test]
    fn reads_a_good_manifest() {
        let m = parse(GOOD, Path::new("kata.toml")).unwrap();
        assert_eq!(m.checks.len(), 2);
        assert_eq!(m.max_points(), 3);
        assert_eq!(m.time_limit_secs, 120);
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let e = err(&GOOD.replace("title =", "titel ="));
        assert_eq!((e.line, e.field.as_str()), (3, "titel"), "{e}");
        assert!(e.to_string().starts_with("katas/x/kata.toml:3:"), "{e}");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let e = err(&GOOD.replace("points = 3", "points = \"three\""));
        assert_eq!(e.line, 19, "{e}");
    }

    #[test]
    fn kind_specific_fields_are_checked() {
        let e = err(&GOOD.replace("test = \"schedule\"", "max_secs = 1.0"));
        assert_eq!(e.field, "check[0].max_secs", "{e}");
        assert_eq!(e.line, 15, "{e}");
        let e = err(&GOOD.replace("test = \"schedule\"\n", ""));
        assert_eq!(e.field, "check[0].test", "{e}");
    }

    #[test]
    fn semantic_errors_name_the_line() {
        let e = err(&GOOD.replace("\"flaky-tests\"", "\"flaky\""));
        assert_eq!((e.line, e.field.as_str()), (4, "family"), "{e}");
        let e = err(&GOOD.replace("id = \"tamper\"", "id = \"schedule\""));
        assert_eq!(e.field, "check[1].id", "{e}");
        let e = err(&GOOD.replace("\"src/**\"", "\"../src\""));
        assert_eq!(e.field, "paths.editable", "{e}");
    }

    #[test]
    fn a_protected_module_in_an_editable_crate_is_refused() {
        let with = |protected: &str| {
            GOOD.replacen(
                "protected = [",
                &format!("protected = [\"{protected}\", "),
                1,
            )
        };
        let e = err(&with("src/transport.rs"));
        assert_eq!(e.field, "paths.protected", "{e}");
        assert!(e.to_string().contains("a crate of its own"), "{e}");
        // A crate of its own, or a whole src/ nobody may edit, is fine.
        for fine in ["transport/**", "transport/src/lib.rs", "rules/Cargo.toml"] {
            assert!(parse(&with(fine), Path::new("kata.toml")).is_ok(), "{fine}");
        }
        let whole_src = GOOD.replace("\"src/**\"]", "\"tests/suite.rs\"]").replacen(
            "protected = [",
            "protected = [\"src/**\", ",
            1,
        );
        assert!(parse(&whole_src, Path::new("kata.toml")).is_ok());
    }

    #[test]
    fn mutants_need_a_subject_and_sane_lists() {
        let mutants = GOOD.replace("test = \"schedule\"", "kind_placeholder");
        let with = |subject: &str, fields: &str| {
            mutants
                .replace(
                    "kind = \"test\"\nkind_placeholder",
                    &format!("kind = \"mutants\"\n{fields}"),
                )
                .replace(
                    "[[check]]\nid = \"schedule\"",
                    &format!("{subject}[[check]]\nid = \"schedule\""),
                )
        };
        let one = "mutants = [{ name = \"off-by-one\", about = \"expiry one tick late\" }]";
        let subject = "[subject]\npackage = \"x-subject\"\n\n";
        assert!(parse(&with(subject, one), Path::new("k")).is_ok());
        let e = err(&with("", one));
        assert_eq!(e.field, "check[0].kind", "{e}");
        let e = err(&with(subject, &format!("{one}\nmin_killed = 2")));
        assert_eq!(e.field, "check[0].min_killed", "{e}");
        let e = err(&with(
            subject,
            "mutants = [{ name = \"Off\", about = \"x\" }]",
        ));
        assert_eq!(e.field, "check[0].mutants", "{e}");
        let e = err(&with(subject, "mutants = []"));
        assert_eq!(e.field, "check[0].mutants", "{e}");
        // A refactor's runs may be repeated at thread counts (a fixture shared safely at
        // one thread only); a mutant is killed by one run, so those fields do not apply.
        let refactor = "refactors = [{ name = \"ranges\", about = \"looked up by range\" }]";
        let repeated = with(
            subject,
            &format!("{refactor}\nthreads = [1, 8]\nrepeats = 3"),
        )
        .replace("kind = \"mutants\"", "kind = \"refactors\"");
        assert!(parse(&repeated, Path::new("k")).is_ok());
        let e = err(&repeated.replace("repeats = 3", "repeats = 0"));
        assert_eq!(e.field, "check[0].repeats", "{e}");
        let e = err(&with(subject, &format!("{one}\nrepeats = 3")));
        assert_eq!(e.field, "check[0].repeats", "{e}");
    }

    #[test]
    fn syntax_error_is_located() {
        let e = err("schema = 1\ntitle = \n");
        assert_eq!(e.line, 2, "{e}");
    }
}
