//! How the grader starts one run of a test binary, and the evidence it collects from it.
//!
//! A run is started so that what it reports can be believed (see ARCHITECTURE.md,
//! "Threat model"):
//!
//! - the binary must still be the one the build left ([`crate::integrity`]); a changed
//!   one is not run;
//! - it runs in the sandbox when there is one ([`crate::sandbox`]), under the kata's
//!   resource limits ([`crate::limits`], through `cargo-kata exec-limited` on Unix), in a
//!   process group killed whole when the run ends, with a cleaned environment;
//! - it gets a fresh key on stdin; the checks sign completion stamps and figures with it
//!   ([`kata_attest`]), and only signed ones are read back.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use kata_attest::{Key, Stamps};

use crate::Error;
use crate::build::TestBinary;
use crate::checks::FigureRecord;
use crate::integrity::Identity;
use crate::limits::Limits;
use crate::runner::{self, Output};
use crate::sandbox;

/// Tells the toolkit that a run's tests run one at a time (`kata_toolkit::alone`).
pub const ALONE_ENV: &str = "KATA_ALONE_IN_PROCESS";

/// Everything one run left behind.
#[derive(Debug)]
pub struct Evidence {
    /// How the process ended and what it printed.
    pub output: Output,
    /// The completion stamps that verified under the run's key.
    pub stamps: Stamps,
    /// Figures whose signature verified.
    pub figures: Vec<FigureRecord>,
    /// Curves whose signature verified.
    pub series: Vec<crate::series::Series>,
}

/// Why a run did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The binary is not the one the build left.
    BinaryChanged(String),
}

/// Where a run happens: the package folder it starts in, the grader's scratch folder
/// (the only place it may write in the sandbox), its limits, and the workspace root
/// (readable in the sandbox even when it lies under a folder the sandbox hides, `/tmp`).
#[derive(Debug, Clone)]
pub struct Place {
    pub package_dir: PathBuf,
    pub scratch: PathBuf,
    pub limits: Limits,
    pub root: PathBuf,
}

impl Place {
    /// The temp folder every run at this place gets as `TMPDIR` (`std::env::temp_dir()`):
    /// inside the scratch folder, the same for every run of a grade (so a test cannot
    /// tell one run from another by it), and readable afterwards, so the `leftovers`
    /// check can see what a suite left behind.
    pub fn temp_dir(&self) -> PathBuf {
        self.scratch.join("tmp")
    }
}

/// Run `binary` with `args` for at most `time_limit`.
/// `alone`: the run's tests run one at a time, so while a test runs the toolkit may
/// measure every thread of the process as that test's (`kata_toolkit::alone::is_alone`).
pub fn run(
    binary: &TestBinary,
    args: &[String],
    place: &Place,
    time_limit: Duration,
    alone: bool,
) -> Result<Result<Evidence, Refused>, Error> {
    if let Some(problem) = changed_since_build(binary) {
        return Ok(Err(Refused::BinaryChanged(problem)));
    }
    let temp_dir = place.temp_dir();
    std::fs::create_dir_all(&temp_dir).map_err(|e| Error::io(&temp_dir, e))?;
    let run_id = next_run_id();
    let figures_file = place.scratch.join(format!("figures-{run_id}.tsv"));
    let stamps_file = place.scratch.join(format!("stamps-{run_id}.tsv"));
    for file in [&figures_file, &stamps_file] {
        std::fs::write(file, "").map_err(|e| Error::io(file, e))?;
    }
    let key = fresh_key()?;
    let sandbox = sandbox::current();
    let mut command = if cfg!(unix) {
        let launcher = launcher()?;
        let mut command = sandbox.command(&launcher, place, &binary.path);
        command
            .arg("exec-limited")
            .args(place.limits.to_args(sandbox.is_active()))
            .arg("--")
            .arg(&binary.path);
        command
    } else {
        sandbox.command(&binary.path, place, &binary.path)
    };
    sandbox::clean_environment(&mut command);
    command
        .args(args)
        .env("KATA_FIGURES", &figures_file)
        .env(kata_attest::ATTEST_ENV, &stamps_file)
        .env("RUST_BACKTRACE", "0")
        // Snapshot tests must never write pending snapshots into a kata's files.
        .env("INSTA_UPDATE", "no")
        // insta finds snapshots from the workspace root, which it asks `cargo metadata`
        // for; in the sandbox (no /proc) rustup's cargo cannot start, so say it here.
        .env("INSTA_WORKSPACE_ROOT", &place.root)
        .env("CARGO_MANIFEST_DIR", &place.package_dir)
        .env("TMPDIR", &temp_dir);
    if alone {
        // `kata_toolkit::alone::ALONE_ENV` (a tidy test keeps the two spellings equal).
        command.env(ALONE_ENV, "1");
    }
    let options = runner::Options {
        stdin: Some(format!("{}\n", key.to_hex()).into_bytes()),
        output_limit: Some(place.limits.output_bytes()),
        own_group: true,
    };
    let mut output = runner::run_with(command, time_limit, &options)?;
    if sandbox.is_active() {
        // bubblewrap's init reports a child killed by signal N as exit code 128 + N.
        if let runner::Exit::Code(code @ 129..=192) = output.exit {
            output.exit = runner::Exit::Signal(code - 128);
        }
    }
    let stamps = Stamps::read(
        &key,
        &std::fs::read_to_string(&stamps_file).unwrap_or_default(),
    );
    let (figures, series) = read_figures(&figures_file, &key);
    for file in [&figures_file, &stamps_file] {
        let _ = std::fs::remove_file(file);
    }
    Ok(Ok(Evidence {
        output,
        stamps,
        figures,
        series,
    }))
}

/// This grader's own binary, which starts each test binary under the limits
/// (`cargo-kata exec-limited`). On Linux, when the file was replaced while this process
/// runs (a `cargo test` in `selftest` rebuilds it), the kernel names the old one
/// `… (deleted)`: the file now at that path is the same grader, rebuilt.
fn launcher() -> Result<PathBuf, Error> {
    let exe = std::env::current_exe().map_err(|e| Error::io("cargo-kata", e))?;
    let text = exe.to_string_lossy();
    match text.strip_suffix(" (deleted)") {
        Some(path) if !exe.exists() && Path::new(path).is_file() => Ok(PathBuf::from(path)),
        _ => Ok(exe),
    }
}

/// The binary as it is now against the identity the build recorded.
fn changed_since_build(binary: &TestBinary) -> Option<String> {
    let Some(built) = &binary.identity else {
        return Some(format!(
            "{} does not match what the grader built",
            binary.target
        ));
    };
    match Identity::of(&binary.path) {
        Ok(now) if &now == built => None,
        Ok(_) => Some(format!(
            "{} was changed on disk after the grader built it",
            binary.target
        )),
        Err(e) => Some(format!("{} cannot be read: {e}", binary.target)),
    }
}

fn next_run_id() -> u64 {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    RUNS.fetch_add(1, Ordering::Relaxed)
}

fn fresh_key() -> Result<Key, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Config(format!("the OS gave no random bytes for a run key: {e}")))?;
    Ok(Key::from_bytes(bytes))
}

/// Signed figure lines (`test, name, value, bar, goal, unit, mac`, tab-separated) and
/// series lines (`series, test, name, x, y, log|lin, points, mac`).
fn read_figures(path: &Path, key: &Key) -> (Vec<FigureRecord>, Vec<crate::series::Series>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (Vec::new(), Vec::new());
    };
    let signed: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            let (signed, mac) = line.rsplit_once('\t')?;
            kata_attest::figure_verifies(key, signed, mac).then_some(signed)
        })
        .collect();
    let series = signed
        .iter()
        .filter_map(|line| line.strip_prefix("series\t"))
        .filter_map(|rest| crate::series::parse(&rest.split('\t').collect::<Vec<_>>()))
        .collect();
    let figures = signed
        .iter()
        .filter(|line| !line.starts_with("series\t"))
        .filter_map(|signed| {
            let f: Vec<&str> = signed.split('\t').collect();
            let [test, name, value, bar, goal, unit] = f.as_slice() else {
                return None;
            };
            Some(FigureRecord {
                test: (*test).to_owned(),
                name: (*name).to_owned(),
                value: value.parse().ok()?,
                bar: bar.parse().ok()?,
                goal: (*goal).to_owned(),
                unit: (*unit).to_owned(),
            })
        })
        .collect();
    (figures, series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_signed_figures_are_read() {
        let dir = std::env::temp_dir().join(format!("kata-launch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key = Key::from_bytes([9; 32]);
        let good = "t\tstore calls\t10\t10\tat_most\t";
        let mac = key.sign(&format!("figure\0{good}"));
        let file = dir.join("figures.tsv");
        std::fs::write(
            &file,
            format!("{good}\t{mac}\nt\tstore calls\t0\t10\tat_most\t\t{mac}\nt\tforged\t0\t10\tat_most\t\n"),
        )
        .unwrap();
        let (figures, _) = read_figures(&file, &key);
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].value, 10.0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
