//! Run a child process with a hard time limit, capturing its output.
//!
//! Reading happens on two helper threads so a child that fills one pipe cannot block.
//! Past the deadline the child is killed (`Child::kill`: SIGKILL on Unix,
//! `TerminateProcess` on Windows). If the child left grandchildren holding its pipes,
//! the readers are abandoned after a short grace period rather than waited on forever:
//! the grader must never hang.

use std::io::Read;
use std::process::{Command, Stdio};
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
}

/// Run `command` to completion or until `timeout`, capturing stdout and stderr.
///
/// The CI runner's own variables are removed from the child's environment (see
/// [`is_ci_control_variable`]): a learner's code, or a build script it brings, must not
/// reach the job's output files or its runtime token.
pub fn run(command: Command, timeout: Duration) -> Result<Output, Error> {
    let raw = run_raw(command, timeout)?;
    Ok(Output {
        exit: raw.exit,
        stdout: text(raw.stdout, raw.stdout_dropped),
        stderr: raw.stderr,
        wall: raw.wall,
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
}

/// Like [`run`], but stdout is kept as bytes: for output that is data (NUL-separated
/// paths, file contents), not text for a person.
pub fn run_raw(mut command: Command, timeout: Duration) -> Result<RawOutput, Error> {
    for (name, _) in std::env::vars_os() {
        if is_ci_control_variable(&name.to_string_lossy()) {
            command.env_remove(&name);
        }
    }
    let program = command.get_program().to_string_lossy().into_owned();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().map_err(|source| Error::Spawn {
        command: program.clone(),
        source,
    })?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = started + timeout;
    let mut pause = Duration::from_millis(1);
    let exit = loop {
        match child.try_wait() {
            Ok(Some(status)) => break exit_of(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
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
    let (stdout, stdout_dropped) = collect(stdout);
    let (stderr, stderr_dropped) = collect(stderr);
    Ok(RawOutput {
        exit,
        stdout,
        stdout_dropped,
        stderr: text(stderr, stderr_dropped),
        wall,
    })
}

/// GitHub Actions' files and tokens (`GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`,
/// `ACTIONS_RUNTIME_TOKEN`, …). Harmless context such as `GITHUB_ACTIONS` is kept.
pub fn is_ci_control_variable(name: &str) -> bool {
    const KEEP: &[&str] = &[
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "GITHUB_SHA",
        "GITHUB_REF",
        "GITHUB_REPOSITORY",
    ];
    (name.starts_with("GITHUB_") && !KEEP.contains(&name)) || name.starts_with("ACTIONS_")
}

/// The bytes read from a pipe (up to [`CAPTURE_LIMIT`]) and how many more were dropped.
type Captured = (Vec<u8>, usize);

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Captured> {
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
                let room = CAPTURE_LIMIT.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..n.min(room)]);
                dropped += n.saturating_sub(room);
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
        ] {
            assert!(is_ci_control_variable(scrubbed), "{scrubbed}");
        }
        for kept in ["GITHUB_ACTIONS", "PATH", "CARGO_HOME", "CI"] {
            assert!(!is_ci_control_variable(kept), "{kept}");
        }
    }
}
