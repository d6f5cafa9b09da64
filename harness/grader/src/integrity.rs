//! A test binary runs only as the grader's build left it.
//!
//! Learner code runs with the learner's rights, and cargo judges a binary fresh by mtimes
//! it does not re-check against the file: a unit test that replaces
//! `target/debug/deps/checks-*` with a script that prints `ok` would otherwise be run by
//! every later grade (and saved in a CI cache). So:
//!
//! - after a build that wrote a binary, the grader records its identity (size, mtime and,
//!   on Unix, inode and ctime, which no unprivileged process can set back) and its
//!   SHA-256 in `<target>/cargo-kata/binaries/`;
//! - a binary cargo reports as fresh must match that record, by identity or else by
//!   digest; one with no record or a different digest is deleted and built again;
//! - before each run the identity is compared again, and a binary that changed since
//!   the build is not run: every test it holds gets the verdict `binary changed`.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What identifies a file's current content cheaply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    len: u64,
    modified_ns: i128,
    #[cfg(unix)]
    inode: u64,
    #[cfg(unix)]
    changed_ns: i128,
}

impl Identity {
    /// The identity of the file at `path` now.
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Ok(Identity {
            len: meta.len(),
            modified_ns,
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&meta),
            #[cfg(unix)]
            changed_ns: {
                use std::os::unix::fs::MetadataExt;
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
            },
        })
    }

    fn to_line(&self) -> String {
        #[cfg(unix)]
        {
            format!(
                "{} {} {} {}",
                self.len, self.modified_ns, self.inode, self.changed_ns
            )
        }
        #[cfg(not(unix))]
        {
            format!("{} {}", self.len, self.modified_ns)
        }
    }
}

/// SHA-256 of a file, in hex.
pub fn digest_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The record kept for one binary: its digest and identity when the grader built it.
fn record_path(records: &Path, binary: &Path) -> PathBuf {
    let name = binary
        .file_name()
        .map_or_else(|| "binary".into(), |n| n.to_string_lossy().into_owned());
    records.join(format!("{name}.record"))
}

/// The folder of records in a target dir.
pub fn records_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("cargo-kata").join("binaries")
}

/// Record a binary the build just wrote. Returns its identity.
pub fn record_built(records: &Path, binary: &Path) -> std::io::Result<Identity> {
    let digest = digest_file(binary)?;
    let identity = Identity::of(binary)?;
    std::fs::create_dir_all(records)?;
    // Written whole, then renamed into place: a grade running at the same time never
    // reads half a record.
    let record = record_path(records, binary);
    let partial = record.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, format!("{digest}\n{}\n", identity.to_line()))?;
    std::fs::rename(&partial, &record)?;
    Ok(identity)
}

/// Check a binary cargo reported fresh against its record: `Some(identity)` when it is
/// the binary the grader built, `None` when it has no record or differs from it.
pub fn check_fresh(records: &Path, binary: &Path) -> Option<Identity> {
    let text = std::fs::read_to_string(record_path(records, binary)).ok()?;
    let mut lines = text.lines();
    let digest = lines.next()?;
    let identity_line = lines.next()?;
    let identity = Identity::of(binary).ok()?;
    if identity.to_line() == identity_line {
        return Some(identity);
    }
    // Touched or copied, but perhaps the same bytes: the digest decides.
    (digest_file(binary).ok()? == digest)
        .then(|| record_built(records, binary).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_binary_no_longer_matches_its_record() {
        let dir = std::env::temp_dir().join(format!("kata-integrity-{}", std::process::id()));
        let records = dir.join("records");
        std::fs::create_dir_all(&dir).unwrap();
        let binary = dir.join("checks-0123");
        std::fs::write(&binary, b"the real test binary").unwrap();
        let built = record_built(&records, &binary).unwrap();
        assert_eq!(check_fresh(&records, &binary), Some(built.clone()));

        // Replaced by a file of the same length, its mtime set back: still caught.
        let swap = dir.join("swap");
        std::fs::write(&swap, b"a forged test binary").unwrap();
        let old_mtime = std::fs::metadata(&binary).unwrap().modified().unwrap();
        std::fs::rename(&swap, &binary).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&binary)
            .unwrap()
            .set_modified(old_mtime)
            .unwrap();
        assert_ne!(Identity::of(&binary).unwrap(), built);
        assert_eq!(check_fresh(&records, &binary), None);

        // A binary with no record is not trusted either.
        let other = dir.join("checks-4567");
        std::fs::write(&other, b"built by someone else").unwrap();
        assert_eq!(check_fresh(&records, &other), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
