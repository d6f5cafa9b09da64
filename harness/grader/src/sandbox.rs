//! Where the learner's test binaries run: inside a bubblewrap sandbox on Linux when one is
//! available (always in the pull-request workflow, which asks for `--sandbox require`),
//! otherwise as plain processes of their own process group.
//!
//! The sandbox gives a test binary:
//!
//! - **no network** and no view of other processes (new network, PID, IPC, UTS and user
//!   namespaces); it dies with the grader;
//! - **a read-only tree**: it cannot replace its own binary, the grader, or a report;
//! - **no `/proc`**: so neither `/proc/self/mem` (where the run's key lives) nor the
//!   grader's `/proc/<pid>/fd/1` (the CI job's log) can be opened;
//! - **a private `/tmp`** of the kata's `tmp_mib`, and `/run` and the CI runner's temp
//!   folder (`RUNNER_TEMP`, where the runner's command files live) hidden behind empty
//!   ones;
//! - one writable folder, the grader's scratch folder for that run (figures, stamps).
//!
//! What it cannot give: a learner who owns the machine can always run the code outside
//! the grader. Locally the grade guards against accidents and casual cheats; in CI it is
//! the guarantee (see ARCHITECTURE.md, "Threat model").

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::Error;
use crate::launch::Place;

/// Whether to run test binaries in a sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// Use bubblewrap when it is installed and works; otherwise run unsandboxed.
    #[default]
    Auto,
    /// Refuse to grade without the sandbox (CI).
    Require,
    /// Never sandbox.
    Off,
}

/// The sandbox in use for this process's grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sandbox {
    /// bubblewrap, at this path.
    Bubblewrap(PathBuf),
    /// None: plain processes in their own process group.
    None { why: String },
}

static CHOSEN: OnceLock<Sandbox> = OnceLock::new();

/// Choose the sandbox for this process once, from `mode`. With [`Mode::Require`] and no
/// working sandbox, an error that says how to get one.
pub fn choose(mode: Mode) -> Result<&'static Sandbox, Error> {
    let sandbox = CHOSEN.get_or_init(|| detect(mode));
    match (mode, sandbox) {
        (Mode::Require, Sandbox::None { why }) => Err(Error::Config(format!(
            "--sandbox require: no working sandbox ({why}). On Linux install bubblewrap \
             (`apt-get install bubblewrap`); on Ubuntu 24.04 also allow unprivileged user \
             namespaces (`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`)"
        ))),
        _ => Ok(sandbox),
    }
}

/// The sandbox chosen so far (or the automatic choice, made now).
pub fn current() -> &'static Sandbox {
    CHOSEN.get_or_init(|| detect(Mode::Auto))
}

impl Sandbox {
    /// Whether runs are sandboxed.
    pub fn is_active(&self) -> bool {
        matches!(self, Sandbox::Bubblewrap(_))
    }

    /// The command that runs `program` in the sandbox (or as is) for a run at `place`:
    /// from its package folder, able to write only in its scratch folder, with a `/tmp`
    /// of its `tmp_mib`, and the workspace and `test_binary` readable even if they lie
    /// under a folder the sandbox hides. In the sandbox, `program` is bound read-only at
    /// [`PROGRAM_INSIDE`], so it can start from a hidden folder (the CI runner's temp).
    pub fn command(&self, program: &Path, place: &Place, test_binary: &Path) -> Command {
        match self {
            Sandbox::None { .. } => {
                let mut command = Command::new(program);
                command.current_dir(&place.package_dir);
                command
            }
            Sandbox::Bubblewrap(bwrap) => {
                let mut command = Command::new(bwrap);
                let binary_dir = test_binary.parent().unwrap_or(test_binary);
                command.args(bubblewrap_args(
                    &place.package_dir,
                    &[&place.root, binary_dir],
                    &place.scratch,
                    place.limits.tmp_mib,
                ));
                // `std::env::temp_dir()` is the place's temp folder (in the writable
                // scratch), where the `leftovers` check can look after the run.
                command.arg("--setenv").arg("TMPDIR").arg(place.temp_dir());
                command
                    .arg("--ro-bind")
                    .arg(program)
                    .arg(PROGRAM_INSIDE)
                    .arg("--")
                    .arg(PROGRAM_INSIDE);
                command
            }
        }
    }
}

/// Where the sandbox's first program is bound inside it.
pub const PROGRAM_INSIDE: &str = "/run/kata/launcher";

/// The environment variables a test binary keeps: what programs need to start and find
/// their files on each platform. Everything else (CI tokens and file paths, the
/// learner's or runner's own settings) is dropped; the grader adds its own.
const KEPT_VARIABLES: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "CI",
    // Windows: what processes need to start and to find temp folders.
    "SYSTEMROOT",
    "SystemRoot",
    "WINDIR",
    "USERPROFILE",
    "TEMP",
    "TMP",
    "TMPDIR",
    "COMSPEC",
    "PATHEXT",
];

/// Clear `command`'s environment down to [`KEPT_VARIABLES`].
pub fn clean_environment(command: &mut Command) {
    command.env_clear();
    for name in KEPT_VARIABLES {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
}

fn bubblewrap_args(cwd: &Path, readable: &[&Path], writable: &Path, tmp_mib: u64) -> Vec<String> {
    let mut args: Vec<String> = [
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--ro-bind",
        "/",
        "/",
        "--tmpfs",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/run",
    ]
    .map(str::to_owned)
    .into();
    if Path::new("/var/run").is_dir() && !is_symlink("/var/run") {
        args.extend(["--tmpfs".into(), "/var/run".into()]);
    }
    if let Some(runner_temp) = std::env::var_os("RUNNER_TEMP") {
        let runner_temp = PathBuf::from(runner_temp);
        if runner_temp.is_dir() && !writable.starts_with(&runner_temp) {
            args.extend(["--tmpfs".into(), runner_temp.display().to_string()]);
        }
    }
    args.extend([
        "--size".into(),
        (tmp_mib << 20).to_string(),
        "--tmpfs".into(),
        "/tmp".into(),
    ]);
    // Bound again over the hidden folders, should they lie under one.
    for path in readable {
        let path = path.display().to_string();
        args.extend(["--ro-bind".into(), path.clone(), path]);
    }
    args.extend([
        "--bind".into(),
        writable.display().to_string(),
        writable.display().to_string(),
        "--chdir".into(),
        cwd.display().to_string(),
    ]);
    // `TMPDIR` is set by the caller: the place's temp folder, in the writable scratch.
    args
}

fn is_symlink(path: &str) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn detect(mode: Mode) -> Sandbox {
    if mode == Mode::Off {
        return Sandbox::None {
            why: "--sandbox off".into(),
        };
    }
    if !cfg!(target_os = "linux") {
        return Sandbox::None {
            why: "the sandbox is Linux-only".into(),
        };
    }
    let Some(bwrap) = find_on_path("bwrap") else {
        return Sandbox::None {
            why: "bubblewrap (bwrap) is not installed".into(),
        };
    };
    // Prove it works here (user namespaces may be disabled or restricted by AppArmor).
    let place = Place {
        package_dir: PathBuf::from("/"),
        scratch: std::env::temp_dir(),
        limits: crate::limits::Limits::default(),
        root: PathBuf::from("/usr"),
    };
    let probe = Sandbox::Bubblewrap(bwrap.clone())
        .command(Path::new("/bin/sh"), &place, Path::new("/bin/sh"))
        .args(["-c", "test ! -e /proc/self"])
        .stdin(std::process::Stdio::null())
        .output();
    match probe {
        Ok(out) if out.status.success() => Sandbox::Bubblewrap(bwrap),
        Ok(out) => Sandbox::None {
            why: format!(
                "bubblewrap does not work here: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        },
        Err(e) => Sandbox::None {
            why: format!("bubblewrap could not start: {e}"),
        },
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bubblewrap_hides_proc_and_makes_only_scratch_writable() {
        let args = bubblewrap_args(
            Path::new("/repo/katas/x"),
            &[Path::new("/tmp/repo")],
            Path::new("/repo/target/s"),
            4,
        );
        let joined = args.join(" ");
        assert!(joined.contains("--ro-bind / /"), "{joined}");
        assert!(joined.contains("--tmpfs /proc"), "{joined}");
        assert!(joined.contains("--unshare-all"), "{joined}");
        assert!(joined.contains("--size 4194304 --tmpfs /tmp"), "{joined}");
        assert!(
            joined.contains("--bind /repo/target/s /repo/target/s"),
            "{joined}"
        );
        assert!(!joined.contains("--proc"), "{joined}");
        // A workspace under /tmp is bound back after the private /tmp hides it.
        assert!(
            joined.find("--tmpfs /tmp").unwrap() < joined.find("--ro-bind /tmp/repo").unwrap(),
            "{joined}"
        );
    }
}
