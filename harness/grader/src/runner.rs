//! Run a child process with a hard time limit, capturing its output.
//!
//! Reading happens on two helper threads so a child that fills one pipe cannot block.
//! Past the deadline the child is killed (`Child::kill`: SIGKILL on Unix,
//! `TerminateProcess` on Windows). If the child left grandchildren holding its pipes,
//! the readers are abandoned after a short grace period rather than waited on forever:
//! the grader must never hang.
//!
//! Test binaries get more (see [`Options`]): their own process group, killed whole when
//! the run ends (on Unix), so nothing they started outlives the grade; bytes on stdin
//! (the run's key, see `kata_attest`); and an output limit that ends the run.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::Error;

/// Keep at most this much of each stream: a learner's runaway print must not exhaust
/// memory.
const CAPTURE_LIMIT: usize = 8 << 20;
/// How long to wait for the pipes to close once the child has exited.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this code.
    Code(i32),
    /// Killed by a signal (Unix), with its number.
    Signal(i32),
    /// Still running at the deadline, so the grader killed it.
    TimedOut,
    /// Killed by the grader for printing past the output limit.
    Killed,
}

impl Exit {
    /// "exit code 101", "signal 6 (SIGABRT)", "timed out".
    pub fn describe(self) -> String {
        match self {
            Exit::Code(c) => format!("exit code {c}"),
            Exit::Signal(s) => match signal_name(s) {
                Some(name) => format!("killed by signal {s} ({name})"),
                None => format!("killed by signal {s}"),
            },
            Exit::TimedOut => "timed out".to_owned(),
            Exit::Killed => "stopped for printing past the output limit".to_owned(),
        }
    }
}

fn signal_name(signal: i32) -> Option<&'static str> {
    Some(match signal {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => return None,
    })
}

/// What a finished (or killed) child left behind.
#[derive(Debug, Clone)]
pub struct Output {
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
    /// Wall time from spawn to exit (or kill).
    pub wall: Duration,
    /// The child printed more than the output limit on a stream, so it was killed.
    pub overflowed: bool,
}

/// How to run a child beyond its command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Written to the child's stdin, which is then closed (otherwise stdin is empty).
    pub stdin: Option<Vec<u8>>,
    /// Kill the child when a stream passes this many bytes (otherwise the excess is
    /// dropped and the child runs on).
    pub output_limit: Option<usize>,
    /// Start the child in a process group of its own and kill the whole group when the
    /// run ends, so no process it started outlives it (Unix).
    pub own_group: bool,
}

/// Run `command` to completion or until `timeout`, capturing stdout and stderr.
///
/// The CI runner's own variables are removed from the child's environment (see
/// [`is_ci_control_variable`]): a learner's code, or a build script it brings, must not
/// reach the job's output files or its runtime token.
pub fn run(command: Command, timeout: Duration) -> Result<Output, Error> {
    run_with(command, timeout, &Options::default())
}

/// [`run`], with [`Options`].
pub fn run_with(command: Command, timeout: Duration, options: &Options) -> Result<Output, Error> {
    let raw = run_raw_with(command, timeout, options)?;
    Ok(Output {
        exit: raw.exit,
        stdout: text(raw.stdout, raw.stdout_dropped),
        stderr: raw.stderr,
        wall: raw.wall,
        overflowed: raw.overflowed,
    })
}

/// What [`run_raw`] captured: stdout exactly as the child wrote it.
#[derive(Debug, Clone)]
pub struct RawOutput {
    pub exit: Exit,
    /// Stdout's bytes, unchanged (no line-ending or UTF-8 repair), up to the capture limit.
    pub stdout: Vec<u8>,
    /// Bytes of stdout past the capture limit, not kept: a reader of `stdout` must treat
    /// anything but 0 as an incomplete answer.
    pub stdout_dropped: usize,
    pub stderr: String,
    pub wall: Duration,
    /// See [`Output::overflowed`].
    pub overflowed: bool,
}

/// Like [`run`], but stdout is kept as bytes: for output that is data (NUL-separated
/// paths, file contents), not text for a person.
pub fn run_raw(command: Command, timeout: Duration) -> Result<RawOutput, Error> {
    run_raw_with(command, timeout, &Options::default())
}

fn run_raw_with(
    mut command: Command,
    timeout: Duration,
    options: &Options,
) -> Result<RawOutput, Error> {
    for (name, _) in std::env::vars_os() {
        if is_ci_control_variable(&name.to_string_lossy()) {
            command.env_remove(&name);
        }
    }
    let program = command.get_program().to_string_lossy().into_owned();
    command
        .stdin(if options.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    if options.own_group {
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|source| Error::Spawn {
        command: program.clone(),
        source,
    })?;
    if let (Some(bytes), Some(mut stdin)) = (&options.stdin, child.stdin.take()) {
        // A few bytes, well under a pipe's buffer: this never blocks. Dropping `stdin`
        // closes the pipe, so the child reads them and then end of file.
        let _ = stdin.write_all(bytes);
    }
    let limit = options.output_limit.unwrap_or(CAPTURE_LIMIT);
    let overflowed = Arc::new(AtomicBool::new(false));
    let stop_on_overflow = options.output_limit.is_some();
    let stdout = read_in_background(child.stdout.take(), limit, overflowed.clone());
    let stderr = read_in_background(child.stderr.take(), limit, overflowed.clone());
    let deadline = started + timeout;
    let mut pause = Duration::from_millis(1);
    let group = options.own_group.then(|| child.id());
    let exit = loop {
        match child.try_wait() {
            Ok(Some(status)) => break exit_of(status),
            Ok(None) if stop_on_overflow && overflowed.load(Ordering::Relaxed) => {
                kill(&mut child, group);
                break Exit::Killed;
            }
            Ok(None) if Instant::now() >= deadline => {
                kill(&mut child, group);
                break Exit::TimedOut;
            }
            Ok(None) => {
                thread::sleep(pause);
                // Poll quickly at first (most runs are short), then back off.
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(source) => {
                return Err(Error::Spawn {
                    command: program,
                    source,
                });
            }
        }
    };
    let wall = started.elapsed();
    // Whatever the child left running in its group ends with it.
    if let Some(pid) = group {
        kill_group(pid);
    }
    let (stdout, stdout_dropped) = collect(stdout);
    let (stderr, stderr_dropped) = collect(stderr);
    Ok(RawOutput {
        exit,
        stdout,
        stdout_dropped,
        stderr: text(stderr, stderr_dropped),
        wall,
        overflowed: stop_on_overflow && overflowed.load(Ordering::Relaxed),
    })
}

fn kill(child: &mut std::process::Child, group: Option<u32>) {
    if let Some(pid) = group {
        kill_group(pid);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// SIGKILL to every process in the group `pid` leads.
#[cfg(unix)]
fn kill_group(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill has no memory-safety preconditions; a group that no longer exists
        // makes it fail with ESRCH, which is fine.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
fn kill_group(_pid: u32) {}

/// GitHub Actions' files and tokens (`GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`,
/// `ACTIONS_RUNTIME_TOKEN`, …) and the runner's folders (`RUNNER_TEMP` holds the
/// file-command files). Harmless context such as `GITHUB_ACTIONS` is kept.
pub fn is_ci_control_variable(name: &str) -> bool {
    if name.starts_with("RUNNER_") {
        return !matches!(name, "RUNNER_OS" | "RUNNER_ARCH");
    }
    const KEEP: &[&str] = &[
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "GITHUB_SHA",
        "GITHUB_REF",
        "GITHUB_REPOSITORY",
    ];
    (name.starts_with("GITHUB_") && !KEEP.contains(&name)) || name.starts_with("ACTIONS_")
}

/// The bytes read from a pipe (up to the capture limit) and how many more were dropped.
type Captured = (Vec<u8>, usize);

fn read_in_background(
    pipe: Option<impl Read + Send + 'static>,
    limit: usize,
    overflowed: Arc<AtomicBool>,
) -> mpsc::Receiver<Captured> {
    let (sender, receiver) = mpsc::channel();
    if let Some(mut pipe) = pipe {
        thread::spawn(move || {
            let mut kept = Vec::new();
            let mut buffer = [0u8; 16 * 1024];
            let mut dropped = 0usize;
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let room = limit.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..n.min(room)]);
                dropped += n.saturating_sub(room);
                if dropped > 0 {
                    overflowed.store(true, Ordering::Relaxed);
                }
            }
            let _ = sender.send((kept, dropped));
        });
    }
    receiver
}

fn collect(receiver: mpsc::Receiver<Captured>) -> Captured {
    receiver.recv_timeout(PIPE_GRACE).unwrap_or_default()
}

/// Captured bytes as text for a person: lossy UTF-8, CRLF as LF, and a note of any bytes
/// not kept.
fn text(kept: Vec<u8>, dropped: usize) -> String {
    let mut text = String::from_utf8_lossy(&kept).replace("\r\n", "\n");
    if dropped > 0 {
        text.push_str(&format!(
            "\n[cargo kata: {dropped} more bytes of output not kept]\n"
        ));
    }
    text
}

#[cfg(unix)]
fn exit_of(status: std::process::ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Code(-1),
    }
}

#[cfg(not(unix))]
fn exit_of(status: std::process::ExitStatus) -> Exit {
    Exit::Code(status.code().unwrap_or(-1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_files_and_tokens_are_scrubbed_but_context_is_kept() {
        for scrubbed in [
            "GITHUB_ENV",
            "GITHUB_OUTPUT",
            "GITHUB_STEP_SUMMARY",
            "GITHUB_TOKEN",
            "ACTIONS_RUNTIME_TOKEN",
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "RUNNER_TEMP",
            "RUNNER_TOOL_CACHE",
        ] {
            assert!(is_ci_control_variable(scrubbed), "{scrubbed}");
        }
        for kept in ["GITHUB_ACTIONS", "PATH", "CARGO_HOME", "CI", "RUNNER_OS"] {
            assert!(!is_ci_control_variable(kept), "{kept}");
        }
    }
}
