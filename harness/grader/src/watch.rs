//! `cargo kata watch`: grade again whenever a kata's files change, and say what changed
//! since the last grade.
//!
//! File events come from the operating system (inotify, FSEvents, ReadDirectoryChangesW).
//! Where they do not arrive (WSL2 on a Windows drive, some VMs and network drives), a
//! polling watcher compares modification times every second instead: asked for with
//! `--poll`, chosen automatically under WSL, and used when native watching cannot start.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::Error;
use crate::checks::CheckResult;
use crate::grade::KataReport;

/// How often the polling watcher looks.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Changes arriving within this long of each other are graded once.
const QUIET: Duration = Duration::from_millis(300);

/// Which kind of watcher is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Events,
    Polling,
}

/// A watcher on a kata's folder.
pub struct KataWatcher {
    // Kept alive for as long as we watch.
    _watcher: Box<dyn Watcher>,
    dir: std::path::PathBuf,
    changes: mpsc::Receiver<notify::Result<Event>>,
    pub mode: Mode,
}

impl KataWatcher {
    /// Watch `dir` recursively; `poll` forces the polling watcher.
    pub fn new(dir: &Path, poll: bool) -> Result<Self, Error> {
        let (sender, changes) = mpsc::channel();
        let watch_error =
            |e: notify::Error| Error::Config(format!("cannot watch {}: {e}", dir.display()));
        let native = if poll || running_under_wsl() {
            None
        } else {
            let sender = sender.clone();
            RecommendedWatcher::new(move |e| drop(sender.send(e)), notify::Config::default()).ok()
        };
        let (mut watcher, mode): (Box<dyn Watcher>, Mode) = match native {
            Some(w) => (Box::new(w), Mode::Events),
            None => {
                let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
                let w =
                    PollWatcher::new(move |e| drop(sender.send(e)), config).map_err(watch_error)?;
                (Box::new(w), Mode::Polling)
            }
        };
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(watch_error)?;
        Ok(KataWatcher {
            _watcher: watcher,
            dir: dir.to_owned(),
            changes,
            mode,
        })
    }

    /// Block until a relevant change, then wait for a quiet moment so a burst of saves is
    /// graded once. Returns `false` when the watcher has stopped.
    pub fn wait_for_change(&self) -> bool {
        loop {
            match self.changes.recv() {
                Ok(Ok(event)) if is_relevant(&event, &self.dir) => break,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
        while self.changes.recv_timeout(QUIET).is_ok() {}
        true
    }
}

/// Edits, creations, removals and renames of the kata's files; not reads, not build output
/// inside it. Only the part of a path below the kata's folder is looked at: the repo may
/// itself live under a folder called `target`.
fn is_relevant(event: &Event, dir: &Path) -> bool {
    let kind = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    );
    let ignored = |c: std::path::Component<'_>| {
        matches!(c.as_os_str().to_str(), Some("target" | ".kata" | ".git"))
    };
    kind && event
        .paths
        .iter()
        .any(|p| !p.strip_prefix(dir).unwrap_or(p).components().any(ignored))
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
        let figure_changed = figure_of(was) != figure_of(now);
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

fn figure_of(check: &CheckResult) -> Option<String> {
    check.figure.as_ref().map(|f| f.value_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};

    #[test]
    fn only_the_part_below_the_kata_folder_is_filtered() {
        let dir = Path::new("/home/u/target/repo/katas/x");
        let event = |kind, path: &str| Event::new(kind).add_path(path.into());
        assert!(is_relevant(
            &event(
                EventKind::Modify(ModifyKind::Any),
                "/home/u/target/repo/katas/x/src/lib.rs"
            ),
            dir
        ));
        assert!(!is_relevant(
            &event(
                EventKind::Create(CreateKind::File),
                "/home/u/target/repo/katas/x/target/debug/a"
            ),
            dir
        ));
        assert!(!is_relevant(
            &event(
                EventKind::Access(notify::event::AccessKind::Any),
                "/home/u/target/repo/katas/x/src/lib.rs"
            ),
            dir
        ));
    }
}
