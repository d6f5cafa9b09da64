//! `cargo kata watch`: grade again whenever a kata's files change, and say what changed
//! since the last grade.
//!
//! Whether something changed is decided by comparing snapshots of the kata's files (each
//! file's contents hashed), never by file events alone: events are missing on WSL2 over a
//! Windows drive, in some VMs and on network drives, and a poller that compares
//! modification times in whole seconds misses a save made within the second of the last
//! one. File events (inotify, FSEvents, ReadDirectoryChangesW) only make the look come
//! sooner; without them, or with `--poll`, or under WSL, the folder is looked at every
//! second. The baseline snapshot is taken before each grade, so a save made while a grade
//! runs is graded next.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::checks::CheckResult;
use crate::grade::KataReport;

/// How often the folder is looked at when no file events arrive.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// With file events, how often the folder is looked at anyway, in case one is lost.
pub const SAFETY_INTERVAL: Duration = Duration::from_secs(2);
/// Changes arriving within this long of each other are graded once.
const QUIET: Duration = Duration::from_millis(300);
/// Files larger than this are compared by size and modification time, not contents.
const HASHED_UP_TO: u64 = 1 << 20;

/// Which kind of watcher is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Events,
    Polling,
}

impl Mode {
    /// How the watcher notices a save, for the learner.
    pub fn describe(self) -> String {
        match self {
            Mode::Events => format!(
                "file events, and a look every {} s",
                SAFETY_INTERVAL.as_secs()
            ),
            Mode::Polling => format!("polling every {} s", POLL_INTERVAL.as_secs()),
        }
    }
}

/// A watcher on a kata's folder.
pub struct KataWatcher {
    dir: PathBuf,
    // The native watcher is kept alive for as long as its events are wanted.
    events: Option<(
        RecommendedWatcher,
        mpsc::Receiver<notify::Result<notify::Event>>,
    )>,
    baseline: Snapshot,
    pub mode: Mode,
}

impl KataWatcher {
    /// Watch `dir` recursively; `poll` (or WSL) means no file events are asked for.
    pub fn new(dir: &Path, poll: bool) -> Self {
        let events = if poll || running_under_wsl() {
            None
        } else {
            native_events(dir)
        };
        KataWatcher {
            dir: dir.to_owned(),
            mode: if events.is_some() {
                Mode::Events
            } else {
                Mode::Polling
            },
            events,
            baseline: Snapshot::take(dir),
        }
    }

    /// Remember the kata's files as they are now: call it just before grading them.
    pub fn mark(&mut self) {
        self.baseline = Snapshot::take(&self.dir);
    }

    /// Block until the kata's files differ from the last [`mark`](Self::mark), then until
    /// they have been still for a moment, so a burst of saves is graded once.
    pub fn wait_for_change(&mut self) {
        let mut now = loop {
            self.nap();
            let now = Snapshot::take(&self.dir);
            if now != self.baseline {
                break now;
            }
        };
        loop {
            std::thread::sleep(QUIET);
            let later = Snapshot::take(&self.dir);
            if later == now {
                return;
            }
            now = later;
        }
    }

    /// Sleep until a file event or the next scheduled look, whichever comes first.
    fn nap(&mut self) {
        let Some((_, events)) = &self.events else {
            std::thread::sleep(POLL_INTERVAL);
            return;
        };
        match events.recv_timeout(SAFETY_INTERVAL) {
            // Drain the burst: one look is enough for all of it.
            Ok(_) => while events.try_recv().is_ok() {},
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.events = None;
                self.mode = Mode::Polling;
            }
        }
    }
}

fn native_events(
    dir: &Path,
) -> Option<(
    RecommendedWatcher,
    mpsc::Receiver<notify::Result<notify::Event>>,
)> {
    let (sender, receiver) = mpsc::channel();
    let mut watcher =
        RecommendedWatcher::new(move |e| drop(sender.send(e)), notify::Config::default()).ok()?;
    watcher.watch(dir, RecursiveMode::Recursive).ok()?;
    Some((watcher, receiver))
}

/// The kata's files, each with a digest of its contents; build output, progress and git
/// folders below the kata are left out.
#[derive(Debug, Default, PartialEq, Eq)]
struct Snapshot(BTreeMap<PathBuf, u64>);

impl Snapshot {
    fn take(dir: &Path) -> Self {
        let mut files = BTreeMap::new();
        collect(dir, dir, &mut files);
        Snapshot(files)
    }
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, u64>) {
    // A folder or file that vanishes mid-walk is simply not in the snapshot: the next look
    // sees the folder as it settled.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if matches!(name.to_str(), Some("target" | ".kata" | ".git")) {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, files);
        } else if let Some(digest) = digest(&path) {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_owned();
            files.insert(relative, digest);
        }
    }
}

fn digest(path: &Path) -> Option<u64> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let mut hasher = DefaultHasher::new();
    meta.len().hash(&mut hasher);
    if meta.is_file() && meta.len() <= HASHED_UP_TO {
        std::fs::read(path).ok()?.hash(&mut hasher);
    } else {
        meta.modified().ok().hash(&mut hasher);
    }
    Some(hasher.finish())
}

fn running_under_wsl() -> bool {
    cfg!(target_os = "linux")
        && std::fs::read_to_string("/proc/version")
            .is_ok_and(|v| v.to_lowercase().contains("microsoft"))
}

/// What changed between two grades of the same kata, one line per check that changed.
pub fn differences(before: &KataReport, after: &KataReport) -> Vec<String> {
    let mut lines = Vec::new();
    for now in &after.checks {
        let Some(was) = before.checks.iter().find(|c| c.id == now.id) else {
            continue;
        };
        let outcome_changed = was.outcome != now.outcome;
        // A budget's figure is wall time, which moves on every run: only its verdict is news.
        let figure_changed =
            figure_of(was) != figure_of(now) && now.kind != crate::manifest::CheckKind::Budget;
        if outcome_changed || figure_changed {
            let mut line = format!(
                "{}: {} → {}",
                now.id,
                was.outcome.label(),
                now.outcome.label()
            );
            if let (Some(a), Some(b)) = (figure_of(was), figure_of(now))
                && a != b
            {
                line.push_str(&format!(" ({a} → {b})"));
            }
            // A figure inside its bar on a failing check reads like progress: say what
            // failed instead.
            if !now.passed()
                && now.figure.as_ref().is_some_and(|f| f.passes())
                && let Some(message) = &now.message
            {
                line.push_str(&format!(", though within its bar: {}", first_line(message)));
            }
            lines.push(line);
        }
    }
    if before.points != after.points {
        lines.push(format!(
            "points: {} → {} of {}",
            before.points, after.points, after.max_points
        ));
    }
    lines
}

/// A message's first line, cut at 100 characters.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    match line.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

fn figure_of(check: &CheckResult) -> Option<String> {
    check.figure.as_ref().map(|f| f.value_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kata-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(dir.join("target/debug")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "pub fn answer() -> u32 { 42 }\n").unwrap();
        dir
    }

    fn report(check: CheckResult) -> KataReport {
        KataReport {
            kata: "k".into(),
            title: "K".into(),
            subject: crate::grade::Subject::Kata,
            variant: None,
            partial: false,
            build_error: None,
            checks: vec![check],
            passed: 0,
            total: 1,
            points: 0,
            max_points: 1,
            solved: false,
        }
    }

    #[test]
    fn a_check_failing_inside_its_bar_says_why() {
        let check: crate::manifest::Check =
            toml::from_str("id = 'budget'\nkind = 'budget'\nshipped = 'fails'").unwrap();
        let figure = |value| crate::checks::FigureView {
            name: "suite wall time".into(),
            value,
            bar: 0.5,
            goal: "at_most".into(),
            unit: " s".into(),
            shipped: None,
        };
        let mut was = CheckResult::new(&check, crate::checks::Outcome::Pass, None);
        was.figure = Some(figure(0.07));
        let mut now = CheckResult::new(
            &check,
            crate::checks::Outcome::Fail,
            Some("the suite is not green (1 of 20 tests did not pass)\nmore".into()),
        );
        now.figure = Some(figure(0.05));
        assert_eq!(
            differences(&report(was), &report(now)),
            [
                "budget: PASS → FAIL (0.07 s → 0.05 s), though within its bar: the suite is not green (1 of 20 tests did not pass)"
            ]
        );
    }

    #[test]
    fn a_save_of_the_same_size_within_the_same_second_is_a_change() {
        let dir = folder("same-size");
        let before = Snapshot::take(&dir);
        std::fs::write(dir.join("src/lib.rs"), "pub fn answer() -> u32 { 40 }\n").unwrap();
        assert_ne!(before, Snapshot::take(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn build_output_and_progress_below_the_kata_are_not_changes() {
        let dir = folder("ignored");
        let before = Snapshot::take(&dir);
        std::fs::write(dir.join("target/debug/a"), "x").unwrap();
        std::fs::create_dir_all(dir.join(".kata")).unwrap();
        std::fs::write(dir.join(".kata/progress.json"), "{}").unwrap();
        assert_eq!(before, Snapshot::take(&dir));
        std::fs::write(dir.join("src/new.rs"), "").unwrap();
        assert_ne!(before, Snapshot::take(&dir), "a new file is a change");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn both_modes_notice_a_save_made_before_the_wait() {
        for poll in [true, false] {
            let dir = folder(if poll { "poll" } else { "events" });
            let mut watcher = KataWatcher::new(&dir, poll);
            watcher.mark();
            std::fs::write(dir.join("src/lib.rs"), "pub fn answer() -> u32 { 40 }\n").unwrap();
            // Returns only once it sees the change; a miss would hang, so bound it.
            let (done, finished) = mpsc::channel();
            std::thread::spawn(move || {
                watcher.wait_for_change();
                let _ = done.send(watcher.mode);
            });
            let mode = finished
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("poll={poll}: the save was not noticed in 30 s"));
            if poll {
                assert_eq!(mode, Mode::Polling, "--poll asks for no file events");
            }
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}
