//! Compile a package's test binaries with `cargo test --no-run --message-format=json`
//! (stable), learning each binary's path from the `compiler-artifact` messages.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use crate::Error;
use crate::integrity::{self, Identity};
use crate::manifest::Paths;
use crate::runner::{self, Exit};
use crate::workspace::Workspace;

/// A build that hangs (a learner's build script, say) is cut off after this long.
const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// One test executable of a package.
#[derive(Debug, Clone)]
pub struct TestBinary {
    /// The cargo target's name (`checks`, or the library's name for unit tests).
    pub target: String,
    /// Path to the executable.
    pub path: PathBuf,
    /// Whether its tests are the kata's checks (an integration-test target, written with
    /// the toolkit), so each `ok` must come with a completion stamp (`kata_attest`). The
    /// learner's own unit tests are not stamped.
    pub attested: bool,
    /// Whether its tests are the learner's own (a test-craft kata's editable test file):
    /// graded by what they catch, so not stamped, and never a `kind = "test"` check.
    pub learner: bool,
    /// An integration test file the kata does not ship (neither editable nor among the
    /// protected files its seal lists, e.g. a `tests/extra.rs` the learner added): its
    /// path in the kata. Its tests are not run (`Suite::list`); the tamper check names it.
    pub stray: Option<String>,
    /// The file as the build left it; a run refuses a binary that changed since.
    pub identity: Option<Identity>,
}

/// The result of compiling a package's tests.
#[derive(Debug, Clone)]
pub enum Built {
    /// Compiled; here are its test binaries.
    Ok(Vec<TestBinary>),
    /// Did not compile: the first error, as the compiler rendered it, with paths
    /// relative to the repo.
    Failed { first_error: String },
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    message: Option<Diagnostic>,
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    fresh: Option<bool>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    #[serde(default)]
    kind: Vec<String>,
    #[serde(default)]
    src_path: Option<PathBuf>,
}

/// What to build of a package's tests: by default every test target, no extra features.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spec<'a> {
    /// Features to enable (`subject/mutant-x`: a dependency's feature).
    pub features: &'a [String],
    /// Only these integration-test targets (`--test NAME`); every test target when empty.
    pub tests: &'a [String],
    /// The package's folder and the kata's paths: an integration test whose source is an
    /// editable file there is the learner's own.
    pub learner_files: Option<(&'a Path, &'a Paths)>,
    /// Cargo `--config` values for this build only (a profile override of some packages).
    pub config: &'a [String],
}

#[derive(Deserialize)]
struct Profile {
    test: bool,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    #[serde(default)]
    rendered: Option<String>,
}

/// The cargo to use: the one that started us (`CARGO`), else `cargo` on the path.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Build the tests of `package` in `workspace`, and make sure each test binary is the one
/// a build by this grader wrote (see [`integrity`]): a binary that cargo calls fresh but
/// that does not match the grader's record is deleted and built again, once.
pub fn build_tests(workspace: &Workspace, package: &str, spec: &Spec) -> Result<Built, Error> {
    let records = integrity::records_dir(&workspace.target_dir());
    for attempt in 0..2 {
        let _lock = BuildLock::take(workspace)?;
        let (binaries, fresh) = match cargo_build_many(workspace, &[package], spec)? {
            (Built::Ok(binaries), fresh) => (binaries, fresh),
            (failed, _) => return Ok(failed),
        };
        let binaries: Vec<TestBinary> = binaries
            .into_iter()
            .zip(fresh)
            .map(|(mut binary, fresh)| {
                binary.identity = if fresh {
                    integrity::check_fresh(&records, &binary.path)
                } else {
                    integrity::record_built(&records, &binary.path).ok()
                };
                binary
            })
            .collect();
        let untrusted: Vec<&PathBuf> = binaries
            .iter()
            .filter(|b| b.identity.is_none())
            .map(|b| &b.path)
            .collect();
        // After a rebuild every binary was just written; one still without an identity
        // is kept, and its runs are refused ("binary changed").
        if untrusted.is_empty() || attempt == 1 {
            return Ok(Built::Ok(binaries));
        }
        for path in untrusted {
            match std::fs::remove_file(path) {
                // Another grade of the same kata may have removed it first.
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(path, e));
                }
                _ => {}
            }
        }
    }
    unreachable!("the loop returns on its second attempt")
}

/// Build the tests of several packages in one cargo run, which compiles and links them
/// side by side, and record every binary it wrote (see [`integrity`]), so that each
/// package's own [`build_tests`] afterwards is a quick no-op. Best effort: if one of them
/// does not compile, its own build reports it.
pub fn prebuild(workspace: &Workspace, packages: &[&str]) -> Result<(), Error> {
    if packages.is_empty() {
        return Ok(());
    }
    let records = integrity::records_dir(&workspace.target_dir());
    let _lock = BuildLock::take(workspace)?;
    if let (Built::Ok(binaries), fresh) = cargo_build_many(workspace, packages, &Spec::default())? {
        for (binary, fresh) in binaries.iter().zip(fresh) {
            if !fresh {
                let _ = integrity::record_built(&records, &binary.path);
            }
        }
    }
    Ok(())
}

/// Held from a cargo build until the binaries it wrote are recorded. Cargo's own lock
/// on the target dir ends when cargo exits; without this one, a second grade of the same
/// package (another `cargo kata` process, or `watch` beside a `grade`) could find a binary
/// fresh but not yet recorded, delete and rebuild it, and leave the first grade running
/// a binary that changed under it ("binary changed", a wrong verdict). An advisory lock
/// on a file in the target dir: it ends with the process, however it ends.
struct BuildLock {
    _held: std::fs::File,
}

impl BuildLock {
    fn take(workspace: &Workspace) -> Result<Self, Error> {
        let dir = workspace.target_dir().join("cargo-kata");
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join("build.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        file.lock().map_err(|e| Error::io(&path, e))?;
        Ok(BuildLock { _held: file })
    }
}

/// One `cargo test --no-run`: the test binaries, and for each whether cargo called it
/// fresh (not rebuilt).
fn cargo_build_many(
    workspace: &Workspace,
    packages: &[&str],
    spec: &Spec,
) -> Result<(Built, Vec<bool>), Error> {
    let root = workspace.root();
    let mut command = Command::new(cargo());
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", workspace.target_dir())
        .args(["test", "--no-run", "--message-format=json"]);
    for package in packages {
        command.args(["--package", package]);
    }
    for test in spec.tests {
        command.args(["--test", test]);
    }
    if !spec.features.is_empty() {
        command.args(["--features", &spec.features.join(",")]);
    }
    for value in spec.config {
        command.args(["--config", value]);
    }
    command
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    let output = runner::run(command, BUILD_TIMEOUT)?;
    let mut binaries = Vec::new();
    let mut fresh = Vec::new();
    let mut first_error = None;
    let mut success = None;
    for line in output.stdout.lines() {
        let Ok(message) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        match message.reason.as_str() {
            "compiler-artifact" => {
                if let (Some(path), Some(target), Some(Profile { test: true })) =
                    (message.executable, message.target, message.profile)
                {
                    fresh.push(message.fresh.unwrap_or(false));
                    let integration = target.kind.iter().any(|k| k == "test");
                    let learner = integration
                        && spec.learner_files.is_some_and(|(dir, paths)| {
                            target.src_path.as_deref().is_some_and(|src| {
                                src.strip_prefix(dir)
                                    .is_ok_and(|relative| paths.is_editable(relative))
                            })
                        });
                    let stray = integration
                        .then(|| {
                            let (dir, paths) = spec.learner_files?;
                            let src = target.src_path.as_deref()?;
                            let relative = src.strip_prefix(dir).ok()?.to_string_lossy();
                            let relative = relative.replace('\\', "/");
                            let shipped = shipped_files(dir)?;
                            let known = paths.is_editable(Path::new(&relative))
                                || shipped.contains_key(&relative);
                            (!known).then_some(relative)
                        })
                        .flatten();
                    binaries.push(TestBinary {
                        attested: integration && !learner,
                        learner,
                        stray,
                        target: target.name,
                        path,
                        identity: None,
                    });
                }
            }
            "compiler-message" => {
                if let Some(d) = message.message.filter(|d| d.level == "error") {
                    first_error.get_or_insert(d.rendered.unwrap_or_default());
                }
            }
            "build-finished" => success = message.success,
            _ => {}
        }
    }
    if output.exit == Exit::Code(0) && success != Some(false) {
        let mut paired: Vec<(TestBinary, bool)> = binaries.into_iter().zip(fresh).collect();
        paired.sort_by(|a, b| a.0.target.cmp(&b.0.target));
        let (binaries, fresh) = paired.into_iter().unzip();
        return Ok((Built::Ok(binaries), fresh));
    }
    let text = match (first_error, output.exit) {
        (_, Exit::TimedOut) => format!(
            "the build did not finish within {} minutes",
            BUILD_TIMEOUT.as_secs() / 60
        ),
        (Some(error), _) => error,
        // No compiler diagnostic: a manifest or dependency problem; cargo says why on stderr.
        (None, _) => output
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(15)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    Ok((
        Built::Failed {
            first_error: relative_paths(&text, root).trim_end().to_owned(),
        },
        Vec::new(),
    ))
}

/// Show paths relative to the repo root, whichever separator the platform uses.
pub fn relative_paths(text: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    let mut out = text.to_owned();
    for prefix in [format!("{root}/"), format!("{root}\\"), root.to_string()] {
        out = out.replace(&prefix, "");
    }
    out
}

/// The protected files a kata ships, as its seal (`protected.sha256`) lists them; `None`
/// when the folder has no readable seal (a solution's or variant's package).
fn shipped_files(kata_dir: &Path) -> Option<std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(kata_dir.join(crate::tamper::SEAL_FILE)).ok()?;
    crate::tamper::parse_seal(&text).ok()
}
