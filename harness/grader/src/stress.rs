//! `cargo kata stress`: a maintainer's proof that a kata's verdicts are stable. Every test
//! binary of the kata (as shipped) and of its solution runs `repeats` times at each thread
//! count; a test whose outcome is not the same on every run is unstable. Run it with the
//! other core busy too.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Error;
use crate::build::{self, Built};
use crate::checks::{Suite, TestVerdict};
use crate::events::{Event, Sink};
use crate::grade::Subject;
use crate::workspace::{Kata, Workspace};

/// One subject's stability.
#[derive(Debug, Clone, Serialize)]
pub struct Stability {
    pub kata: String,
    pub subject: Subject,
    pub runs_per_thread_count: u32,
    pub threads: Vec<u32>,
    /// Tests green on every run.
    pub always_pass: usize,
    /// Tests red on every run.
    pub always_fail: Vec<String>,
    /// Tests whose outcome changed between runs: name, thread count, green runs.
    pub unstable: Vec<(String, u32, u32)>,
    /// Set when the code could not be built or listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The instability is the kata's lesson: the kata as shipped, whose `flake` check
    /// expects it to fail, unstable only in tests that are not its checks (the learner's
    /// tests, or unit tests in its code). The checks' verdicts are still stable.
    pub unstable_by_design: bool,
}

impl Stability {
    /// Every test gave one outcome on every run, or the only unstable ones are the flaky
    /// tests the kata ships to be fixed.
    pub fn is_stable(&self) -> bool {
        (self.unstable.is_empty() || self.unstable_by_design) && self.problem.is_none()
    }
}

/// Stress one subject of one kata.
pub fn stress(
    workspace: &Workspace,
    kata: &Kata,
    subject: Subject,
    repeats: u32,
    threads: &[u32],
    sink: &mut dyn Sink,
) -> Result<Stability, Error> {
    let (package, dir) = match subject {
        Subject::Kata => (kata.id.clone(), kata.dir.clone()),
        Subject::Solution => {
            let dir = workspace
                .solution_dir(&kata.id)
                .ok_or_else(|| Error::Config(format!("kata `{}` has no solution", kata.id)))?;
            (format!("{}-solution", kata.id), dir)
        }
        Subject::Variant => {
            return Err(Error::Config(
                "stress runs a kata and its solution, not variants".into(),
            ));
        }
    };
    let mut stability = Stability {
        kata: kata.id.clone(),
        subject,
        runs_per_thread_count: repeats,
        threads: threads.to_vec(),
        always_pass: 0,
        always_fail: Vec::new(),
        unstable: Vec::new(),
        problem: None,
        unstable_by_design: false,
    };
    sink.event(Event::Activity(format!("{package}: building")));
    let binaries = match build::build_tests(
        workspace,
        &package,
        &build::Spec {
            learner_files: Some((&dir, &kata.manifest.paths)),
            ..build::Spec::default()
        },
    )? {
        Built::Ok(b) => b,
        Built::Failed { first_error } => {
            stability.problem = Some(format!("does not compile: {first_error}"));
            return Ok(stability);
        }
    };
    let place = crate::launch::Place {
        package_dir: dir.clone(),
        scratch: workspace
            .target_dir()
            .join("cargo-kata")
            .join(format!("stress-{package}-{}", std::process::id())),
        limits: kata.manifest.limits,
        root: workspace.root().to_owned(),
    };
    let limit = std::time::Duration::from_secs(kata.manifest.time_limit_secs);
    let suite = match Suite::list(binaries, &place, limit)? {
        Ok(s) => s,
        Err(problem) => {
            stability.problem = Some(problem);
            return Ok(stability);
        }
    };
    // (test, threads) -> green runs
    let mut green: BTreeMap<(String, u32), u32> = BTreeMap::new();
    let checks: std::collections::BTreeSet<&str> = suite
        .binaries
        .iter()
        .filter(|(b, _)| b.attested)
        .flat_map(|(_, names)| names.iter().map(String::as_str))
        .collect();
    for round in 1..=repeats {
        for &t in threads {
            sink.event(Event::Activity(format!(
                "{package}: run {round} of {repeats} at {t} thread{}",
                if t == 1 { "" } else { "s" }
            )));
            let run = suite.run_all(Some(t), None)?;
            for ((_, name), verdict) in &run.tests {
                let is_green = matches!(verdict, TestVerdict::Passed);
                *green.entry((name.clone(), t)).or_default() += u32::from(is_green);
            }
        }
    }
    let mut per_test: BTreeMap<&str, Vec<(u32, u32)>> = BTreeMap::new();
    for ((name, t), g) in &green {
        per_test.entry(name).or_default().push((*t, *g));
    }
    for (name, counts) in per_test {
        if counts.iter().all(|(_, g)| *g == repeats) {
            stability.always_pass += 1;
        } else if counts.iter().all(|(_, g)| *g == 0) {
            stability.always_fail.push(name.to_owned());
        } else {
            for (t, g) in counts {
                stability.unstable.push((name.to_owned(), t, g));
            }
        }
    }
    let flaky_lesson = subject == Subject::Kata
        && kata.manifest.checks.iter().any(|c| {
            let c = c.get_ref();
            c.kind == crate::manifest::CheckKind::Flake
                && c.shipped == crate::manifest::Expect::Fails
        });
    stability.unstable_by_design = flaky_lesson
        && stability
            .unstable
            .iter()
            .all(|(name, _, _)| !checks.contains(name.as_str()));
    Ok(stability)
}
