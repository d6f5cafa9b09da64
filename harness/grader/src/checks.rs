//! Turn runs of a kata's test binaries into check verdicts.
//!
//! Every way a learner's code can go wrong is a verdict here, never a grader error: a
//! failing assertion, a panic, an abort or stack overflow, a hang past the time limit, or
//! a binary that exits before reporting all of its tests.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::build::TestBinary;
use crate::launch::{self, Evidence, Place, Refused};
use crate::libtest::{self, Failure, Reported};
use crate::limits::Limits;
use crate::manifest::{Check, CheckKind, Expect};
use crate::runner::Exit;

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The check passed.
    Pass,
    /// It ran and failed.
    Fail,
    /// A run was still going at the kata's time limit and was killed.
    Timeout,
    /// A test binary crashed, aborted, or exited before reporting its tests.
    Crash,
    /// The code did not compile.
    NotBuilt,
    /// The check could not be evaluated (e.g. it names a test that does not exist).
    Error,
}

impl Outcome {
    /// Short label for terminals.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::Timeout => "TIMEOUT",
            Outcome::Crash => "CRASH",
            Outcome::NotBuilt => "NO BUILD",
            Outcome::Error => "ERROR",
        }
    }
}

/// A figure a check measured, with its bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureView {
    pub name: String,
    pub value: f64,
    pub bar: f64,
    /// `"at_most"` or `"at_least"`.
    pub goal: String,
    pub unit: String,
    /// The shipped code's value, from the manifest, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped: Option<String>,
}

impl FigureView {
    /// Whether the value is on the passing side of the bar.
    pub fn passes(&self) -> bool {
        if self.goal == "at_least" {
            self.value >= self.bar
        } else {
            self.value <= self.bar
        }
    }

    /// The value with its unit: "2.00", "31.4 MiB", "7.52 s".
    pub fn value_text(&self) -> String {
        with_unit(self.value, &self.unit)
    }

    /// The bar with its unit: "1.30", "256.0 KiB".
    pub fn describe_bar(&self) -> String {
        with_unit(self.bar, &self.unit)
    }

    /// "fitted exponent = 2.00 (bar <= 1.30; as shipped ≈ 2.0)".
    pub fn describe(&self) -> String {
        let mut text = self.measured();
        text.pop();
        if let Some(shipped) = &self.shipped {
            text.push_str(&format!("; as shipped {shipped}"));
        }
        text.push(')');
        text
    }

    /// "fitted exponent = 2.00 (bar <= 1.30)": the words a check's own assertion
    /// (`kata_toolkit::figure::check`) starts its failure message with.
    pub fn measured(&self) -> String {
        let op = if self.goal == "at_least" { ">=" } else { "<=" };
        format!(
            "{} = {} (bar {op} {})",
            self.name,
            with_unit(self.value, &self.unit),
            with_unit(self.bar, &self.unit)
        )
    }
}

/// A value with its unit, as the toolkit shows it: bytes in binary multiples.
fn with_unit(value: f64, unit: &str) -> String {
    if unit != "bytes" {
        return format!("{}{unit}", number(value));
    }
    let mut v = value.max(0.0);
    if v < 1024.0 {
        return format!("{v:.0} B");
    }
    let mut index = 0;
    let units = ["KiB", "MiB", "GiB", "TiB"];
    v /= 1024.0;
    while v >= 1024.0 && index + 1 < units.len() {
        v /= 1024.0;
        index += 1;
    }
    format!("{v:.1} {}", units[index])
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Where a failure happened, relative to the repo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
}

/// One check's verdict, with everything a report shows about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckResult {
    pub id: String,
    pub kind: CheckKind,
    pub outcome: Outcome,
    pub points: u32,
    pub max_points: u32,
    /// What failed and why (absent on a pass).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The check's hint (shown on a failure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<FigureView>,
    /// The curves behind the figure, when the check reported its points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<crate::series::Series>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What the kata as shipped is meant to do on this check.
    pub shipped: Expect,
}

impl CheckResult {
    /// A verdict for `check`, with points earned only on a pass.
    pub fn new(check: &Check, outcome: Outcome, message: Option<String>) -> Self {
        CheckResult {
            id: check.id.clone(),
            kind: check.kind,
            outcome,
            points: if outcome == Outcome::Pass {
                check.points
            } else {
                0
            },
            max_points: check.points,
            message,
            hint: check.hint.clone(),
            figure: None,
            series: Vec::new(),
            location: None,
            shipped: check.shipped,
        }
    }

    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Pass
    }
}

/// How one test ended in one run.
#[derive(Debug, Clone, PartialEq)]
pub enum TestVerdict {
    Passed,
    Ignored,
    Failed(Failure),
    TimedOut(String),
    /// Crashed or never reported; the text says which.
    Crashed(String),
    /// Reported `ok` without the proof that the check ran to its end, or run from a
    /// binary that changed after the build: the text says which.
    Forged(String),
}

impl TestVerdict {
    /// Only a pass is green: the grader runs ignored tests too, so one still reported as
    /// ignored was not run.
    fn is_green(&self) -> bool {
        matches!(self, TestVerdict::Passed)
    }
}

/// A test's identity: the binary (cargo target) it lives in and its full name.
pub type TestId = (String, String);

/// The tests of a built package, with what they need to run.
#[derive(Debug, Clone)]
pub struct Suite {
    /// Each binary with the tests it lists.
    pub binaries: Vec<(TestBinary, Vec<String>)>,
    /// Where and under which limits its binaries run.
    pub place: Place,
    /// The per-run time limit.
    pub time_limit: Duration,
}

/// One run of a suite (or part of one).
#[derive(Debug, Clone, Default)]
pub struct SuiteRun {
    pub tests: BTreeMap<TestId, TestVerdict>,
    pub figures: Vec<FigureRecord>,
    pub series: Vec<crate::series::Series>,
    pub wall: Duration,
}

impl SuiteRun {
    /// The first test that was not green, if any.
    pub fn first_red(&self) -> Option<(&TestId, &TestVerdict)> {
        self.tests.iter().find(|(_, v)| !v.is_green())
    }
}

/// A figure a test reported through `kata_toolkit::figure`.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRecord {
    pub test: String,
    pub name: String,
    pub value: f64,
    pub bar: f64,
    pub goal: String,
    pub unit: String,
}

impl Suite {
    /// List every binary's tests (each listing is itself a run under the time limit).
    pub fn list(
        binaries: Vec<TestBinary>,
        place: &Place,
        time_limit: Duration,
    ) -> Result<Result<Suite, String>, Error> {
        let mut listed = Vec::new();
        // A test file the kata does not ship is not run: it is no check, and `protected`
        // names it (said once, not as a forged check in every suite run).
        for binary in binaries.into_iter().filter(|b| b.stray.is_none()) {
            let args = ["--list", "--format", "terse"].map(str::to_owned);
            let output = match launch::run(&binary, &args, place, time_limit, false)? {
                Ok(evidence) => evidence.output,
                Err(Refused::BinaryChanged(problem)) => {
                    return Ok(Err(format!("binary changed: {problem}; it was not run")));
                }
            };
            if output.exit != Exit::Code(0) {
                let said: Vec<&str> = output
                    .stderr
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .take(3)
                    .collect();
                return Ok(Err(format!(
                    "listing the tests of `{}` failed ({}){}",
                    binary.target,
                    output.exit.describe(),
                    if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", said.join(" / "))
                    }
                )));
            }
            let names = libtest::parse_list(&output.stdout);
            listed.push((binary, names));
        }
        Ok(Ok(Suite {
            binaries: listed,
            place: place.clone(),
            time_limit,
        }))
    }

    /// Every test, as `(binary, name)`.
    pub fn all_tests(&self) -> impl Iterator<Item = TestId> + '_ {
        self.binaries
            .iter()
            .flat_map(|(b, names)| names.iter().map(move |n| (b.target.clone(), n.clone())))
    }

    /// Tests selected by a check's `test` field: that exact name, or every test in that
    /// module path. Never the learner's own tests (a test-craft kata's editable test
    /// file): a test of theirs named like a check is not that check.
    pub fn select(&self, selector: &str) -> Vec<TestId> {
        let prefix = format!("{selector}::");
        self.binaries
            .iter()
            .filter(|(b, _)| !b.learner)
            .flat_map(|(b, names)| names.iter().map(move |n| (b.target.clone(), n.clone())))
            .filter(|(_, name)| name == selector || name.starts_with(&prefix))
            .collect()
    }

    /// Run every binary once with `threads` test threads (libtest's default when `None`).
    /// `stop_after` cuts each binary off early (for budgets), recorded as a timeout.
    pub fn run_all(
        &self,
        threads: Option<u32>,
        stop_after: Option<Duration>,
    ) -> Result<SuiteRun, Error> {
        let mut run = SuiteRun::default();
        for (binary, names) in &self.binaries {
            // Every test runs, `#[ignore]`d ones too: an ignored slow or flaky test must
            // not make a budget or a flake check easier.
            let mut args = ["--color", "never", "--include-ignored"]
                .map(str::to_owned)
                .to_vec();
            if let Some(t) = threads {
                args.extend(["--test-threads".to_owned(), t.to_string()]);
            }
            let limit = stop_after.map_or(self.time_limit, |s| s.min(self.time_limit));
            self.run_binary(binary, names, &args, limit, false, &mut run)?;
        }
        Ok(run)
    }

    /// Run one test alone, in a process of its own.
    pub fn run_alone(&self, test: &TestId) -> Result<SuiteRun, Error> {
        let mut run = SuiteRun::default();
        if let Some((binary, _)) = self.binaries.iter().find(|(b, _)| b.target == test.0) {
            let args = [
                "--color",
                "never",
                "--include-ignored",
                "--exact",
                &test.1,
                "--test-threads",
                "1",
            ]
            .map(str::to_owned);
            self.run_binary(
                binary,
                std::slice::from_ref(&test.1),
                &args,
                self.time_limit,
                true,
                &mut run,
            )?;
        }
        Ok(run)
    }

    /// The main run of a grade: every binary once (or, with `only`, just those tests), its
    /// tests one at a time (`--test-threads 1`), told so. A check then runs alone in its process while it
    /// measures, so its measurements cover every thread there (work the code under test
    /// moves to a thread it spawns included), and no other test can disturb them.
    pub fn run_one_at_a_time(&self, only: Option<&[TestId]>) -> Result<SuiteRun, Error> {
        let mut jobs = Vec::new();
        for (binary, names) in &self.binaries {
            let mut names = names.clone();
            if let Some(only) = only {
                names.retain(|n| only.iter().any(|(b, t)| *b == binary.target && t == n));
            }
            for shard in shards(&names, parallelism()) {
                jobs.push((binary, shard));
            }
        }
        // The shards run side by side, each a process of its own running one test at a
        // time: alone while it measures, and the machine's cores still in use.
        let runs: Vec<Result<SuiteRun, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|(binary, shard)| {
                    scope.spawn(move || {
                        let mut args: Vec<String> = [
                            "--color",
                            "never",
                            "--include-ignored",
                            "--test-threads",
                            "1",
                        ]
                        .map(str::to_owned)
                        .into();
                        args.push("--exact".into());
                        args.extend(shard.iter().cloned());
                        let mut run = SuiteRun::default();
                        self.run_binary(binary, shard, &args, self.time_limit, true, &mut run)?;
                        Ok(run)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::Config("a run thread panicked".into())))
                })
                .collect()
        });
        let mut merged = SuiteRun::default();
        for run in runs {
            let run = run?;
            merged.wall = merged.wall.max(run.wall);
            merged.figures.extend(run.figures);
            merged.series.extend(run.series);
            merged.tests.extend(run.tests);
        }
        Ok(merged)
    }

    fn run_binary(
        &self,
        binary: &TestBinary,
        expected: &[String],
        args: &[String],
        limit: Duration,
        alone: bool,
        run: &mut SuiteRun,
    ) -> Result<(), Error> {
        let evidence = match launch::run(binary, args, &self.place, limit, alone)? {
            Ok(evidence) => evidence,
            Err(Refused::BinaryChanged(problem)) => {
                for name in expected {
                    run.tests.insert(
                        (binary.target.clone(), name.clone()),
                        TestVerdict::Forged(format!("binary changed: {problem}; it was not run")),
                    );
                }
                return Ok(());
            }
        };
        run.wall += evidence.output.wall;
        run.figures.extend(evidence.figures.iter().cloned());
        run.series.extend(evidence.series.iter().cloned());
        let report = libtest::parse_run(&evidence.output.stdout);
        let verdicts = verdicts_of(
            &report,
            &evidence,
            binary.attested,
            expected,
            limit,
            &self.place.limits,
        );
        for (name, verdict) in verdicts {
            run.tests.insert((binary.target.clone(), name), verdict);
        }
        Ok(())
    }
}

/// How many test processes a grade runs side by side: the machine's cores, at most 4.
fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Split `names` into at most `count` shards, keeping each module's tests together (they
/// often share an expensive fixture), the largest modules first onto the smallest shard.
fn shards(names: &[String], count: usize) -> Vec<Vec<String>> {
    let mut modules: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for name in names {
        let module = name.split("::").next().unwrap_or(name);
        modules.entry(module).or_default().push(name.clone());
    }
    let mut groups: Vec<Vec<String>> = modules.into_values().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mut shards: Vec<Vec<String>> = vec![Vec::new(); count.clamp(1, groups.len().max(1))];
    for group in groups {
        let smallest = shards
            .iter_mut()
            .min_by_key(|s| s.len())
            .expect("at least one shard");
        smallest.extend(group);
    }
    shards.retain(|s| !s.is_empty());
    shards
}

/// Each expected test's verdict from one binary run, cross-checked against the binary's
/// own summary and exit status.
fn verdicts_of(
    report: &libtest::RunReport,
    evidence: &Evidence,
    attested: bool,
    expected: &[String],
    limit: Duration,
    limits: &Limits,
) -> Vec<(String, TestVerdict)> {
    let output = &evidence.output;
    let passed = report
        .results
        .values()
        .filter(|r| **r == Reported::Passed)
        .count();
    let failed = report
        .results
        .values()
        .filter(|r| **r == Reported::Failed)
        .count();
    let consistent = report
        .summary
        .is_none_or(|s| s.passed == passed && s.failed == failed);
    let crash_detail = crash_detail(&output.stderr);
    let signal = match output.exit {
        Exit::Signal(s) => Some(s),
        _ => None,
    };
    let breach = if output.overflowed {
        Some(format!(
            "printed more than {} of output, so it was stopped",
            crate::limits::mib_text(limits.output_mib)
        ))
    } else {
        limits.breach(signal, &output.stderr)
    };
    expected
        .iter()
        .map(|name| {
            let verdict = match report.results.get(name) {
                _ if !consistent => TestVerdict::Crashed(format!(
                    "the test binary's report does not add up ({passed} tests said ok, its summary says {}): output was tampered with",
                    report.summary.map_or(0, |s| s.passed)
                )),
                // A test that reported ok before its binary died did pass; the ones that
                // never reported are the crash's verdicts below.
                Some(Reported::Passed) if attested && !evidence.stamps.completed.contains(name) => TestVerdict::Forged(
                    "forged output: the test binary said `ok`, but the check never ran to its end (no completion stamp)".into(),
                ),
                Some(Reported::Passed) => TestVerdict::Passed,
                Some(Reported::Ignored) => TestVerdict::Ignored,
                Some(Reported::Failed) => {
                    TestVerdict::Failed(report.failures.get(name).cloned().unwrap_or_else(|| Failure { location: None, message: "failed".into() }))
                }
                None if breach.is_some() => TestVerdict::Crashed(breach.clone().unwrap_or_default()),
                None => match output.exit {
                    Exit::TimedOut => TestVerdict::TimedOut(format!("still running after {} s, so it was killed", secs(limit))),
                    Exit::Code(0) => TestVerdict::Crashed("the test binary exited with code 0 before this test reported a result".into()),
                    other => TestVerdict::Crashed(format!("the test binary was {} before this test reported{crash_detail}", match other {
                        Exit::Code(c) => format!("ended with exit code {c}"),
                        _ => other.describe(),
                    })),
                },
            };
            (name.clone(), verdict)
        })
        .collect()
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

/// The lines of stderr that say why a process died (stack overflow, abort, …).
fn crash_detail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("overflowed its stack")
                || l.contains("fatal runtime error")
                || l.contains("panicked at")
                || l.contains("aborting")
                || l.contains("panic in a")
        })
        .take(3)
        .collect();
    if lines.is_empty() {
        String::new()
    } else {
        format!(": {}", lines.join(" / "))
    }
}

/// Verdict of a `kind = "test"` check from the main run.
pub fn test_check(check: &Check, suite: &Suite, run: &SuiteRun) -> CheckResult {
    let selector = check.test.as_deref().unwrap_or_default();
    let selected = suite.select(selector);
    if selected.is_empty() {
        return CheckResult::new(
            check,
            Outcome::Error,
            Some(format!(
                "no test is named `{selector}` or lies under it; were the kata's tests changed?"
            )),
        );
    }
    let names: Vec<&str> = selected.iter().map(|(_, n)| n.as_str()).collect();
    let figure = pick_figure(&run.figures, &names, check);
    let first_bad = selected.iter().find_map(|id| {
        run.tests
            .get(id)
            .filter(|v| !matches!(v, TestVerdict::Passed))
            .map(|v| (id, v))
    });
    let mut result = match first_bad {
        None => CheckResult::new(check, Outcome::Pass, None),
        Some((id, verdict)) => {
            let failing = selected
                .iter()
                .filter(|id| !matches!(run.tests.get(*id), Some(TestVerdict::Passed)))
                .count();
            let of = if selected.len() > 1 {
                format!(" ({failing} of {} tests fail)", selected.len())
            } else {
                String::new()
            };
            let (outcome, text, location) = describe(verdict);
            let mut r = CheckResult::new(check, outcome, Some(format!("{}{of}: {text}", id.1)));
            r.location = location;
            r
        }
    };
    result.figure = figure;
    result.series = run
        .series
        .iter()
        .filter(|s| names.contains(&s.test.as_str()))
        .cloned()
        .collect();
    result
}

fn describe(verdict: &TestVerdict) -> (Outcome, String, Option<Location>) {
    match verdict {
        TestVerdict::Passed => (Outcome::Pass, String::new(), None),
        TestVerdict::Ignored => (Outcome::Fail, "is marked #[ignore]".into(), None),
        TestVerdict::Failed(f) => (
            Outcome::Fail,
            f.message.clone(),
            f.location.as_deref().and_then(parse_location),
        ),
        TestVerdict::TimedOut(t) => (Outcome::Timeout, t.clone(), None),
        TestVerdict::Crashed(t) => (Outcome::Crash, t.clone(), None),
        TestVerdict::Forged(t) => (Outcome::Fail, t.clone(), None),
    }
}

/// "katas/x/tests/checks.rs:34:9" → file and line. Only locations inside the katas count:
/// a panic raised inside a dependency (insta's, mockall's, the toolkit's) says nothing
/// about where the learner should look.
fn parse_location(text: &str) -> Option<Location> {
    parse_any_location(text).filter(|l| l.file.starts_with("katas/"))
}

fn parse_any_location(text: &str) -> Option<Location> {
    let mut parts = text.rsplitn(3, ':');
    let _column = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?.replace('\\', "/");
    Some(Location { file, line })
}

/// The figure to show for a check: the first one that misses its bar, else the first.
fn pick_figure(figures: &[FigureRecord], tests: &[&str], check: &Check) -> Option<FigureView> {
    let mine: Vec<FigureView> = figures
        .iter()
        .filter(|f| tests.contains(&f.test.as_str()))
        .map(|f| FigureView {
            name: f.name.clone(),
            value: f.value,
            bar: f.bar,
            goal: f.goal.clone(),
            unit: f.unit.clone(),
            shipped: check.shipped_figure.clone(),
        })
        .collect();
    mine.iter().find(|f| !f.passes()).or(mine.first()).cloned()
}

/// Verdict of a `kind = "budget"` check: the whole suite's wall time at a fixed thread
/// count, against a gross cap. The run is cut off at ten times the cap: the verdict is
/// known by then, and the figure shown is still the real one for most flaws.
pub fn budget_check(check: &Check, suite: &Suite) -> Result<CheckResult, Error> {
    let cap = check.max_secs.unwrap_or(1.0);
    let threads = check
        .threads
        .as_ref()
        .and_then(|t| t.first().copied())
        .unwrap_or(1);
    let cut_off = Duration::from_secs_f64((cap * 10.0).max(2.0));
    let run = suite.run_all(Some(threads), Some(cut_off))?;
    let killed = run
        .tests
        .values()
        .any(|v| matches!(v, TestVerdict::TimedOut(_)));
    let wall = run.wall.as_secs_f64();
    let figure = FigureView {
        // A suite stopped at the cut-off is slower than the figure: the name says so.
        name: format!(
            "suite wall time at {threads} thread{}{}",
            if threads == 1 { "" } else { "s" },
            if killed {
                format!(" (stopped at {} s)", secs(cut_off))
            } else {
                String::new()
            }
        ),
        value: (wall * 100.0).round() / 100.0,
        bar: cap,
        goal: "at_most".into(),
        unit: " s".into(),
        shipped: check.shipped_figure.clone(),
    };
    let red: Vec<&TestId> = run
        .tests
        .iter()
        .filter(|(_, v)| !v.is_green() && !matches!(v, TestVerdict::TimedOut(_)))
        .map(|(id, _)| id)
        .collect();
    let mut result = if !red.is_empty() && !killed {
        // A suite that fails fast (or forges its output) is quick for the wrong reason.
        CheckResult::new(
            check,
            Outcome::Fail,
            Some(format!(
                "the suite is not green ({} of {} tests did not pass, first `{}`), so its time says nothing: a budget counts a suite that passes",
                red.len(),
                run.tests.len(),
                red[0].1
            )),
        )
    } else if wall <= cap && !killed {
        CheckResult::new(check, Outcome::Pass, None)
    } else if killed {
        CheckResult::new(
            check,
            Outcome::Fail,
            Some(format!(
                "the suite was still running after {} s (budget {} s), so it was stopped",
                secs(cut_off),
                number(cap)
            )),
        )
    } else {
        CheckResult::new(
            check,
            Outcome::Fail,
            Some(format!(
                "the suite took {wall:.2} s of wall time (budget {} s): something waits for real",
                number(cap)
            )),
        )
    };
    result.figure = Some(figure);
    Ok(result)
}

/// Verdict of a `kind = "flake"` check: the suite repeated at each thread count, green
/// every time. Stops at the first red run. `on_run` is told each run as it starts.
pub fn flake_check(
    check: &Check,
    suite: &Suite,
    on_run: &mut dyn FnMut(u32, u32, u32),
) -> Result<CheckResult, Error> {
    let repeats = check.repeats.unwrap_or(5);
    let threads = check.threads.clone().unwrap_or_else(|| vec![1, 8]);
    let total = repeats * threads.len() as u32;
    if let Some(empty) = no_tests(check, suite) {
        return Ok(empty);
    }
    let mut done = 0;
    for round in 1..=repeats {
        for &t in &threads {
            done += 1;
            on_run(done, total, t);
            let run = suite.run_all(Some(t), None)?;
            if let Some((id, verdict)) = run.first_red() {
                let (outcome, text, location) = describe(verdict);
                let mut r = CheckResult::new(
                    check,
                    outcome,
                    Some(format!(
                        "run {round} of {repeats} at {t} thread{}: {} failed: {text}",
                        if t == 1 { "" } else { "s" },
                        id.1
                    )),
                );
                r.location = location;
                r.figure = Some(green_runs_figure(check, done - 1, total));
                return Ok(r);
            }
        }
    }
    let mut r = CheckResult::new(check, Outcome::Pass, None);
    r.figure = Some(green_runs_figure(check, total, total));
    Ok(r)
}

/// A check that holds a suite to something (green every run, green alone, green on every
/// rewrite) holds nothing when the suite has no test: an empty suite fails it, or
/// deleting every test would earn its points.
pub fn no_tests(check: &Check, suite: &Suite) -> Option<CheckResult> {
    (suite.all_tests().next().is_none()).then(|| {
        CheckResult::new(
            check,
            Outcome::Fail,
            Some("the suite has no test to run: an empty suite holds nothing".into()),
        )
    })
}

fn green_runs_figure(check: &Check, green: u32, total: u32) -> FigureView {
    FigureView {
        name: "green runs in a row".into(),
        value: f64::from(green),
        bar: f64::from(total),
        goal: "at_least".into(),
        unit: format!(" of {total}"),
        shipped: check.shipped_figure.clone(),
    }
}

/// Verdict of a `kind = "isolation"` check: every test passes alone.
pub fn isolation_check(
    check: &Check,
    suite: &Suite,
    on_test: &mut dyn FnMut(usize, usize),
) -> Result<CheckResult, Error> {
    if let Some(empty) = no_tests(check, suite) {
        return Ok(empty);
    }
    let tests: Vec<TestId> = suite.all_tests().collect();
    let mut failing = Vec::new();
    let mut first = None;
    for (i, test) in tests.iter().enumerate() {
        on_test(i + 1, tests.len());
        let run = suite.run_alone(test)?;
        if let Some((_, verdict)) = run.first_red() {
            failing.push(test.1.clone());
            first.get_or_insert_with(|| describe(verdict));
        }
    }
    let passing = tests.len() - failing.len();
    let figure = FigureView {
        name: "tests passing alone".into(),
        value: passing as f64,
        bar: tests.len() as f64,
        goal: "at_least".into(),
        unit: format!(" of {}", tests.len()),
        shipped: check.shipped_figure.clone(),
    };
    let mut result = match first {
        None => CheckResult::new(check, Outcome::Pass, None),
        Some((outcome, text, location)) => {
            let mut r = CheckResult::new(
                check,
                outcome,
                Some(format!(
                    "{} of {} tests fail when run alone ({}): {text}",
                    failing.len(),
                    tests.len(),
                    failing.join(", ")
                )),
            );
            r.location = location;
            r
        }
    };
    result.figure = Some(figure);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_show_bytes_in_binary_multiples() {
        let f = FigureView {
            name: "peak heap".into(),
            value: 32_925_696.0,
            bar: 262_144.0,
            goal: "at_most".into(),
            unit: "bytes".into(),
            shipped: None,
        };
        assert_eq!(f.describe(), "peak heap = 31.4 MiB (bar <= 256.0 KiB)");
        let g = FigureView {
            unit: " s".into(),
            value: 7.5,
            bar: 0.3,
            ..f
        };
        assert_eq!(g.describe(), "peak heap = 7.50 s (bar <= 0.30 s)");
    }

    #[test]
    fn shards_keep_modules_together_and_balance() {
        let names: Vec<String> = ["a::x", "a::y", "a::z", "b::x", "c::x", "c::y", "top"]
            .map(str::to_owned)
            .into();
        let split = shards(&names, 2);
        assert_eq!(split.len(), 2);
        assert_eq!(split.iter().map(Vec::len).sum::<usize>(), names.len());
        for module in ["a::", "c::"] {
            let holding: Vec<_> = split
                .iter()
                .filter(|s| s.iter().any(|n| n.starts_with(module)))
                .collect();
            assert_eq!(holding.len(), 1, "{module} split across shards: {split:?}");
        }
        assert_eq!(shards(&names[..1], 4).len(), 1);
        assert!(shards(&[], 4).is_empty());
    }

    #[test]
    fn locations_parse_from_panic_headers() {
        assert_eq!(
            parse_location("katas/x/tests/checks.rs:34:9"),
            Some(Location {
                file: "katas/x/tests/checks.rs".into(),
                line: 34
            })
        );
        assert_eq!(parse_location("no location"), None);
        assert_eq!(
            parse_location("harness/toolkit/src/clock.rs:15:1"),
            None,
            "a dependency's line is no place to look"
        );
        assert_eq!(
            parse_location("/home/u/.cargo/registry/src/insta-1.49.0/src/runtime.rs:680:13"),
            None
        );
    }
}
