//! Proof that a check ran to its end, which the code under test cannot forge.
//!
//! A kata's checks run in the same process as the learner's code, so anything a check
//! prints the learner's code can print too: libtest's `test NAME ... ok` lines and its
//! closing summary can be written to stdout from safe Rust, followed by
//! `std::process::exit(0)`. The grader therefore does not take libtest's word alone. Each
//! check begins with [`attest`]; when the check's body returns without panicking, the
//! guard appends a *completion stamp* for the running test to a file the grader named,
//! signed with HMAC-SHA-256 under a key that exists only for that one run.
//!
//! How the key stays out of the learner's reach:
//!
//! - the grader writes it to the test binary's **stdin** and closes the pipe; the first
//!   [`attest`] of the run reads it, so it is gone from the pipe before any learner code
//!   runs (every check starts with [`attest`], and the learner's code only runs when a
//!   check calls it);
//! - afterwards it lives only in this crate's private static, which safe Rust outside
//!   this crate cannot name; the kata crates forbid `unsafe_code`, and in the grader's
//!   sandbox (Linux) there is no `/proc`, so `/proc/self/mem` cannot be read either.
//!
//! The grader counts a test as passed only when libtest reported it `ok` *and* its stamp
//! verifies (see [`Stamps::read`]). Outside the grader (`cargo test`), the key is absent
//! and [`attest`] does nothing.
//!
//! ```
//! // In a kata's tests/checks.rs, every check starts like this:
//! fn dedupe_keeps_first_occurrences() {
//!     let _attest = kata_attest::attest();
//!     // … assertions on the code under test …
//! }
//! # dedupe_keeps_first_occurrences();
//! ```

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, Write};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

/// The environment variable naming the file stamps are appended to. The grader sets it
/// and writes the run's key, in hex, as the first line of the test binary's stdin.
pub const ATTEST_ENV: &str = "KATA_ATTEST";

/// A per-run signing key.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// A key from 32 random bytes (the grader draws them from the OS).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Key(bytes)
    }

    /// The key as 64 hex digits, the form written to the test binary's stdin.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// Parse 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Key(bytes))
    }

    /// HMAC-SHA-256 (RFC 2104) of `message`, in hex.
    pub fn sign(&self, message: &str) -> String {
        let mut inner_pad = [0x36u8; 64];
        let mut outer_pad = [0x5cu8; 64];
        for (i, byte) in self.0.iter().enumerate() {
            inner_pad[i] ^= byte;
            outer_pad[i] ^= byte;
        }
        let mut inner = Sha256::new();
        inner.update(inner_pad);
        inner.update(message.as_bytes());
        let mut outer = Sha256::new();
        outer.update(outer_pad);
        outer.update(inner.finalize());
        hex(&outer.finalize())
    }

    /// Whether `mac` is this key's signature of `message`, compared in constant time.
    pub fn verifies(&self, message: &str, mac: &str) -> bool {
        let expected = self.sign(message);
        expected.len() == mac.len()
            && expected
                .bytes()
                .zip(mac.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// What a stamp line signs: the record kind and the test's name, NUL-separated so no
/// name can be made to look like another record.
fn completion_message(test: &str) -> String {
    format!("done\0{test}")
}

/// The run's channel: its key and the stamps file.
struct Channel {
    key: Key,
    file: Mutex<File>,
}

static CHANNEL: OnceLock<Option<Channel>> = OnceLock::new();

/// The channel, opened by the first caller: the key is read from stdin once.
fn channel() -> Option<&'static Channel> {
    CHANNEL
        .get_or_init(|| {
            let path = std::env::var_os(ATTEST_ENV)?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).ok()?;
            let key = Key::from_hex(&line)?;
            let file = OpenOptions::new().append(true).open(path).ok()?;
            Some(Channel {
                key,
                file: Mutex::new(file),
            })
        })
        .as_ref()
}

/// Start a check: returns a guard that stamps the running test as completed when it is
/// dropped without a panic in flight. Call it first in every check, and keep the guard
/// until the end of the test (`let _attest = attest();`, never `let _ = attest();`, which
/// drops it at once).
///
/// The test's name is its thread's name, which libtest sets to the test's full path.
#[must_use = "bind the guard to `_attest` so it lives until the end of the test"]
pub fn attest() -> Attestation {
    // Open the channel now, before the check calls any code under test.
    let _ = channel();
    Attestation { _private: () }
}

/// The guard [`attest`] returns.
#[derive(Debug)]
pub struct Attestation {
    _private: (),
}

impl Drop for Attestation {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let Some(channel) = channel() else {
            return;
        };
        let name = std::thread::current().name().unwrap_or_default().to_owned();
        let mac = channel.key.sign(&completion_message(&name));
        let line = format!("done\t{name}\t{mac}\n");
        if let Ok(mut file) = channel.file.lock() {
            // One write of a short line to a file opened for appending: never interleaved.
            let _ = file.write_all(line.as_bytes());
        }
    }
}

/// Sign a line of the figures channel (see `kata_toolkit::figure`): returns the MAC to
/// append, or `None` outside the grader.
pub fn sign_figure(line: &str) -> Option<String> {
    channel().map(|c| c.key.sign(&format!("figure\0{line}")))
}

/// Whether `mac` signs the figure line `line` under `key` (the grader's side).
pub fn figure_verifies(key: &Key, line: &str, mac: &str) -> bool {
    key.verifies(&format!("figure\0{line}"), mac)
}

/// The stamps a run left: the tests that completed, and how many lines did not verify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamps {
    /// Tests with a valid completion stamp.
    pub completed: BTreeSet<String>,
    /// Lines that were not a valid stamp under the run's key (written by someone else).
    pub forged: usize,
}

impl Stamps {
    /// Read the stamps file's text under the run's key.
    pub fn read(key: &Key, text: &str) -> Self {
        let mut stamps = Stamps::default();
        for line in text.lines().filter(|l| !l.is_empty()) {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some("done"), Some(name), Some(mac), None)
                    if key.verifies(&completion_message(name), mac) =>
                {
                    stamps.completed.insert(name.to_owned());
                }
                _ => stamps.forged += 1,
            }
        }
        stamps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2_shape() {
        // RFC 4231 case 2 uses a 4-byte key; ours are 32 bytes, so check the construction
        // against a key padded the way HMAC pads it: "Jefe" followed by zeros.
        let mut bytes = [0u8; 32];
        bytes[..4].copy_from_slice(b"Jefe");
        let key = Key::from_bytes(bytes);
        assert_eq!(
            key.sign("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn keys_round_trip_through_hex_and_reject_garbage() {
        let key = Key::from_bytes([7; 32]);
        assert_eq!(Key::from_hex(&key.to_hex()), Some(key.clone()));
        assert_eq!(Key::from_hex(&format!("{}\n", key.to_hex())), Some(key));
        assert_eq!(Key::from_hex("zz"), None);
        assert_eq!(Key::from_hex(&"g".repeat(64)), None);
        assert_eq!(Key::from_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn only_stamps_signed_with_the_runs_key_count() {
        let key = Key::from_bytes([1; 32]);
        let other = Key::from_bytes([2; 32]);
        let good =
            |k: &Key, name: &str| format!("done\t{name}\t{}\n", k.sign(&completion_message(name)));
        let text = [
            good(&key, "a::passes"),
            good(&other, "a::forged_with_another_key"),
            "done\ta::made_up\t00\n".to_owned(),
            format!(
                "done\ta::renamed\t{}\n",
                key.sign(&completion_message("a::passes"))
            ),
            "test a::x ... ok\n".to_owned(),
        ]
        .concat();
        let stamps = Stamps::read(&key, &text);
        assert_eq!(
            stamps.completed.into_iter().collect::<Vec<_>>(),
            ["a::passes"]
        );
        assert_eq!(stamps.forged, 4);
    }

    #[test]
    fn figure_lines_verify_only_unchanged() {
        let key = Key::from_bytes([3; 32]);
        let line = "t\tstore calls\t10\t10\tat_most\t";
        let mac = key.sign(&format!("figure\0{line}"));
        assert!(figure_verifies(&key, line, &mac));
        assert!(!figure_verifies(
            &key,
            "t\tstore calls\t1\t10\tat_most\t",
            &mac
        ));
    }

    #[test]
    fn outside_the_grader_attest_does_nothing() {
        // No KATA_ATTEST in a plain `cargo test`: the guard is inert.
        if std::env::var_os(ATTEST_ENV).is_none() {
            let guard = attest();
            drop(guard);
            assert!(channel().is_none());
        }
    }
}
