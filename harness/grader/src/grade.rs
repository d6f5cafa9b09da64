//! Grade one kata: build it, run its checks in manifest order, report each verdict.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::build::{self, Built};
use crate::checks::{self, CheckResult, Outcome, Suite, SuiteRun};
use crate::events::{Event, Sink};
use crate::manifest::CheckKind;
use crate::tamper;
use crate::workspace::{Kata, Workspace};

/// Which code is graded against the kata's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// The kata's own folder: the learner's code (or, in `verify`, the shipped flaw).
    Kata,
    /// The reference solution under `solutions/<id>`.
    Solution,
    /// One of the kata's variants under `solutions/<id>/variants/` (see `variants.rs`).
    Variant,
}

/// Options for a grade.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Compare protected files with this git revision instead of the hash manifest.
    pub base: Option<String>,
    /// Grade only these checks (`--check`); all when empty.
    pub only: Vec<String>,
    /// With [`Subject::Variant`]: which of the kata's variants (`grade --variant`).
    pub variant: Option<String>,
}

/// Everything about one kata's grade.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KataReport {
    pub kata: String,
    pub title: String,
    pub subject: Subject,
    /// The variant's name, when `subject` is a variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Only some of the kata's checks were graded (`--check`, or a variant that only has
    /// to be caught): then the kata is never `solved`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The compiler's first error, when the code did not build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_error: Option<String>,
    pub checks: Vec<CheckResult>,
    pub passed: usize,
    pub total: usize,
    pub points: u32,
    pub max_points: u32,
    pub solved: bool,
}

impl KataReport {
    fn mark_partial(&mut self, partial: bool) {
        self.partial = partial;
        self.solved &= !partial;
    }

    fn new(
        kata: &Kata,
        subject: Subject,
        build_error: Option<String>,
        checks: Vec<CheckResult>,
    ) -> Self {
        let passed = checks.iter().filter(|c| c.passed()).count();
        KataReport {
            kata: kata.id.clone(),
            title: kata.manifest.title.clone(),
            subject,
            variant: None,
            partial: false,
            build_error,
            passed,
            total: checks.len(),
            points: checks.iter().map(|c| c.points).sum(),
            max_points: checks.iter().map(|c| c.max_points).sum(),
            solved: passed == checks.len(),
            checks,
        }
    }
}

/// Grade `kata` (or its solution), sending events to `sink` as verdicts arrive.
pub fn grade(
    workspace: &Workspace,
    kata: &Kata,
    subject: Subject,
    options: &Options,
    sink: &mut dyn Sink,
) -> Result<KataReport, Error> {
    let (package, package_dir, label) = match subject {
        Subject::Kata => (kata.id.clone(), kata.dir.clone(), kata.id.clone()),
        Subject::Solution => {
            let dir = workspace.solution_dir(&kata.id).ok_or_else(|| {
                Error::Config(format!(
                    "kata `{}` has no solutions/{}/Cargo.toml",
                    kata.id, kata.id
                ))
            })?;
            (
                format!("{}-solution", kata.id),
                dir,
                format!("{} (solution)", kata.id),
            )
        }
        Subject::Variant => {
            let name = options
                .variant
                .as_deref()
                .ok_or_else(|| Error::Config("a variant is graded with `grade_variant`".into()))?;
            let check_ids: Vec<&str> = kata
                .manifest
                .checks
                .iter()
                .map(|c| c.get_ref().id.as_str())
                .collect();
            let corpus = crate::variants::of(workspace.root(), &kata.id, &check_ids)?;
            let Some(variant) = corpus.iter().find(|v| v.name == name) else {
                let names: Vec<&str> = corpus.iter().map(|v| v.name.as_str()).collect();
                return Err(Error::Config(format!(
                    "kata `{}` has no variant `{name}`{}",
                    kata.id,
                    crate::suggest::nearest(name, names.iter().copied()).map_or_else(
                        || format!("; its variants: {}", names.join(", ")),
                        |s| format!("; did you mean `{s}`?")
                    )
                )));
            };
            (
                variant.package.clone(),
                variant.dir.clone(),
                format!("{} (variant {name})", kata.id),
            )
        }
    };
    if let Some(unknown) = options
        .only
        .iter()
        .find(|id| !kata.manifest.checks.iter().any(|c| &c.get_ref().id == *id))
    {
        let ids: Vec<&str> = kata
            .manifest
            .checks
            .iter()
            .map(|c| c.get_ref().id.as_str())
            .collect();
        return Err(Error::Config(format!(
            "kata `{}` has no check `{unknown}`{}",
            kata.id,
            crate::suggest::nearest(unknown, ids.iter().copied()).map_or_else(
                || format!("; its checks: {}", ids.join(", ")),
                |s| format!("; did you mean `{s}`?")
            )
        )));
    }
    let target = Target {
        subject,
        package,
        package_dir,
        label,
        // Naming every check is a whole grade.
        only: (!options.only.is_empty()
            && !kata
                .manifest
                .checks
                .iter()
                .all(|c| options.only.contains(&c.get_ref().id)))
        .then(|| options.only.clone()),
    };
    let mut report = grade_package(workspace, kata, &target, options, sink)?;
    if subject == Subject::Variant {
        report.variant.clone_from(&options.variant);
    }
    Ok(report)
}

/// Grade one of the kata's variants against its checks.
pub fn grade_variant(
    workspace: &Workspace,
    kata: &Kata,
    variant: &crate::variants::Variant,
    options: &Options,
    sink: &mut dyn Sink,
) -> Result<KataReport, Error> {
    // A partial fix or a cheat only has to be caught by the checks it names: the others
    // (a flake check's many runs, say) are not spent on it.
    let only = (variant.kind != crate::variants::Kind::Valid).then(|| variant.caught_by.clone());
    let target = Target {
        subject: Subject::Variant,
        package: variant.package.clone(),
        package_dir: variant.dir.clone(),
        label: format!("{} (variant {})", kata.id, variant.name),
        only,
    };
    let mut report = grade_package(workspace, kata, &target, options, sink)?;
    report.variant = Some(variant.name.clone());
    Ok(report)
}

/// What a grade grades: a package (the kata's, its solution's or a variant's), in its
/// folder, and which of the kata's checks (all of them, unless `only` names some).
struct Target {
    subject: Subject,
    package: String,
    package_dir: PathBuf,
    label: String,
    only: Option<Vec<String>>,
}

impl Target {
    fn checks<'k>(&self, kata: &'k Kata) -> impl Iterator<Item = &'k crate::manifest::Check> {
        let only = self.only.clone();
        kata.manifest
            .checks
            .iter()
            .map(|c| c.get_ref())
            .filter(move |c| only.as_ref().is_none_or(|ids| ids.contains(&c.id)))
    }
}

fn grade_package(
    workspace: &Workspace,
    kata: &Kata,
    target: &Target,
    options: &Options,
    sink: &mut dyn Sink,
) -> Result<KataReport, Error> {
    let (subject, package, package_dir, label) = (
        target.subject,
        target.package.clone(),
        target.package_dir.clone(),
        target.label.as_str(),
    );
    sink.event(Event::KataStarted { kata, subject });
    sink.event(Event::Activity(format!("{label}: building tests")));
    let time_limit = Duration::from_secs(kata.manifest.time_limit_secs);
    let scratch = scratch_dir(workspace, &package);
    let spec = build::Spec {
        learner_files: Some((&package_dir, &kata.manifest.paths)),
        ..build::Spec::default()
    };
    let suite = match build::build_tests(workspace, &package, &spec)? {
        Built::Failed { first_error } => {
            let message = format!("the code does not compile:\n{first_error}");
            return Ok(finish(
                kata,
                target,
                Some(first_error),
                sink,
                |check| {
                    if check.kind == CheckKind::Tamper {
                        None
                    } else {
                        Some(CheckResult::new(
                            check,
                            Outcome::NotBuilt,
                            Some(message.clone()),
                        ))
                    }
                },
                workspace,
                options,
            ));
        }
        Built::Ok(binaries) => {
            sink.event(Event::Activity(format!("{label}: listing tests")));
            let place = crate::launch::Place {
                package_dir: package_dir.clone(),
                scratch: scratch.clone(),
                limits: kata.manifest.limits,
                root: workspace.root().to_owned(),
            };
            match Suite::list(binaries, &place, time_limit)? {
                Ok(suite) => suite,
                Err(problem) => {
                    return Ok(finish(
                        kata,
                        target,
                        None,
                        sink,
                        |check| {
                            (check.kind != CheckKind::Tamper).then(|| {
                                CheckResult::new(check, Outcome::Crash, Some(problem.clone()))
                            })
                        },
                        workspace,
                        options,
                    ));
                }
            }
        }
    };

    let needs_main_run = target.checks(kata).any(|c| c.kind == CheckKind::Test);
    let main_run = if needs_main_run {
        sink.event(Event::Activity(format!("{label}: running the checks")));
        // With some checks only (`--check`, a variant), run only their tests.
        let selected: Option<Vec<checks::TestId>> = target.only.as_ref().map(|_| {
            target
                .checks(kata)
                .filter(|c| c.kind == CheckKind::Test)
                .flat_map(|c| suite.select(c.test.as_deref().unwrap_or_default()))
                .collect()
        });
        suite.run_one_at_a_time(selected.as_deref())?
    } else {
        SuiteRun::default()
    };
    let mut results: Vec<CheckResult> = Vec::new();
    for check in target.checks(kata) {
        let mut result = match check.kind {
            CheckKind::Test => checks::test_check(check, &suite, &main_run),
            CheckKind::Budget => {
                sink.event(Event::Activity(format!(
                    "{label}: timing the suite for `{}`",
                    check.id
                )));
                checks::budget_check(check, &suite)?
            }
            CheckKind::Flake => checks::flake_check(check, &suite, &mut |done, total, threads| {
                sink.event(Event::Activity(format!(
                    "{label}: `{}` run {done} of {total} ({threads} thread{})",
                    check.id,
                    if threads == 1 { "" } else { "s" }
                )));
            })?,
            CheckKind::Isolation => checks::isolation_check(check, &suite, &mut |done, total| {
                sink.event(Event::Activity(format!(
                    "{label}: `{}` test {done} of {total} alone",
                    check.id
                )));
            })?,
            CheckKind::Tamper => tamper_check(workspace, kata, target, check, options),
            CheckKind::Leftovers => {
                sink.event(Event::Activity(format!(
                    "{label}: `{}` looking for files the suite leaves behind",
                    check.id
                )));
                crate::leftovers::leftovers_check(check, &suite)?
            }
            CheckKind::Mutants | CheckKind::Refactors => {
                let subject = crate::mutants::Subject {
                    workspace,
                    kata,
                    package: &package,
                    package_dir: &package_dir,
                    suite: &suite,
                };
                crate::mutants::check(&subject, check, &mut |text| {
                    sink.event(Event::Activity(format!("{label}: {text}")));
                })?
            }
            CheckKind::Policy => {
                sink.event(Event::Activity(format!(
                    "{label}: linting the code for `{}`",
                    check.id
                )));
                crate::policy::policy_check(
                    workspace,
                    &kata.id,
                    check,
                    &kata.manifest.paths,
                    &package,
                    &package_dir,
                )?
            }
        };
        say_once(&mut result, &results);
        sink.event(Event::CheckFinished {
            kata,
            result: &result,
        });
        results.push(result);
    }
    let mut report = KataReport::new(kata, subject, None, results);
    report.mark_partial(target.only.is_some());
    sink.event(Event::KataFinished(&report));
    Ok(report)
}

/// A failure whose text an earlier check already gave (the learner's tests red on the real
/// code fail both `mutants` and `refactors`, say) points to it instead of repeating it.
fn say_once(result: &mut CheckResult, earlier: &[CheckResult]) {
    let Some(message) = &result.message else {
        return;
    };
    for first in earlier.iter().filter(|r| !r.passed()) {
        let Some(said) = &first.message else {
            continue;
        };
        if said == message {
            result.message = Some(format!("fails for the same reason as `{}` above", first.id));
            // The cause and what to do about it were said above.
            result.hint = None;
            return;
        }
        // A flake check's "run 1 of 15: <test> failed: <the failure>" quoting a failure
        // shown above (whose own prefix names the tests that failed): keep what it adds,
        // point to the rest.
        if let Some(quoted) = quoted_part(said, message) {
            let pointer = format!("the failure shown under `{}` above", first.id);
            result.message = Some(message.replacen(quoted, &pointer, 1));
            return;
        }
    }
}

/// The longest part of `said` that `message` quotes: `said` whole, or what follows one of
/// its `": "`, no shorter than [`QUOTED_AT_LEAST`].
fn quoted_part<'a>(said: &'a str, message: &str) -> Option<&'a str> {
    std::iter::once(said)
        .chain(
            said.match_indices(": ")
                .map(|(i, sep)| &said[i + sep.len()..]),
        )
        .take_while(|tail| tail.len() >= QUOTED_AT_LEAST)
        .find(|tail| message.contains(tail))
}

/// The shortest earlier message `say_once` replaces inside a later one: shorter ones
/// ("assertion failed") are common words, not one failure quoted twice.
const QUOTED_AT_LEAST: usize = 40;

/// Grade the kata's reference solution, when it has one.
pub fn grade_solution(
    workspace: &Workspace,
    kata: &Kata,
    options: &Options,
    sink: &mut dyn Sink,
) -> Result<Option<KataReport>, Error> {
    match workspace.solution_dir(&kata.id) {
        Some(_) => grade(workspace, kata, Subject::Solution, options, sink).map(Some),
        None => Ok(None),
    }
}

/// Finish a kata that could not run: `verdict` gives each check's result, or `None` for
/// checks that can still be evaluated (the tamper check needs no build).
fn finish(
    kata: &Kata,
    target: &Target,
    build_error: Option<String>,
    sink: &mut dyn Sink,
    verdict: impl Fn(&crate::manifest::Check) -> Option<CheckResult>,
    workspace: &Workspace,
    options: &Options,
) -> KataReport {
    let mut results = Vec::new();
    for check in target.checks(kata) {
        let mut result =
            verdict(check).unwrap_or_else(|| tamper_check(workspace, kata, target, check, options));
        // A compile error is one cause: shown under the first check, pointed to after.
        say_once(&mut result, &results);
        sink.event(Event::CheckFinished {
            kata,
            result: &result,
        });
        results.push(result);
    }
    let mut report = KataReport::new(kata, target.subject, build_error, results);
    report.mark_partial(target.only.is_some());
    sink.event(Event::KataFinished(&report));
    report
}

fn tamper_check(
    workspace: &Workspace,
    kata: &Kata,
    target: &Target,
    check: &crate::manifest::Check,
    options: &Options,
) -> CheckResult {
    let compared = match &options.base {
        Some(base) => tamper::against_base(workspace.root(), kata, base),
        None => tamper::against_seal(workspace.root(), kata),
    };
    // A solution or a variant stands in for the learner's copy of the kata: its own
    // copies of protected files (a kata's real transport, say) must be the kata's.
    let compared = match (compared, target.subject) {
        (Ok(mut d), Subject::Solution | Subject::Variant) => {
            match tamper::stand_in_differences(kata, &target.package_dir) {
                Ok(mine) => {
                    d.changed.extend(mine.changed);
                    d.added.extend(mine.added);
                    d.symlinks.extend(mine.symlinks);
                    Ok(d)
                }
                Err(e) => Err(e),
            }
        }
        (other, _) => other,
    };
    let reference = options
        .base
        .as_deref()
        .map_or_else(|| tamper::SEAL_FILE.to_owned(), |b| format!("`{b}`"));
    match compared {
        Ok(d) if d.is_clean() => CheckResult::new(check, Outcome::Pass, None),
        Ok(d) => {
            // Files only added outside every glob are not protected files that differ.
            let only_outside = tamper::Differences {
                outside_editable: Vec::new(),
                ..d.clone()
            }
            .is_clean();
            let message = if only_outside {
                format!("files {}", d.describe())
            } else {
                format!("protected files differ from {reference}: {}", d.describe())
            };
            let mut r = CheckResult::new(check, Outcome::Fail, Some(message));
            r.location = d.files().next().map(|f| checks::Location {
                file: workspace.display(&kata.dir.join(f)),
                line: 1,
            });
            r
        }
        Err(problem) => CheckResult::new(check, Outcome::Error, Some(problem)),
    }
}

/// The grader's own scratch space, inside the target dir (never in a learner's files).
fn scratch_dir(workspace: &Workspace, package: &str) -> PathBuf {
    workspace
        .target_dir()
        .join("cargo-kata")
        .join(format!("{package}-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{CheckKind, Expect};

    fn failed(id: &str, message: &str) -> CheckResult {
        CheckResult {
            id: id.into(),
            kind: CheckKind::Mutants,
            outcome: Outcome::Fail,
            points: 0,
            max_points: 1,
            message: Some(message.into()),
            hint: None,
            figure: None,
            series: Vec::new(),
            location: None,
            shipped: Expect::Fails,
        }
    }

    #[test]
    fn a_repeated_failure_points_to_the_first() {
        let first = failed(
            "catches-bugs",
            "your tests must pass on the real code first",
        );
        let mut second = failed("not-brittle", "your tests must pass on the real code first");
        let mut other = failed("stable", "run 1 failed");
        say_once(&mut second, std::slice::from_ref(&first));
        say_once(&mut other, std::slice::from_ref(&first));
        assert_eq!(
            second.message.as_deref(),
            Some("fails for the same reason as `catches-bugs` above")
        );
        assert_eq!(other.message.as_deref(), Some("run 1 failed"));
    }

    #[test]
    fn a_failure_quoted_by_a_later_check_is_pointed_to() {
        let cause = "boundary decisions right = 8 (bar >= 16): expired one tick early";
        let first = failed(
            "boundary",
            &format!("boundary::exact (3 of 5 tests fail): {cause}"),
        );
        let mut flake = failed(
            "no-flakes",
            &format!("run 1 of 15 at 1 thread: boundary::exact failed: {cause}"),
        );
        say_once(&mut flake, std::slice::from_ref(&first));
        assert_eq!(
            flake.message.as_deref(),
            Some(
                "run 1 of 15 at 1 thread: boundary::exact failed: the failure shown under `boundary` above"
            )
        );
        // A short message is a common phrase, not a quotation.
        let short = failed("a", "assertion failed");
        let mut later = failed("b", "run 2: assertion failed: x == y");
        say_once(&mut later, std::slice::from_ref(&short));
        assert_eq!(
            later.message.as_deref(),
            Some("run 2: assertion failed: x == y")
        );
    }
}
