//! Sampling CPU profiles of a kata's workload, for `cargo kata profile`.
//!
//! A kata ships a profiling entry as a bench target without a harness
//! (`benches/profile.rs`, named in its `kata.toml` under `[profile]`), whose `main` calls
//! [`run`] with its workload. [`run`] samples the process's stacks about a thousand times a
//! second while the workload repeats (pprof-rs, on `SIGPROF`), then writes a flame graph
//! (SVG, drawn by inferno) and a table of the hottest functions next to it, and prints
//! where. The grader builds that bench in release mode, since a profile of unoptimised
//! code points at costs the optimiser removes.
//!
//! What it cannot see: time spent off the CPU (sleeping, waiting on locks or I/O) takes no
//! samples, and a function the optimiser inlined is counted in its caller. Where the
//! platform has no sampler (Windows), [`run`] says so and runs the workload once.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where [`run`] writes when the grader does not say (`KATA_PROFILE_OUT`).
pub const OUT_ENV: &str = "KATA_PROFILE_OUT";

/// How long [`run`] keeps repeating the workload, at least: enough samples to rank the
/// hot functions (about 2,000 at the sampler's rate).
pub const MIN_DURATION: Duration = Duration::from_secs(2);

/// Samples enough to rank the hot functions; [`run`] keeps sampling past its minimum time
/// until it has them (on a busy machine the sampler, counting CPU time, takes fewer).
pub const ENOUGH_SAMPLES: isize = 800;

/// One function's share of the samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hot {
    /// The function's demangled name, without its hash.
    pub function: String,
    /// Samples taken while it was the function running (the top of the stack).
    pub own: usize,
    /// Samples taken while it was anywhere on the stack (itself or a callee running).
    pub total: usize,
}

/// A finished profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Samples taken.
    pub samples: usize,
    /// Functions by own samples, most first.
    pub hottest: Vec<Hot>,
    /// The flame graph, as SVG.
    pub svg: Vec<u8>,
}

impl Profile {
    /// The table of the `n` hottest functions, with their shares of all samples.
    pub fn table(&self, n: usize) -> String {
        let mut out = format!("{} samples\n  own %  total %  function\n", self.samples);
        let pct = |k: usize| 100.0 * k as f64 / self.samples.max(1) as f64;
        // Frames on every stack that never run themselves (`main`, the runtime, the
        // profiler's loop) are the road to the workload, not a place it spends time.
        let shown = self
            .hottest
            .iter()
            .filter(|h| !(h.own == 0 && h.total == self.samples));
        for hot in shown.take(n) {
            out.push_str(&format!(
                "{:>7.1}  {:>7.1}  {}\n",
                pct(hot.own),
                pct(hot.total),
                hot.function
            ));
        }
        out
    }
}

/// Why a profile could not be taken.
#[derive(Debug)]
pub enum Error {
    /// The platform has no sampler this crate can use.
    Unsupported,
    /// The sampler failed to start or report.
    Sampler(String),
    /// Writing the results failed.
    Write(PathBuf, std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Unsupported => write!(
                f,
                "no sampling profiler on this platform (profiles need Linux or macOS); the checks' operation counts still show where the work goes"
            ),
            Error::Sampler(e) => write!(f, "the sampler failed: {e}"),
            Error::Write(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// Profile `workload`, repeated until at least `min` has passed.
pub fn profile(mut workload: impl FnMut(), min: Duration) -> Result<Profile, Error> {
    sampler::profile(&mut workload, min)
}

/// The profiling entry of a kata: profile `workload` and write `<name>.svg` and
/// `<name>.txt` into the folder named by [`OUT_ENV`] (the grader's), else
/// `target/kata-profile` under the current folder; print where, and the table.
pub fn run(name: &str, workload: impl FnMut()) {
    let out = std::env::var_os(OUT_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target").join("kata-profile"));
    match profile(workload, MIN_DURATION).and_then(|p| write(&p, &out, name).map(|f| (p, f))) {
        Ok((profile, (svg, txt))) => {
            println!("{}", profile.table(15));
            println!("flame graph: {}", svg.display());
            println!("table:       {}", txt.display());
        }
        Err(e) => {
            eprintln!("profile of {name}: {e}");
            std::process::exit(2);
        }
    }
}

/// Write the flame graph and the table; returns their paths.
pub fn write(profile: &Profile, dir: &Path, name: &str) -> Result<(PathBuf, PathBuf), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Write(dir.to_owned(), e))?;
    let svg = dir.join(format!("{name}.svg"));
    let txt = dir.join(format!("{name}.txt"));
    std::fs::write(&svg, &profile.svg).map_err(|e| Error::Write(svg.clone(), e))?;
    std::fs::write(&txt, profile.table(40)).map_err(|e| Error::Write(txt.clone(), e))?;
    Ok((svg, txt))
}

/// `krate::module::function::h0123456789abcdef` → `krate::module::function`.
fn without_hash(name: &str) -> &str {
    match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            head
        }
        _ => name,
    }
}

/// Rank functions from stacks (leaf first) with their sample counts.
fn rank(stacks: &[(Vec<String>, usize)]) -> (usize, Vec<Hot>) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut own: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total: BTreeMap<&str, usize> = BTreeMap::new();
    let mut samples = 0;
    for (stack, count) in stacks {
        samples += count;
        if let Some(leaf) = stack.first() {
            *own.entry(leaf).or_default() += count;
        }
        // A recursive function counts once per sample.
        let distinct: BTreeSet<&str> = stack.iter().map(String::as_str).collect();
        for f in distinct {
            *total.entry(f).or_default() += count;
        }
    }
    let mut hottest: Vec<Hot> = total
        .iter()
        .map(|(f, t)| Hot {
            function: (*f).to_owned(),
            own: own.get(f).copied().unwrap_or(0),
            total: *t,
        })
        .collect();
    hottest.sort_by(|a, b| (b.own, b.total, &a.function).cmp(&(a.own, a.total, &b.function)));
    (samples, hottest)
}

#[cfg(unix)]
mod sampler {
    use super::*;

    /// Frames of the sampler itself and of the C runtime, which say nothing about the
    /// workload.
    fn is_noise(name: &str) -> bool {
        name.starts_with("pprof::")
            || name.starts_with("backtrace::")
            || name.starts_with("<pprof::")
            || name == "Unknown"
            || name.starts_with("__")
            || name.starts_with("_start")
    }

    pub(super) fn profile(workload: &mut dyn FnMut(), min: Duration) -> Result<Profile, Error> {
        let guard = pprof::ProfilerGuardBuilder::default()
            .frequency(997)
            .blocklist(&["libc", "libgcc", "pthread", "vdso"])
            .build()
            .map_err(|e| Error::Sampler(e.to_string()))?;
        // Samples are taken per CPU time, so a busy machine gives fewer per second of wall
        // time: keep going past `min` until there are enough to rank functions, or for at
        // most ten times `min`.
        let start = Instant::now();
        let report = loop {
            workload();
            let elapsed = start.elapsed();
            if elapsed < min {
                continue;
            }
            let report = guard
                .report()
                .build()
                .map_err(|e| Error::Sampler(e.to_string()))?;
            let samples: isize = report.data.values().sum();
            if samples >= ENOUGH_SAMPLES || elapsed >= min * 10 {
                break report;
            }
        };
        let mut svg = Vec::new();
        report
            .flamegraph(&mut svg)
            .map_err(|e| Error::Sampler(e.to_string()))?;
        let stacks: Vec<(Vec<String>, usize)> = report
            .data
            .iter()
            .map(|(frames, count)| {
                let names = frames
                    .frames
                    .iter()
                    .flatten()
                    .map(|symbol| without_hash(&symbol.name()).to_owned())
                    .filter(|name| !is_noise(name))
                    .collect();
                (names, usize::try_from(*count).unwrap_or(0))
            })
            .collect();
        let (samples, hottest) = rank(&stacks);
        Ok(Profile {
            samples,
            hottest,
            svg,
        })
    }
}

#[cfg(not(unix))]
mod sampler {
    use super::*;

    pub(super) fn profile(workload: &mut dyn FnMut(), _min: Duration) -> Result<Profile, Error> {
        workload();
        Err(Error::Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_dropped_from_names() {
        assert_eq!(
            without_hash("kata::dedupe::h0123456789abcdef"),
            "kata::dedupe"
        );
        assert_eq!(without_hash("kata::dedupe"), "kata::dedupe");
        assert_eq!(without_hash("kata::h_not_a_hash"), "kata::h_not_a_hash");
    }

    #[test]
    fn own_counts_the_leaf_and_total_every_distinct_frame() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let (samples, hot) = rank(&[
            (s(&["scan", "dedupe", "main"]), 8),
            (s(&["hash", "dedupe", "main"]), 2),
            (s(&["fib", "fib", "main"]), 1),
        ]);
        assert_eq!(samples, 11);
        assert_eq!(
            hot[0],
            Hot {
                function: "scan".into(),
                own: 8,
                total: 8
            }
        );
        let main = hot.iter().find(|h| h.function == "main").unwrap();
        assert_eq!((main.own, main.total), (0, 11));
        let fib = hot.iter().find(|h| h.function == "fib").unwrap();
        assert_eq!(fib.total, 1, "a recursive frame counts once per sample");
    }
}
