//! What one run of a test binary may use: memory, processes and threads, output, and
//! temporary disk. Declared per kata in `kata.toml`'s `[limits]` table, with defaults
//! that fit every kata so far; a breach is a verdict that names the limit ("exceeded the
//! 2 GiB memory limit"), never a dead machine or CI runner.
//!
//! Enforcement, by platform:
//!
//! - **Unix**: the test binary is started through `cargo-kata exec-limited` (a hidden
//!   subcommand of this binary), which sets the resource limits on itself and then
//!   `exec`s the test binary, so the limits hold for it and everything it starts:
//!   `RLIMIT_DATA` (heap and other private writable memory), `RLIMIT_FSIZE` (the largest
//!   file it may write), `RLIMIT_CORE` = 0, and, inside the Linux sandbox (where the
//!   count is per user namespace, not per login), `RLIMIT_NPROC` for processes and
//!   threads. The sandbox also gives it a `/tmp` of `tmp_mib`.
//! - **Everywhere**: output past `output_mib` ends the run, and the grader's time limit.
//! - **Windows**: only output and time are enforced today (a job object would add memory
//!   and process counts).

use serde::Deserialize;

/// One MiB.
const MIB: u64 = 1 << 20;

/// The `[limits]` table of `kata.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Heap and other private memory of one test process, in MiB.
    pub memory_mib: u64,
    /// Processes and threads one run may have alive at once (enforced in the Linux
    /// sandbox).
    pub processes: u64,
    /// Output (stdout and stderr each) one run may print, in MiB.
    pub output_mib: u64,
    /// The largest file a run may write, and the size of its private `/tmp`, in MiB.
    pub tmp_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mib: 2048,
            processes: 256,
            output_mib: 8,
            tmp_mib: 512,
        }
    }
}

impl Limits {
    /// Each limit must be positive and sane; returns the field and what is wrong.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        for (field, value, most) in [
            ("limits.memory_mib", self.memory_mib, 64 * 1024),
            ("limits.processes", self.processes, 65_536),
            ("limits.output_mib", self.output_mib, 1024),
            ("limits.tmp_mib", self.tmp_mib, 64 * 1024),
        ] {
            if value == 0 || value > most {
                return Err((field, format!("must be between 1 and {most}, not {value}")));
            }
        }
        if self.processes < 16 {
            return Err((
                "limits.processes",
                "must be at least 16: libtest alone runs a thread per test".into(),
            ));
        }
        Ok(())
    }

    /// Output bytes kept per stream.
    pub fn output_bytes(&self) -> usize {
        usize::try_from(self.output_mib * MIB).unwrap_or(usize::MAX)
    }

    /// The arguments `exec-limited` takes for these limits.
    pub fn to_args(&self, with_process_limit: bool) -> Vec<String> {
        let mut args = vec![
            format!("--memory-mib={}", self.memory_mib),
            format!("--file-mib={}", self.tmp_mib),
        ];
        if with_process_limit {
            args.push(format!("--processes={}", self.processes));
        }
        args
    }

    /// The verdict text for a run that hit one of these limits, judged from how it ended
    /// and what it printed; `None` when nothing points at a limit.
    pub fn breach(&self, signal: Option<i32>, stderr: &str) -> Option<String> {
        if stderr.contains("memory allocation of") && stderr.contains("failed") {
            let detail = stderr
                .lines()
                .find(|l| l.contains("memory allocation of"))
                .unwrap_or_default()
                .trim();
            return Some(format!(
                "exceeded the {} memory limit ({detail})",
                mib_text(self.memory_mib)
            ));
        }
        if signal == Some(SIGXFSZ) {
            return Some(format!(
                "exceeded the {} file size limit (a file it wrote grew past it)",
                mib_text(self.tmp_mib)
            ));
        }
        if stderr.contains("failed to spawn thread")
            || stderr.contains("Resource temporarily unavailable")
        {
            return Some(format!(
                "hit the limit of {} processes and threads (or the memory limit) when starting one",
                self.processes
            ));
        }
        None
    }
}

/// SIGXFSZ: a file grew past `RLIMIT_FSIZE` (25 on Linux, 25 on the BSDs and macOS too).
const SIGXFSZ: i32 = 25;

/// "2 GiB", "512 MiB".
pub fn mib_text(mib: u64) -> String {
    if mib >= 1024 && mib.is_multiple_of(1024) {
        format!("{} GiB", mib / 1024)
    } else {
        format!("{mib} MiB")
    }
}

/// The limits `exec-limited` was asked to set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requested {
    pub memory_mib: Option<u64>,
    pub file_mib: Option<u64>,
    pub processes: Option<u64>,
}

/// Set the requested limits on this process, then replace it with `program args…`.
/// Returns only on failure, with what went wrong.
#[cfg(unix)]
pub fn exec_limited(
    requested: Requested,
    program: &std::ffi::OsStr,
    args: &[std::ffi::OsString],
) -> String {
    use std::os::unix::process::CommandExt;
    // The resource constants' type differs between platforms (and libcs): carried as
    // `c_int`, converted back at the call.
    let mut settings = vec![(libc::RLIMIT_CORE as libc::c_int, 0)];
    if let Some(m) = requested.memory_mib {
        settings.push((libc::RLIMIT_DATA as libc::c_int, m * MIB));
    }
    if let Some(f) = requested.file_mib {
        settings.push((libc::RLIMIT_FSIZE as libc::c_int, f * MIB));
    }
    if let Some(p) = requested.processes {
        settings.push((libc::RLIMIT_NPROC as libc::c_int, p));
    }
    for (resource, value) in settings {
        if let Err(e) = set_limit(resource, value) {
            return format!("could not set resource limit {resource:?}: {e}");
        }
    }
    let error = std::process::Command::new(program).args(args).exec();
    format!("could not start {}: {error}", program.to_string_lossy())
}

#[cfg(not(unix))]
pub fn exec_limited(_: Requested, program: &std::ffi::OsStr, _: &[std::ffi::OsString]) -> String {
    format!(
        "exec-limited is for Unix; {} was not started",
        program.to_string_lossy()
    )
}

/// Lower one resource limit (soft and hard) to `value`, never raising it.
#[cfg(unix)]
fn set_limit(resource: libc::c_int, value: u64) -> std::io::Result<()> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` through a valid pointer to a local.
    if unsafe { libc::getrlimit(resource as _, &mut current) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let value = value as libc::rlim_t;
    let wanted = libc::rlimit {
        rlim_cur: value.min(current.rlim_max),
        rlim_max: value.min(current.rlim_max),
    };
    // SAFETY: setrlimit reads one `rlimit` through a valid pointer to a local.
    if unsafe { libc::setrlimit(resource as _, &wanted) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_zero_is_not() {
        assert_eq!(Limits::default().validate(), Ok(()));
        let zero = Limits {
            memory_mib: 0,
            ..Limits::default()
        };
        assert_eq!(zero.validate().unwrap_err().0, "limits.memory_mib");
        let few = Limits {
            processes: 2,
            ..Limits::default()
        };
        assert_eq!(few.validate().unwrap_err().0, "limits.processes");
    }

    #[test]
    fn breaches_are_named() {
        let limits = Limits::default();
        let oom = limits
            .breach(Some(6), "memory allocation of 6442450944 bytes failed\n")
            .unwrap();
        assert!(oom.starts_with("exceeded the 2 GiB memory limit"), "{oom}");
        assert!(oom.contains("6442450944"), "{oom}");
        let disk = limits.breach(Some(25), "").unwrap();
        assert_eq!(
            disk,
            "exceeded the 512 MiB file size limit (a file it wrote grew past it)"
        );
        assert_eq!(limits.breach(Some(6), "thread 'x' panicked"), None);
    }
}
