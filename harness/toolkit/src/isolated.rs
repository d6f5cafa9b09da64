//! Measure a scenario in a process of its own, so the figure covers every thread the code
//! under test uses.
//!
//! A per-thread count (`alloc::measure`, `logs::capture`) does not see work the code
//! moves to a thread it spawns; a process-wide one (`alloc::measure_process`,
//! `logs::capture_process`) sees it, but in a test binary it also sees every other test
//! running at the same time. Here a check runs one scenario test, alone, in a child
//! process of its own test binary: the child measures process-wide, where everything is
//! the scenario's, and hands back one JSON value.
//!
//! What the child reports is signed (HMAC-SHA-256, `kata_attest`) with a key the parent
//! writes to the child's stdin, read before the scenario calls any code under test:
//! the code under test, which runs in the child too, cannot print a result of its own.
//!
//! ```ignore
//! // In tests/checks.rs:
//! #[test]
//! fn tidy_allocates_nothing_per_line() {
//!     let _attest = kata_attest::attest();
//!     let stats = isolated::allocations("scenarios::tidy_a_feed");
//!     check(Figure::at_most("allocations per line", stats.count as f64 / 1e4, 0.01, ""), "…");
//! }
//!
//! mod scenarios {
//!     #[test]
//!     fn tidy_a_feed() {
//!         let _attest = kata_attest::attest();
//!         // Outside its child process this does nothing.
//!         kata_toolkit::isolated::scenario(|| {
//!             let lines = feed(10_000);
//!             kata_toolkit::isolated::allocation_value(measure_process(|| tidy(&lines)).1)
//!         });
//!     }
//! }
//! ```

use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};

use kata_attest::Key;
use serde_json::Value;

use crate::alloc::AllocStats;

/// Set by the grader when it runs each check alone in a process of its own: see
/// [`is_alone`].
pub const ALONE_ENV: &str = "KATA_ALONE_IN_PROCESS";

/// Whether this test runs alone in its process (the grader's main run, which runs tests
/// one at a time, or a scenario's child): then `alloc::measure` and `logs::capture` count
/// every thread of the process, since every thread there belongs to the code under test. Under a plain `cargo test`,
/// where tests share the process, they count the calling thread only.
///
/// ```
/// // A plain `cargo test` (or doctest) shares its process.
/// assert!(!kata_toolkit::isolated::is_alone() || std::env::var_os("KATA_ALONE_IN_PROCESS").is_some());
/// ```
pub fn is_alone() -> bool {
    static ALONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ALONE.get_or_init(|| {
        std::env::var_os(ALONE_ENV).is_some() || std::env::var_os(SCENARIO_ENV).is_some()
    })
}

/// Set in the child: the full name of the scenario test it runs.
pub const SCENARIO_ENV: &str = "KATA_ISOLATED_SCENARIO";
/// The line the child's result is printed on: `MARK <mac> <json>`.
const MARK: &str = "kata-isolated-result";

/// Run the scenario test `scenario` (its full libtest name, e.g. `"scenarios::tidy"`)
/// alone in a child process of this test binary, and return the value it reported.
///
/// Panics, with the child's output, when the child does not report exactly one signed
/// value (the scenario panicked, the process died, or it never called [`scenario`]).
pub fn run(scenario: &str) -> Value {
    let key = fresh_key();
    let exe = crate::fixtures::this_test_binary();
    let mut child = Command::new(exe)
        .args([
            scenario,
            "--exact",
            "--test-threads=1",
            "--nocapture",
            "--include-ignored",
        ])
        .env(SCENARIO_ENV, scenario)
        // The child's checks prove nothing to the grader, and report no figures.
        .env_remove(kata_attest::ATTEST_ENV)
        .env_remove(crate::figure::FIGURES_ENV)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test binary runs again as a child");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{}", key.to_hex());
    }
    let out = child
        .wait_with_output()
        .expect("the child test binary finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let signed: Vec<Value> = stdout
        .lines()
        .filter_map(|line| {
            // libtest may have begun the line with `test NAME ... `.
            let rest = line[line.find(MARK)? + MARK.len()..].strip_prefix(' ')?;
            let (mac, json) = rest.split_once(' ')?;
            key.verifies(&message(json), mac)
                .then(|| serde_json::from_str(json).ok())
                .flatten()
        })
        .collect();
    match <[Value; 1]>::try_from(signed) {
        Ok([value]) => value,
        Err(found) => panic!(
            "scenario `{scenario}` reported {} signed results in its own process (expected 1); \
             it ended with {}\nstdout:\n{stdout}\nstderr:\n{}",
            found.len(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// In a scenario test: when this process is the child [`run`] started for this test, read
/// the key, run `measure`, and report what it returns; anywhere else, do nothing.
pub fn scenario(measure: impl FnOnce() -> Value) {
    let Ok(wanted) = std::env::var(SCENARIO_ENV) else {
        return;
    };
    if std::thread::current().name() != Some(wanted.as_str()) {
        return;
    }
    // The key first, before any code under test runs; kept on this stack only.
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return;
    }
    let Some(key) = Key::from_hex(&line) else {
        return;
    };
    let json = measure().to_string();
    let mac = key.sign(&message(&json));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "\n{MARK} {mac} {json}");
    let _ = out.flush();
}

/// [`run`] for a scenario that reported [`allocation_value`]: what it allocated.
pub fn allocations(scenario: &str) -> AllocStats {
    let value = run(scenario);
    let field = |name: &str| {
        value[name]
            .as_u64()
            .unwrap_or_else(|| panic!("scenario `{scenario}` reported no `{name}`: {value}"))
    };
    AllocStats {
        count: field("count"),
        bytes: field("bytes"),
        peak_live: field("peak_live"),
        retained: field("retained"),
    }
}

/// Allocation figures as the value a scenario reports (see [`allocations`]).
///
/// ```
/// use kata_toolkit::alloc::AllocStats;
/// let v = kata_toolkit::isolated::allocation_value(AllocStats { count: 3, bytes: 96, peak_live: 64, retained: 0 });
/// assert_eq!(v["count"], 3);
/// ```
pub fn allocation_value(stats: AllocStats) -> Value {
    serde_json::json!({
        "count": stats.count,
        "bytes": stats.bytes,
        "peak_live": stats.peak_live,
        "retained": stats.retained,
    })
}

fn message(json: &str) -> String {
    format!("isolated\0{json}")
}

/// 32 bytes no one else can predict: four std `RandomState` hashers, whose keys the OS
/// seeds.
fn fresh_key() -> Key {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    Key::from_bytes(bytes)
}
