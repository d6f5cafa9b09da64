//! `cargo kata verify --timings`: where a verify's time goes, so a maintainer can keep CI
//! inside its budget. Phases are the grader's own activity messages ("kata (variant x):
//! running the checks"); each lasts until the next one starts. Time is added up twice:
//! by what was done (building, a flake check's runs, rebuilding for mutants, linting),
//! with counters and names folded so that a check's thirty runs make one line, and by
//! whom it was done for (the kata as shipped, its solution, each variant).

use std::time::{Duration, Instant};

/// Time spent, added up by what was done and by whom for.
#[derive(Debug, Default)]
pub struct Timings {
    current: Option<(String, String, Instant)>,
    by_task: Vec<(String, Duration)>,
    by_subject: Vec<(String, Duration)>,
}

impl Timings {
    /// A new activity began: the one before it ends now.
    pub fn begin(&mut self, activity: &str) {
        let now = Instant::now();
        self.close(now);
        let (subject, task) = split(activity);
        self.current = Some((subject, task, now));
    }

    /// The last activity ends now.
    pub fn end(&mut self) {
        self.close(Instant::now());
    }

    fn close(&mut self, now: Instant) {
        if let Some((subject, task, since)) = self.current.take() {
            let took = now - since;
            add(&mut self.by_task, task, took);
            add(&mut self.by_subject, subject, took);
        }
    }

    /// From the first activity to the end of the last.
    pub fn total(&self) -> Duration {
        self.by_task.iter().map(|(_, d)| *d).sum()
    }

    /// Lines for the terminal: the total, then the `top` slowest tasks and subjects.
    pub fn lines(&self, top: usize) -> Vec<String> {
        let mut lines = vec![format!("  time: {:.1} s", self.total().as_secs_f64())];
        for (heading, spent) in [("by task", &self.by_task), ("by subject", &self.by_subject)] {
            lines.push(format!("    {heading}:"));
            let (slowest, rest) = slowest(spent, top);
            for (name, took) in slowest {
                lines.push(format!("      {:>6.1} s  {name}", took.as_secs_f64()));
            }
            if !rest.is_zero() {
                lines.push(format!("      {:>6.1} s  (the rest)", rest.as_secs_f64()));
            }
        }
        lines
    }
}

fn add(spent: &mut Vec<(String, Duration)>, key: String, took: Duration) {
    match spent.iter_mut().find(|(k, _)| *k == key) {
        Some((_, total)) => *total += took,
        None => spent.push((key, took)),
    }
}

/// The `top` largest, largest first, and what the others took together.
fn slowest(spent: &[(String, Duration)], top: usize) -> (Vec<(&str, Duration)>, Duration) {
    let mut sorted: Vec<(&str, Duration)> = spent.iter().map(|(k, d)| (k.as_str(), *d)).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.1));
    let rest = sorted.iter().skip(top).map(|(_, d)| *d).sum();
    sorted.truncate(top);
    (sorted, rest)
}

/// "kata (variant x): mutant 3 of 8: off-by-one" → ("kata (variant x)", "mutant # of #"):
/// whom it was for, and what was done with its counters folded and any name after it cut.
fn split(activity: &str) -> (String, String) {
    let mut parts = activity.splitn(3, ": ");
    let first = parts.next().unwrap_or_default();
    match parts.next() {
        Some(task) => (first.to_owned(), fold_numbers(task)),
        None => (String::new(), fold_numbers(first)),
    }
}

/// Counters folded to `#`, so that each run of a check adds to the same line.
fn fold_numbers(activity: &str) -> String {
    let mut phase = String::with_capacity(activity.len());
    let mut in_number = false;
    for c in activity.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                phase.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            phase.push(c);
        }
    }
    phase
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activities_split_into_subject_and_folded_task() {
        assert_eq!(
            split("k (variant x): `flaky` run 12 of 30 (8 threads)"),
            (
                "k (variant x)".into(),
                "`flaky` run # of # (# threads)".into()
            )
        );
        assert_eq!(
            split("k: mutant 3 of 8: off-by-one"),
            ("k".into(), "mutant # of #".into())
        );
        assert_eq!(split("building"), (String::new(), "building".into()));
    }

    #[test]
    fn each_run_adds_to_its_task_and_its_subject() {
        let mut timings = Timings::default();
        for activity in ["k: run 1 of 3", "k: run 2 of 3", "k (solution): building"] {
            timings.begin(activity);
            std::thread::sleep(Duration::from_millis(2));
        }
        timings.end();
        assert_eq!(timings.by_task.len(), 2, "{:?}", timings.by_task);
        assert_eq!(timings.by_subject.len(), 2, "{:?}", timings.by_subject);
        let (top, rest) = slowest(&timings.by_task, 1);
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].1 + rest, timings.total());
        assert!(timings.lines(1).iter().any(|l| l.contains("(the rest)")));
    }
}
