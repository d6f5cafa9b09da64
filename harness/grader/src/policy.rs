//! The `policy` check: the learner's code calls nothing that lets it tell a measurement
//! from real use or reach around the checks. A real linter does the looking: clippy's
//! `disallowed_methods`, `disallowed_types` and `disallowed_macros`, run on the kata's
//! library (its editable code) with a configuration the grader writes from [`DEFAULT`]
//! less what the kata's manifest allows (`allow = [...]` on the check).
//!
//! What the default forbids, and why:
//!
//! - ending or escaping the run: `std::process::exit`, `abort`, `Command`;
//! - learning that it is being measured: environment reads, `current_exe`, program
//!   arguments, `cfg!` (e.g. `cfg!(debug_assertions)`);
//! - reaching around the instruments: raw `stdout`/`stderr` handles and print macros (a
//!   library speaks through its seams), the system allocator, writing or listing files
//!   (the grader's stamps, figures, binaries), reporting figures;
//! - behaving differently when watched: `IsTerminal::is_terminal`;
//! - waiting for real outside the clock seam: `std::thread::sleep`.
//!
//! A kata whose lesson needs one of these lists it in `allow`; its own checks then measure
//! that use (a kata about real sleeping measures the sleeping).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use crate::Error;
use crate::build;
use crate::checks::{CheckResult, FigureView, Location, Outcome};
use crate::manifest::{Check, Paths};
use crate::runner::{self, Exit};
use crate::workspace::Workspace;

/// Which clippy list an entry goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Methods,
    Types,
    Macros,
}

/// The default policy: (list, path, why it is forbidden).
const DEFAULT: &[(List, &str, &str)] = &[
    (
        List::Methods,
        "std::process::exit",
        "ending the process ends the checks' run",
    ),
    (
        List::Methods,
        "std::process::abort",
        "ending the process ends the checks' run",
    ),
    (
        List::Types,
        "std::process::Command",
        "a kata's code starts no other program",
    ),
    (
        List::Methods,
        "std::env::var",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::env::var_os",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::env::vars",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::env::vars_os",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::env::args",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::env::args_os",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::env::current_exe",
        "code must not behave differently when measured",
    ),
    (
        List::Methods,
        "std::any::type_name",
        "code must not tell a measuring wrapper from a real type by its name",
    ),
    (
        List::Methods,
        "std::any::type_name_of_val",
        "code must not tell a measuring wrapper from a real type by its name",
    ),
    (
        List::Methods,
        "std::io::IsTerminal::is_terminal",
        "code must not behave differently when its output is not a terminal (as in the checks)",
    ),
    (
        List::Macros,
        "std::println",
        "a library's output goes through its seams (tracing events), not print macros",
    ),
    (
        List::Macros,
        "std::print",
        "a library's output goes through its seams (tracing events), not print macros",
    ),
    (
        List::Macros,
        "std::eprintln",
        "a library's output goes through its seams (tracing events), not print macros",
    ),
    (
        List::Macros,
        "std::eprint",
        "a library's output goes through its seams (tracing events), not print macros",
    ),
    (
        List::Macros,
        "std::dbg",
        "a library's output goes through its seams (tracing events), not print macros",
    ),
    (
        List::Macros,
        "std::cfg",
        "code must not behave differently in the checks' build (`cfg!(debug_assertions)`, `cfg!(test)`)",
    ),
    (
        List::Methods,
        "std::io::stdout",
        "output goes through the kata's own seams, never straight to the process's handles",
    ),
    (
        List::Methods,
        "std::io::stderr",
        "output goes through the kata's own seams, never straight to the process's handles",
    ),
    (
        List::Types,
        "std::alloc::System",
        "memory comes from the global allocator, which the checks count",
    ),
    (
        List::Methods,
        "std::alloc::alloc",
        "memory comes from collections and boxes, which the checks count",
    ),
    (
        List::Methods,
        "std::alloc::alloc_zeroed",
        "memory comes from collections and boxes, which the checks count",
    ),
    (
        List::Methods,
        "std::fs::write",
        "a kata's code writes no files",
    ),
    (
        List::Methods,
        "std::fs::File::create",
        "a kata's code writes no files",
    ),
    (
        List::Methods,
        "std::fs::OpenOptions::open",
        "a kata's code writes no files",
    ),
    (
        List::Methods,
        "std::fs::remove_file",
        "a kata's code writes no files",
    ),
    (
        List::Methods,
        "std::fs::rename",
        "a kata's code writes no files",
    ),
    (
        List::Methods,
        "std::fs::copy",
        "a kata's code writes no files",
    ),
    (
        List::Methods,
        "std::fs::read_dir",
        "a kata's code lists no folders",
    ),
    (
        List::Methods,
        "std::thread::spawn",
        "a thread nobody joins outlives the measurement; use `std::thread::scope`",
    ),
    (
        List::Methods,
        "std::thread::Builder::spawn",
        "a thread nobody joins outlives the measurement; use `std::thread::scope`",
    ),
    (
        List::Methods,
        "std::net::TcpStream::connect",
        "the network is reached through the kata's transport seam only",
    ),
    (
        List::Methods,
        "std::net::TcpStream::connect_timeout",
        "the network is reached through the kata's transport seam only",
    ),
    (
        List::Methods,
        "std::net::UdpSocket::bind",
        "the network is reached through the kata's transport seam only",
    ),
    (
        List::Methods,
        "std::thread::current",
        "code must not tell a check from real use by its thread's name",
    ),
    (
        List::Methods,
        "std::thread::Thread::name",
        "code must not tell a check from real use by its thread's name",
    ),
    (
        List::Methods,
        "std::thread::Builder::stack_size",
        "memory comes from the heap, which the checks count, not from a giant thread stack",
    ),
    (
        List::Methods,
        "tokio::runtime::Builder::new_current_thread",
        "async work runs on the runtime the caller gives it, whose clock the checks control",
    ),
    (
        List::Methods,
        "tokio::runtime::Builder::new_multi_thread",
        "async work runs on the runtime the caller gives it, whose clock the checks control",
    ),
    (
        List::Methods,
        "tokio::runtime::Runtime::new",
        "async work runs on the runtime the caller gives it, whose clock the checks control",
    ),
    (
        List::Methods,
        "std::thread::sleep",
        "waiting goes through the clock seam, so tests can run it in virtual time",
    ),
    (
        List::Methods,
        "kata_toolkit::figure::report",
        "figures are the checks' to report",
    ),
    (
        List::Methods,
        "kata_toolkit::figure::check",
        "figures are the checks' to report",
    ),
    (
        List::Methods,
        "kata_toolkit::figure::report_series",
        "figures are the checks' to report",
    ),
    (
        List::Methods,
        "kata_toolkit::complexity::fit_series",
        "figures are the checks' to report (a fit reports its curve)",
    ),
];

/// Whether `path` is an entry of the default policy (what `allow` may name).
pub fn is_known(path: &str) -> bool {
    DEFAULT.iter().any(|(_, p, _)| *p == path)
}

/// Every path of the default policy.
pub fn known_paths() -> Vec<&'static str> {
    DEFAULT.iter().map(|(_, p, _)| *p).collect()
}

/// The `clippy.toml` for a kata that allows `allowed` and also forbids `forbidden`.
pub fn clippy_toml(allowed: &[String], forbidden: &[String]) -> String {
    let mut text = String::from("# Written by cargo kata for the policy check.\n");
    for (list, key) in [
        (List::Methods, "disallowed-methods"),
        (List::Types, "disallowed-types"),
        (List::Macros, "disallowed-macros"),
    ] {
        text.push_str(&format!("{key} = [\n"));
        for (_, path, why) in DEFAULT
            .iter()
            .filter(|(l, p, _)| *l == list && !allowed.iter().any(|a| a == p))
        {
            text.push_str(&format!(
                "  {{ path = {}, reason = {} }},\n",
                toml_string(path),
                toml_string(why)
            ));
        }
        // A kata's own additions: a path ending in `!` is a macro, one whose last segment
        // starts in upper case a type, anything else a function or method.
        for path in forbidden.iter().filter(|p| list_of(p) == list) {
            text.push_str(&format!(
                "  {{ path = {}, reason = {} }},\n",
                toml_string(path.trim_end_matches('!')),
                toml_string("this kata's lesson forbids it (its kata.toml)")
            ));
        }
        text.push_str("]\n");
    }
    text
}

fn list_of(path: &str) -> List {
    let last = path.rsplit("::").next().unwrap_or(path);
    if last.ends_with('!') {
        List::Macros
    } else if last.starts_with(|c: char| c.is_ascii_uppercase()) {
        List::Types
    } else {
        List::Methods
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A policy violation clippy found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Violation {
    message: String,
    location: Option<Location>,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    message: Option<Diagnostic>,
    /// The target the message is about (`kind`: `lib`, `test`, `bench`, …).
    #[serde(default)]
    target: Option<Target>,
}

#[derive(Deserialize)]
struct Target {
    #[serde(default)]
    kind: Vec<String>,
}

impl Message {
    /// A message about a bench target: the grade never runs a bench, so only whether it
    /// compiles matters, not what it calls (a bench may well quiet the panic hook).
    fn about_a_bench(&self) -> bool {
        self.target
            .as_ref()
            .is_some_and(|t| t.kind.iter().any(|k| k == "bench"))
    }
}

#[derive(Deserialize)]
struct Diagnostic {
    message: String,
    level: String,
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
    #[serde(default)]
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: u32,
    is_primary: bool,
}

const LINTS: &[&str] = &[
    "clippy::disallowed_methods",
    "clippy::disallowed_types",
    "clippy::disallowed_macros",
];

/// Clippy may have to check the kata's dependencies first; a hang is cut off.
const CLIPPY_TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// The verdict of a `kind = "policy"` check on `package` (the kata's or its solution's
/// library), whose folder is `package_dir`.
pub fn policy_check(
    workspace: &Workspace,
    kata: &str,
    check: &Check,
    paths: &Paths,
    package: &str,
    package_dir: &Path,
) -> Result<CheckResult, Error> {
    let output = run_clippy(workspace, kata, check, &[package], paths)?;
    let mut violations = Vec::new();
    let mut compile_error = None;
    for line in output.stdout.lines() {
        let Ok(message) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        let about_a_bench = message.about_a_bench();
        let Some(d) = message
            .message
            .filter(|_| message.reason == "compiler-message")
        else {
            continue;
        };
        let code = d.code.as_ref().map(|c| c.code.as_str()).unwrap_or_default();
        // Only the learner's code: the package's editable files. Its path dependencies (the
        // toolkit's seams) are linted too, and a kata may ship protected code (a real
        // transport) that does what the learner's may not.
        let own = d.spans.iter().any(|s| {
            s.is_primary
                && workspace
                    .root()
                    .join(&s.file_name)
                    .strip_prefix(package_dir)
                    .is_ok_and(|relative| paths.is_editable(relative))
        });
        if LINTS.contains(&code) && own && !about_a_bench {
            let location = d.spans.iter().find(|s| s.is_primary).map(|s| Location {
                file: workspace.display(&workspace.root().join(&s.file_name)),
                line: s.line_start,
            });
            let violation = Violation {
                message: d.message,
                location,
            };
            // The library is linted twice when test targets are too (as the library and
            // as its unit-test build): one finding per place.
            if !violations.contains(&violation) {
                violations.push(violation);
            }
        } else if d.level == "error" && compile_error.is_none() {
            compile_error = Some(d.rendered.unwrap_or(d.message));
        }
    }
    if violations.is_empty() {
        if output.exit != Exit::Code(0) {
            let problem = if output.stderr.contains("no such command") {
                "clippy is not installed: `rustup component add clippy`".to_owned()
            } else if let Some(error) = compile_error {
                let mut result = CheckResult::new(
                    check,
                    Outcome::NotBuilt,
                    Some(format!(
                        "the code does not compile:\n{}",
                        build::relative_paths(&error, workspace.root())
                    )),
                );
                // The policy's hint is about forbidden calls, not about a build error.
                result.hint = None;
                return Ok(result);
            } else {
                format!(
                    "clippy failed ({}): {}",
                    output.exit.describe(),
                    output
                        .stderr
                        .lines()
                        .take(5)
                        .collect::<Vec<_>>()
                        .join(" / ")
                )
            };
            return Ok(CheckResult::new(check, Outcome::Error, Some(problem)));
        }
        let mut result = CheckResult::new(check, Outcome::Pass, None);
        result.figure = Some(figure(0));
        return Ok(result);
    }
    let first = &violations[0];
    let listed: Vec<String> = violations
        .iter()
        .map(|v| match &v.location {
            Some(l) => format!("{}:{}: {}", l.file, l.line, v.message),
            None => v.message.clone(),
        })
        .collect();
    let mut result = CheckResult::new(
        check,
        Outcome::Fail,
        Some(format!(
            "the kata's code uses what its policy forbids:\n{}",
            listed.join("\n")
        )),
    );
    result.location = first.location.clone();
    result.figure = Some(figure(violations.len()));
    Ok(result)
}

/// Whether the learner edits files under `folder` (`tests/` in a test-craft kata,
/// `benches/` in a benchmark kata), so clippy lints those targets too.
fn edits_under(paths: &Paths, folder: &str) -> bool {
    paths.editable.iter().any(|g| g.starts_with(folder))
}

/// Lint several packages of kata `kata` with its policy in one clippy run (side by side),
/// so that each package's own [`policy_check`] afterwards reads cached results.
pub fn prelint(
    workspace: &Workspace,
    kata: &str,
    check: &Check,
    paths: &Paths,
    packages: &[&str],
) -> Result<(), Error> {
    if !packages.is_empty() {
        run_clippy(workspace, kata, check, packages, paths)?;
    }
    Ok(())
}

/// Clippy with the kata's policy over `packages`' libraries. The configuration is the
/// kata's (one folder per kata), so every package of it shares clippy's cached results.
fn run_clippy(
    workspace: &Workspace,
    kata: &str,
    check: &Check,
    packages: &[&str],
    paths: &Paths,
) -> Result<runner::Output, Error> {
    let allowed = check.allow.clone().unwrap_or_default();
    let forbidden = check.forbid.clone().unwrap_or_default();
    let conf_dir = workspace
        .target_dir()
        .join("cargo-kata")
        .join("policy")
        .join(kata);
    std::fs::create_dir_all(&conf_dir).map_err(|e| Error::io(&conf_dir, e))?;
    let conf = conf_dir.join("clippy.toml");
    let text = clippy_toml(&allowed, &forbidden);
    if std::fs::read_to_string(&conf).ok().as_deref() != Some(&text[..]) {
        std::fs::write(&conf, &text).map_err(|e| Error::io(&conf, e))?;
    }
    let mut command = Command::new(build::cargo());
    command
        .current_dir(workspace.root())
        .env("CARGO_TARGET_DIR", workspace.target_dir())
        .env("CLIPPY_CONF_DIR", &conf_dir)
        .env("CARGO_TERM_COLOR", "never")
        .args(["clippy", "--quiet", "--message-format=json", "--lib"]);
    // A test-craft kata's learner edits tests: lint them too. A benchmark kata's bench is
    // the learner's as well: the grade never runs it (so what it calls is not counted, see
    // `Message::about_a_bench`), but one that no longer compiles must not be part of a
    // solved kata, and this is the one build that sees it.
    if edits_under(paths, "tests/") {
        command.arg("--tests");
    }
    if edits_under(paths, "benches/") {
        command.arg("--benches");
    }
    for package in packages {
        command.args(["--package", package]);
    }
    command.args(["--", "--allow", "clippy::all"]);
    // Warnings, not errors: the package's path dependencies (the toolkit's seams) are
    // linted too, and must not stop the build; only the package's own code is counted.
    for lint in LINTS {
        command.args(["--warn", lint]);
    }
    runner::run(command, CLIPPY_TIMEOUT)
}

fn figure(count: usize) -> FigureView {
    FigureView {
        name: "uses of what the policy forbids".into(),
        value: count as f64,
        bar: 0.0,
        goal: "at_most".into(),
        unit: String::new(),
        shipped: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_paths_leave_the_generated_policy() {
        let all = clippy_toml(&[], &[]);
        assert!(all.contains("path = \"std::thread::sleep\""), "{all}");
        let macros = &all[all.find("disallowed-macros").expect("a macros list")..];
        assert!(macros.contains("{ path = \"std::cfg\", reason"), "{all}");
        let sleepy = clippy_toml(&["std::thread::sleep".into()], &["std::sync::Mutex".into()]);
        assert!(sleepy.contains("disallowed-types = [\n"), "{sleepy}");
        let types = &sleepy
            [sleepy.find("disallowed-types").unwrap()..sleepy.find("disallowed-macros").unwrap()];
        assert!(types.contains("std::sync::Mutex"), "{sleepy}");
        assert!(!sleepy.contains("std::thread::sleep"), "{sleepy}");
        assert!(sleepy.contains("std::process::exit"), "{sleepy}");
        let parsed: toml::Value = toml::from_str(&sleepy).unwrap();
        assert!(parsed["disallowed-methods"].as_array().unwrap().len() > 10);
    }

    #[test]
    fn a_bench_is_built_but_not_held_to_the_policy() {
        let bench = r#"{"reason":"compiler-message","target":{"kind":["bench"],"name":"b"},"message":{"message":"m","level":"warning","spans":[]}}"#;
        let library = r#"{"reason":"compiler-message","target":{"kind":["lib"],"name":"l"},"message":{"message":"m","level":"warning","spans":[]}}"#;
        let parse = |line: &str| serde_json::from_str::<Message>(line).unwrap();
        assert!(parse(bench).about_a_bench());
        assert!(!parse(library).about_a_bench());
        assert!(!parse(r#"{"reason":"build-finished","success":true}"#).about_a_bench());
    }

    #[test]
    fn only_default_paths_may_be_allowed() {
        assert!(is_known("std::thread::sleep"));
        assert!(!is_known("std::thread::scope"));
    }
}
