//! `cargo bench -p blocking-in-async`: wall time to send a batch of statements on a real
//! clock, with ledger reads that take 5 ms (a cold disk) and a relay busy on every first
//! attempt (a 10 ms pause before the retry). `one_statement` is the baseline: a batch of
//! ten whose tasks really run concurrently takes about as long as one. Never part of the
//! grade: the checks use a paused clock instead.

use std::collections::HashSet;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use blocking_in_async::{LedgerStore, MailError, Mailer, Receipt, Retry, send_statements};
use divan::Bencher;

fn main() {
    divan::main();
}

/// Ledgers on a slow disk.
struct SlowDisk;

impl LedgerStore for SlowDisk {
    fn read(&self, account: u64) -> io::Result<String> {
        std::thread::sleep(Duration::from_millis(5));
        Ok(format!("12000\n-{account}\n"))
    }
}

/// A relay busy on the first attempt of every account.
#[derive(Default)]
struct BusyRelay {
    seen: Mutex<HashSet<u64>>,
}

impl Mailer for BusyRelay {
    async fn send(&self, account: u64, _body: &str) -> Result<Receipt, MailError> {
        if self.seen.lock().unwrap().insert(account) {
            return Err(MailError::Busy);
        }
        Ok(Receipt {
            account,
            message_id: account,
        })
    }
}

fn batch(bencher: Bencher, n: u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let accounts: Vec<u64> = (1..=n).collect();
    let retry = Retry {
        max_attempts: 3,
        first_backoff: Duration::from_millis(10),
    };
    bencher.bench_local(|| {
        runtime.block_on(send_statements(
            &accounts,
            Arc::new(SlowDisk),
            Arc::new(BusyRelay::default()),
            retry.clone(),
        ))
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn one_statement(bencher: Bencher) {
    batch(bencher, 1);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn ten_statements(bencher: Bencher) {
    batch(bencher, 10);
}
