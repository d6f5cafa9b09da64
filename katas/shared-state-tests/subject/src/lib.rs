//! The nightly order export: each batch of orders becomes one CSV file in an export folder.
//! The code under test; it is correct. The `cfg!(feature = "mutant-…")` branches are the
//! bugs the grader plants one at a time to see whether your tests notice.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// One order of the night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: u64,
    pub customer: String,
    pub cents: u64,
}

/// Batches exported by this process so far, for the operations dashboard. Shared by every
/// exporter (and every test) in the process, and it only ever grows.
static EXPORTS_IN_PROCESS: AtomicU64 = AtomicU64::new(0);

/// How many batches every exporter of this process has written so far.
pub fn exports_in_process() -> u64 {
    EXPORTS_IN_PROCESS.load(Ordering::SeqCst)
}

/// Writes batches into one folder, numbering its files `orders-1.csv`, `orders-2.csv`, …
#[derive(Debug)]
pub struct Exporter {
    dir: PathBuf,
    written: AtomicU64,
}

impl Exporter {
    /// An exporter writing into `dir` (created on the first export if missing). A relative
    /// `dir` is relative to the process's current directory at each export.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Exporter {
            dir: dir.into(),
            written: AtomicU64::new(0),
        }
    }

    /// The folder it writes into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Write `batch` as the next numbered file and return its path. An empty batch still
    /// writes a file with the header only: downstream jobs wait for one file per night.
    pub fn export(&self, batch: &[Order]) -> io::Result<PathBuf> {
        if batch.is_empty() && cfg!(feature = "mutant-empty-batch-skipped") {
            return Ok(self.dir.join("orders-0.csv"));
        }
        std::fs::create_dir_all(&self.dir)?;
        let number = if cfg!(feature = "mutant-numbering-restarts") {
            1
        } else {
            self.written.load(Ordering::SeqCst) + 1
        };
        let path = self.dir.join(format!("orders-{number}.csv"));
        write_file(&path, &render_csv(batch))?;
        if !cfg!(feature = "mutant-count-not-kept") {
            self.written.fetch_add(1, Ordering::SeqCst);
        }
        EXPORTS_IN_PROCESS.fetch_add(1, Ordering::SeqCst);
        Ok(path)
    }

    /// Files this exporter has written.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

#[cfg(not(feature = "refactor-buffered-writer"))]
fn write_file(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, text)
}

/// The same bytes, through a buffered writer.
#[cfg(feature = "refactor-buffered-writer")]
fn write_file(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    let mut out = io::BufWriter::new(std::fs::File::create(path)?);
    for line in text.split_inclusive('\n') {
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}

/// The CSV text of a batch: a header line, then one line per order. A customer name with
/// a comma or a double quote is quoted, its quotes doubled.
pub fn render_csv(batch: &[Order]) -> String {
    let mut out = String::new();
    if !cfg!(feature = "mutant-no-header") {
        out.push_str("id,customer,cents\n");
    }
    for order in batch {
        out.push_str(&format!(
            "{},{},{}\n",
            order.id,
            field(&order.customer),
            order.cents
        ));
    }
    out
}

fn field(text: &str) -> String {
    let needs_quotes = if cfg!(feature = "mutant-commas-unquoted") {
        text.contains('"')
    } else {
        text.contains([',', '"'])
    };
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
