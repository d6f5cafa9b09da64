//! The `mutants` and `refactors` checks: a test-craft kata grades the learner's tests by
//! what they catch.
//!
//! The code under test is a crate of its own (the kata's `[subject]`), a protected path
//! dependency of the kata. Each curated change to it is a cargo feature of that crate:
//! `mutant-<name>` swaps in a realistic bug, `refactor-<name>` an equivalent rewrite.
//! The grader builds the learner's test targets once per change with
//! `--features <subject>/<feature>` and runs them:
//!
//! - a mutant is **killed** when at least one of the learner's tests fails on it (libtest
//!   reports it `FAILED`: an assertion, or a panic the test raised on a wrong result). A
//!   crash, a hang past the time limit or a build that fails kills nothing;
//! - a refactor **survives** when every test still passes on it.
//!
//! Why the tests cannot tell which change they run against except by behaviour: features
//! are the subject crate's, and a crate sees only its own features (`cfg!(feature = ...)`
//! in the learner's tests names the kata's features, which never change); the subject's
//! public API is the same under every feature; the policy check forbids the other tells
//! (environment, program arguments, the binary's path, type names); and every run of the
//! learner's tests (on the real subject, on each mutant, on each refactor) gets the same
//! arguments and environment.
//!
//! Like cargo-mutants, a mutant is named and described, and only a test failure counts as
//! catching it; unlike it, mutants are curated by the kata's author rather than generated
//! from the syntax tree, so each one is a bug worth catching, and there are few enough to
//! build each in a few seconds (one rebuild of the subject and the learner's test crate).

use std::path::Path;

use crate::Error;
use crate::build::{self, Built, TestBinary};
use crate::checks::{CheckResult, FigureView, Outcome, Suite, SuiteRun, TestVerdict};
use crate::manifest::{Change, Check, CheckKind};
use crate::workspace::{Kata, Workspace};

/// The package being graded and the suite its main build produced.
pub struct Subject<'a> {
    pub workspace: &'a Workspace,
    pub kata: &'a Kata,
    /// The graded package (the kata's, its solution's or a variant's).
    pub package: &'a str,
    pub package_dir: &'a Path,
    /// Its tests, as built without any change to the subject.
    pub suite: &'a Suite,
}

/// What the learner's tests did against one build of the subject.
#[derive(Debug, Clone, PartialEq)]
pub enum Against {
    /// Every test passed.
    Green,
    /// At least one test failed: its name and message.
    Failed { test: String, message: String },
    /// No test failed, but one crashed, hung, or did not run: what happened.
    Broken(String),
    /// The change did not build (a kata bug for refactors, nothing killed for mutants).
    NotBuilt(String),
}

/// Evaluate a `mutants` or `refactors` check. `activity` hears what is being built or run.
pub fn check(
    subject: &Subject,
    check: &Check,
    activity: &mut dyn FnMut(String),
) -> Result<CheckResult, Error> {
    let learner = learner_suite(subject.suite);
    if learner.binaries.is_empty() {
        return Ok(CheckResult::new(
            check,
            Outcome::Error,
            Some(format!(
                "no tests of yours were found: the learner's tests are the kata's editable files under tests/ ({})",
                subject.kata.manifest.paths.editable.join(", ")
            )),
        ));
    }
    activity("running your tests on the real code".into());
    let real = learner.run_all(None, None)?;
    match against(&real) {
        Against::Green => {}
        other => {
            let mut result = CheckResult::new(
                check,
                Outcome::Fail,
                Some(format!(
                    "your tests must pass on the real code first, and they do not: {}",
                    red_on_real_code(&real).unwrap_or_else(|| describe(&other))
                )),
            );
            // The check's own hint is about what it measures, which it could not: say
            // what comes first instead.
            result.hint = Some(
                "This check runs once your tests pass on the real code: make them pass first (a test that finds a real bug stays red until the bug is fixed).".into(),
            );
            return Ok(result);
        }
    }
    if check.kind == CheckKind::Mutants
        && let Some(refused) = red_when_relaid(subject, &learner, check, activity)?
    {
        return Ok(refused);
    }
    match check.kind {
        CheckKind::Refactors => refactors(subject, &learner, check, activity),
        _ => mutants(subject, &learner, check, activity),
    }
}

/// A planted bug changes the code's size, so it moves functions in the binary: a suite
/// could "catch" one by where a function sits (`f as fn(..) as usize`, `{:p}`, a fn
/// pointer's `Debug`) rather than by what it does. Such a suite also fails on the real
/// code compiled another way, which this build is: the subject and the graded package at
/// another optimisation level and codegen-unit count, drawn at random per grade so that
/// no layout can be learnt in advance. The learner's tests must pass there too before
/// any planted bug counts as caught; `None` when they do.
fn red_when_relaid(
    subject: &Subject,
    learner: &Suite,
    check: &Check,
    activity: &mut dyn FnMut(String),
) -> Result<Option<CheckResult>, Error> {
    let relaid = Relayout::drawn();
    activity(format!(
        "running your tests on the real code compiled another way ({relaid})"
    ));
    let config = relaid.config(&relaid_packages(subject));
    let outcome = match build_against(subject, learner, None, &config)? {
        Ok(suite) => against(&suite.run_all(None, None)?),
        Err(not_run) => not_run,
    };
    Ok(match outcome {
        Against::Green => None,
        Against::NotBuilt(error) => Some(CheckResult::new(
            check,
            Outcome::Error,
            Some(format!(
                "the real code compiled another way ({relaid}) does not build, which is the kata's fault, not yours: {error}"
            )),
        )),
        other => {
            let mut result = CheckResult::new(
                check,
                Outcome::Fail,
                Some(format!(
                    "your tests must pass on the real code first: they pass on it as usually compiled, but not compiled another way ({relaid}; the same code doing the same, its functions laid out elsewhere): {}",
                    describe(&other)
                )),
            );
            result.hint = Some(
                "A test judges the code by what it returns and does; one that passes only while the functions sit where one build put them catches no real bug.".into(),
            );
            Some(result)
        }
    })
}

/// The packages whose code the learner's tests call and a planted bug can move: the
/// kata's subject and the graded package (its library is the kata's).
fn relaid_packages<'a>(subject: &'a Subject) -> Vec<&'a str> {
    let mut packages = vec![subject.package];
    if let Some(under_test) = &subject.kata.manifest.subject {
        packages.push(under_test.package.as_str());
    }
    packages
}

/// A profile override that lays the same code out differently.
#[derive(Debug, Clone, Copy)]
struct Relayout {
    opt_level: &'static str,
    codegen_units: u32,
}

impl Relayout {
    /// Every optimised level and a few unit counts: fifteen layouts, all unlike the
    /// unoptimised build the other runs use.
    const OPT_LEVELS: [&'static str; 5] = ["1", "2", "3", "\"s\"", "\"z\""];
    const CODEGEN_UNITS: [u32; 3] = [1, 2, 4];

    /// One at random (the standard library's hasher seed: no dependency needed).
    fn drawn() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let draw = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish() as usize;
        Relayout {
            opt_level: Self::OPT_LEVELS[draw % Self::OPT_LEVELS.len()],
            codegen_units: Self::CODEGEN_UNITS
                [draw / Self::OPT_LEVELS.len() % Self::CODEGEN_UNITS.len()],
        }
    }

    /// Cargo `--config` values that apply it to `packages`.
    fn config(&self, packages: &[&str]) -> Vec<String> {
        packages
            .iter()
            .flat_map(|package| {
                [
                    format!("profile.dev.package.{package}.opt-level={}", self.opt_level),
                    format!(
                        "profile.dev.package.{package}.codegen-units={}",
                        self.codegen_units
                    ),
                ]
            })
            .collect()
    }
}

impl std::fmt::Display for Relayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "opt-level {}, {} codegen unit{}",
            self.opt_level.trim_matches('"'),
            self.codegen_units,
            if self.codegen_units == 1 { "" } else { "s" }
        )
    }
}

fn mutants(
    subject: &Subject,
    learner: &Suite,
    check: &Check,
    activity: &mut dyn FnMut(String),
) -> Result<CheckResult, Error> {
    let mutants = check.mutants.as_deref().unwrap_or_default();
    let mut survivors = Vec::new();
    for (i, mutant) in mutants.iter().enumerate() {
        activity(format!(
            "planted bug {} of {}: {}",
            i + 1,
            mutants.len(),
            mutant.name
        ));
        let feature = format!("mutant-{}", mutant.name);
        let outcome = match build_against(subject, learner, Some(&feature), &[])? {
            Ok(suite) => against(&suite.run_all(None, None)?),
            Err(not_run) => not_run,
        };
        if !matches!(outcome, Against::Failed { .. }) {
            survivors.push((mutant, outcome));
        }
    }
    let total = mutants.len();
    let killed = total - survivors.len();
    let needed = check.min_killed.map_or(total, |m| m as usize);
    let mut result = if killed >= needed {
        CheckResult::new(check, Outcome::Pass, None)
    } else {
        let mut r = CheckResult::new(
            check,
            Outcome::Fail,
            Some(format!(
                "{} of {total} planted bugs got past your tests (catch at least {needed}; until then the points scale with the bugs caught):\n{}",
                survivors.len(),
                list(&survivors, "no test failed")
            )),
        );
        // Points scale with the mutants killed.
        r.points = check.points * killed as u32 / total as u32;
        r
    };
    if result.passed() && !survivors.is_empty() {
        result.message = Some(format!(
            "still surviving:\n{}",
            list(&survivors, "no test failed")
        ));
    }
    result.figure = Some(FigureView {
        // The READMEs' words: a learner meets "planted bugs", never "mutants".
        name: "planted bugs caught".into(),
        value: killed as f64,
        bar: needed as f64,
        goal: "at_least".into(),
        unit: format!(" of {total}"),
        shipped: check.shipped_figure.clone(),
    });
    Ok(result)
}

fn refactors(
    subject: &Subject,
    learner: &Suite,
    check: &Check,
    activity: &mut dyn FnMut(String),
) -> Result<CheckResult, Error> {
    if let Some(empty) = crate::checks::no_tests(check, learner) {
        return Ok(empty);
    }
    let refactors = check.refactors.as_deref().unwrap_or_default();
    let mut broken = Vec::new();
    for (i, refactor) in refactors.iter().enumerate() {
        activity(format!(
            "refactor {} of {}: {}",
            i + 1,
            refactors.len(),
            refactor.name
        ));
        let feature = format!("refactor-{}", refactor.name);
        let outcome = match build_against(subject, learner, Some(&feature), &[])? {
            Ok(suite) => green_every_run(&suite, check)?,
            Err(not_run) => not_run,
        };
        if let Against::NotBuilt(error) = &outcome {
            return Ok(CheckResult::new(
                check,
                Outcome::Error,
                Some(format!(
                    "refactor `{}` does not build, which is the kata's fault, not yours: {error}",
                    refactor.name
                )),
            ));
        }
        if outcome != Against::Green {
            broken.push((refactor, outcome));
        }
    }
    let total = refactors.len();
    let mut result = if broken.is_empty() {
        CheckResult::new(check, Outcome::Pass, None)
    } else {
        // A failed assertion pins the code's form; a crash or a hang is the suite not
        // holding up (a shared fixture loaded twice, say): say the one that happened.
        let (fail, why) = if broken
            .iter()
            .any(|(_, outcome)| matches!(outcome, Against::Failed { .. }))
        {
            (
                "fail",
                " (a test that fails here pins how the code is written, not what it does)",
            )
        } else {
            ("crash or hang", "")
        };
        CheckResult::new(
            check,
            Outcome::Fail,
            Some(format!(
                "your tests {fail} on {} of {total} rewrites of the code that keep what it promises{why}:\n{}",
                broken.len(),
                list(&broken, "")
            )),
        )
    };
    result.figure = Some(FigureView {
        name: "rewrites your tests pass on".into(),
        value: (total - broken.len()) as f64,
        bar: total as f64,
        goal: "at_least".into(),
        unit: format!(" of {total}"),
        shipped: check.shipped_figure.clone(),
    });
    Ok(result)
}

/// The learner's own test binaries of a suite.
fn learner_suite(suite: &Suite) -> Suite {
    Suite {
        binaries: suite
            .binaries
            .iter()
            .filter(|(b, _)| b.learner)
            .cloned()
            .collect(),
        place: suite.place.clone(),
        time_limit: suite.time_limit,
    }
}

/// A rewrite's verdict: the learner's suite run `repeats` times at each of the check's
/// thread counts (once at libtest's default when it names none), green only when every
/// run is. A suite that holds a shared fixture safely at one thread only (taken out of a
/// mutex and put back, say) passes a single run and fails here.
fn green_every_run(suite: &Suite, check: &Check) -> Result<Against, Error> {
    let threads: Vec<Option<u32>> = match &check.threads {
        Some(counts) => counts.iter().copied().map(Some).collect(),
        None => vec![None],
    };
    let repeats = check.repeats.unwrap_or(1);
    for round in 1..=repeats {
        for &t in &threads {
            let outcome = against(&suite.run_all(t, None)?);
            if outcome == Against::Green {
                continue;
            }
            // Say which run went red when there was more than one.
            let Some(t) = t.filter(|_| repeats > 1 || threads.len() > 1) else {
                return Ok(outcome);
            };
            let run = format!(
                "run {round} of {repeats} at {t} thread{}",
                if t == 1 { "" } else { "s" }
            );
            return Ok(match outcome {
                Against::Failed { test, message } => Against::Failed {
                    test,
                    message: format!("{message} ({run})"),
                },
                Against::Broken(text) => Against::Broken(format!("{text} ({run})")),
                other => other,
            });
        }
    }
    Ok(Against::Green)
}

/// Build the learner's test targets with one of the subject's features on (or none) and
/// any `--config` values, listed exactly as on the real code; a build that fails or a
/// suite that cannot be listed is the change's verdict already.
fn build_against(
    subject: &Subject,
    learner: &Suite,
    feature: Option<&str>,
    config: &[String],
) -> Result<Result<Suite, Against>, Error> {
    let Some(crate_under_test) = &subject.kata.manifest.subject else {
        return Err(Error::Config(format!(
            "kata `{}` has no [subject]",
            subject.kata.id
        )));
    };
    let features: Vec<String> = feature
        .map(|feature| format!("{}/{feature}", crate_under_test.package))
        .into_iter()
        .collect();
    let targets: Vec<String> = learner
        .binaries
        .iter()
        .map(|(b, _)| b.target.clone())
        .collect();
    let spec = build::Spec {
        features: &features,
        tests: &targets,
        learner_files: Some((subject.package_dir, &subject.kata.manifest.paths)),
        config,
    };
    let binaries: Vec<TestBinary> =
        match build::build_tests(subject.workspace, subject.package, &spec)? {
            Built::Ok(binaries) => binaries.into_iter().filter(|b| b.learner).collect(),
            Built::Failed { first_error } => {
                return Ok(Err(Against::NotBuilt(first_line(&first_error))));
            }
        };
    Ok(Suite::list(binaries, &learner.place, learner.time_limit)?.map_err(Against::Broken))
}

/// Sum up one run: a failed test outranks a crash (the test did catch it).
fn against(run: &SuiteRun) -> Against {
    let failed = run.tests.iter().find_map(|((_, name), v)| match v {
        TestVerdict::Failed(f) => Some((name, f)),
        _ => None,
    });
    if let Some((name, failure)) = failed {
        return Against::Failed {
            test: name.clone(),
            message: first_line(&failure.message),
        };
    }
    match run.first_red() {
        None => Against::Green,
        Some(((_, name), verdict)) => Against::Broken(format!(
            "`{name}` {}",
            match verdict {
                TestVerdict::TimedOut(t) => format!("hung: {t}"),
                TestVerdict::Crashed(t) => format!("crashed: {t}"),
                TestVerdict::Ignored => "did not run (ignored)".into(),
                TestVerdict::Forged(t) => t.clone(),
                TestVerdict::Passed | TestVerdict::Failed(_) => String::new(),
            }
        )),
    }
}

/// Each failing test with its whole assertion (the values, not just "assertion failed"):
/// on the real code a failure is the learner's to read, maybe a real bug their tests found.
fn red_on_real_code(run: &SuiteRun) -> Option<String> {
    let failed: Vec<String> = run
        .tests
        .iter()
        .filter_map(|((_, name), v)| match v {
            TestVerdict::Failed(f) => Some((name, f)),
            _ => None,
        })
        .map(|(name, failure)| {
            let lines: Vec<&str> = failure
                .message
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(FAILURE_LINES)
                .collect();
            format!("`{name}` failed:\n    {}", lines.join("\n    "))
        })
        .collect();
    match failed.len() {
        0 => None,
        1 => Some(failed[0].clone()),
        n => Some(format!("{n} tests failed.\n{}", failed.join("\n"))),
    }
}

/// Lines of each failing test's message shown when the suite is red on the real code.
const FAILURE_LINES: usize = 4;

fn describe(outcome: &Against) -> String {
    match outcome {
        Against::Green => "every test passed".into(),
        Against::Failed { test, message } => format!("`{test}` failed: {message}"),
        Against::Broken(text) => text.clone(),
        Against::NotBuilt(error) => format!("it did not build: {error}"),
    }
}

/// One line per change: `name` (what it changes): what the tests did.
fn list(changes: &[(&Change, Against)], green_means: &str) -> String {
    changes
        .iter()
        .map(|(change, outcome)| {
            let what = match outcome {
                Against::Green if !green_means.is_empty() => green_means.to_owned(),
                // Only a failing test catches a mutant.
                Against::Broken(text) if !green_means.is_empty() => {
                    format!("{text} (a crash or a hang catches nothing)")
                }
                other => describe(other),
            };
            format!("  - `{}` ({}): {what}", change.name, change.about)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut line = line.trim().to_owned();
    if line.len() > 200 {
        let cut = (0..=200)
            .rev()
            .find(|&i| line.is_char_boundary(i))
            .unwrap_or(0);
        line.truncate(cut);
        line.push('…');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::libtest::Failure;

    fn run(verdicts: &[(&str, TestVerdict)]) -> SuiteRun {
        let mut run = SuiteRun::default();
        for (name, v) in verdicts {
            run.tests
                .insert(("suite".into(), (*name).into()), v.clone());
        }
        run
    }

    #[test]
    fn every_layout_can_be_drawn_and_none_is_the_usual_build() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..2_000 {
            let relaid = Relayout::drawn();
            assert_ne!(relaid.opt_level, "0");
            seen.insert((relaid.opt_level, relaid.codegen_units));
        }
        assert_eq!(
            seen.len(),
            Relayout::OPT_LEVELS.len() * Relayout::CODEGEN_UNITS.len()
        );
        let relaid = Relayout {
            opt_level: "\"s\"",
            codegen_units: 2,
        };
        assert_eq!(
            relaid.config(&["kata-subject"]),
            [
                "profile.dev.package.kata-subject.opt-level=\"s\"",
                "profile.dev.package.kata-subject.codegen-units=2"
            ]
        );
        assert_eq!(relaid.to_string(), "opt-level s, 2 codegen units");
    }

    #[test]
    fn only_a_failed_test_kills() {
        let failed = TestVerdict::Failed(Failure {
            location: None,
            message: "assertion `left == right` failed\n  left: 1".into(),
        });
        assert_eq!(against(&run(&[("a", TestVerdict::Passed)])), Against::Green);
        assert_eq!(
            against(&run(&[("a", TestVerdict::Passed), ("b", failed.clone())])),
            Against::Failed {
                test: "b".into(),
                message: "assertion `left == right` failed".into()
            }
        );
        let crashed = against(&run(&[("a", TestVerdict::Crashed("aborted".into()))]));
        assert!(matches!(crashed, Against::Broken(_)), "{crashed:?}");
        let hung = against(&run(&[("a", TestVerdict::TimedOut("killed".into()))]));
        assert!(matches!(hung, Against::Broken(_)), "{hung:?}");
        // A failure next to a crash still caught the mutant.
        let both = against(&run(&[
            ("a", TestVerdict::Crashed("aborted".into())),
            ("b", failed),
        ]));
        assert!(matches!(both, Against::Failed { .. }), "{both:?}");
    }
}
