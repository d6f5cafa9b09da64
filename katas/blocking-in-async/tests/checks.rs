//! The grader's checks for `blocking-in-async`. Protected: fix `src/`, not these.
//!
//! Every check runs the statements on tokio's paused clock
//! (`kata_toolkit::paused::run_paused`, a current-thread runtime on the test's thread):
//! `tokio::time::sleep` moves a virtual clock, instantly and the same on every run, while
//! a real `std::thread::sleep` moves nothing and freezes the runtime. The fake ledger store
//! records which thread each blocking read ran on; the fake relay records, in virtual
//! time, when each attempt was made.

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::Duration;

use blocking_in_async::{
    LedgerStore, MailError, Mailer, Receipt, Retry, StatementError, render, send_statements,
};
use kata_toolkit::counters::Counter;
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::paused::run_paused;
use rstest::rstest;
use tokio::runtime::Handle;
use tokio::time::Instant;

/// How long a read off the runtime's thread waits for the runtime to show it is still
/// running meanwhile.
const STALL: Duration = Duration::from_secs(10);

/// Set after the first stall in this process: later reads wait only briefly, so code that
/// stalls every read fails in seconds rather than minutes. Code that never stalls never
/// sets it.
static GAVE_UP: AtomicBool = AtomicBool::new(false);

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

fn accounts(n: u64) -> Vec<u64> {
    (1..=n).map(|i| 4_000 + i * 7).collect()
}

/// The ledger of `account`: three entries whose total depends on the account.
fn ledger(account: u64) -> String {
    format!("12000\n\n-{}\n{}\n", account, account % 97)
}

/// A fake ledger store, in memory, that watches where it is read from.
struct Ledgers {
    /// The runtime the statements run on, and its one thread (a current-thread runtime
    /// runs every task on the thread that called `block_on`).
    runtime: OnceLock<(Handle, ThreadId)>,
    /// Reads made on the runtime's own thread: each one froze every other task.
    on_runtime: Counter,
    /// Reads made elsewhere while the runtime's thread could not run a task: the read was
    /// moved, and the runtime still waited for it.
    stalled: Counter,
    reads: Counter,
    missing: Vec<u64>,
}

impl Ledgers {
    fn new() -> Arc<Ledgers> {
        Ledgers::missing(Vec::new())
    }

    fn missing(missing: Vec<u64>) -> Arc<Ledgers> {
        Arc::new(Ledgers {
            runtime: OnceLock::new(),
            on_runtime: Counter::new(),
            stalled: Counter::new(),
            reads: Counter::new(),
            missing,
        })
    }

    /// Called first inside the runtime: remember it.
    fn attach(&self) {
        let _ = self
            .runtime
            .set((Handle::current(), std::thread::current().id()));
    }
}

impl LedgerStore for Ledgers {
    fn read(&self, account: u64) -> io::Result<String> {
        self.reads.incr();
        let (handle, runtime_thread) = self.runtime.get().expect("the check attached");
        if std::thread::current().id() == *runtime_thread {
            self.on_runtime.incr();
        } else {
            // Off the runtime's thread: while this read is in progress, the runtime must
            // still be free to run other tasks. Ask it to run one, and wait for it.
            let (done, ran) = mpsc::channel();
            handle.spawn(async move {
                let _ = done.send(());
            });
            let wait = if GAVE_UP.load(Ordering::SeqCst) {
                Duration::from_millis(50)
            } else {
                STALL
            };
            if ran.recv_timeout(wait).is_err() {
                self.stalled.incr();
                GAVE_UP.store(true, Ordering::SeqCst);
            }
        }
        if self.missing.contains(&account) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such ledger"));
        }
        Ok(ledger(account))
    }
}

/// A fake mail relay: busy for the first `busy` attempts of each account, rejecting the
/// accounts in `rejects`; it records every attempt with its virtual time.
struct Relay {
    busy: u32,
    rejects: Vec<u64>,
    attempts: Mutex<Vec<(u64, Instant)>>,
    sent: Mutex<HashMap<u64, String>>,
}

impl Relay {
    fn busy_first(busy: u32) -> Arc<Relay> {
        Relay::new(busy, Vec::new())
    }

    fn new(busy: u32, rejects: Vec<u64>) -> Arc<Relay> {
        Arc::new(Relay {
            busy,
            rejects,
            attempts: Mutex::new(Vec::new()),
            sent: Mutex::new(HashMap::new()),
        })
    }

    /// The virtual instants of `account`'s attempts, in order.
    fn attempts_of(&self, account: u64) -> Vec<Instant> {
        let attempts = self.attempts.lock().unwrap();
        attempts
            .iter()
            .filter(|(a, _)| *a == account)
            .map(|(_, at)| *at)
            .collect()
    }
}

impl Mailer for Relay {
    async fn send(&self, account: u64, body: &str) -> Result<Receipt, MailError> {
        let attempt = {
            let mut attempts = self.attempts.lock().unwrap();
            attempts.push((account, Instant::now()));
            attempts.iter().filter(|(a, _)| *a == account).count() as u32
        };
        if self.rejects.contains(&account) {
            return Err(MailError::Rejected("no address on file".into()));
        }
        if attempt <= self.busy {
            return Err(MailError::Busy);
        }
        self.sent.lock().unwrap().insert(account, body.to_owned());
        Ok(Receipt {
            account,
            message_id: account * 10 + u64::from(attempt),
        })
    }
}

/// Send the statements of `accounts` on the paused clock; the results and the virtual
/// time they took.
fn run(
    accounts: &[u64],
    store: &Arc<Ledgers>,
    relay: &Arc<Relay>,
    retry: Retry,
) -> (Vec<Result<Receipt, StatementError>>, Duration) {
    let (store, relay) = (store.clone(), relay.clone());
    run_paused(async move {
        store.attach();
        send_statements(accounts, store, relay, retry).await
    })
}

mod no_blocking_reads {
    use super::*;

    #[test]
    fn reads_stay_off_the_runtime_thread() {
        let _attest = kata_attest::attest();
        let accounts = accounts(10);
        let (store, relay) = (Ledgers::new(), Relay::busy_first(0));
        let (results, _) = run(&accounts, &store, &relay, Retry::default());
        assert!(results.iter().all(Result::is_ok), "got {results:?}");
        assert_eq!(store.reads.get(), 10, "one read per account");
        check(
            Figure::at_most(
                "blocking ledger reads on the runtime's thread (10 accounts)",
                store.on_runtime.get() as f64,
                0.0,
                "",
            ),
            "each read ran on the thread that runs every task, and froze all of them until the file was read",
        );
    }

    #[test]
    fn the_runtime_keeps_running_during_reads() {
        let _attest = kata_attest::attest();
        let accounts = accounts(10);
        let (store, relay) = (Ledgers::new(), Relay::busy_first(0));
        let (results, _) = run(&accounts, &store, &relay, Retry::default());
        assert!(results.iter().all(Result::is_ok), "got {results:?}");
        check(
            Figure::at_most(
                "ledger reads during which the runtime could not run a task",
                store.stalled.get() as f64,
                0.0,
                "",
            ),
            &format!(
                "a read ran on another thread, but the runtime's thread waited for it: a task it was asked to run did not run within {STALL:?}"
            ),
        );
    }
}

mod backoff_on_the_clock {
    use super::*;

    const BACKOFF: Duration = Duration::from_millis(100);

    #[test]
    fn retries_wait_on_tokios_clock() {
        let _attest = kata_attest::attest();
        let accounts = accounts(10);
        let (store, relay) = (Ledgers::new(), Relay::busy_first(1));
        let (results, _) = run(&accounts, &store, &relay, Retry::default());
        assert!(results.iter().all(Result::is_ok), "got {results:?}");
        let waited = accounts
            .iter()
            .filter(|&&account| {
                let at = relay.attempts_of(account);
                at.len() == 2 && at[1] - at[0] >= BACKOFF
            })
            .count();
        check(
            Figure::at_least(
                "retries that waited 100 ms on tokio's clock (10 accounts)",
                waited as f64,
                10.0,
                " of 10",
            ),
            "the relay asked for a 100 ms pause, and the retry came sooner on the runtime's clock: a pause the clock does not see blocks the runtime's thread instead",
        );
    }

    #[test]
    fn ten_backoffs_take_as_long_as_one() {
        let _attest = kata_attest::attest();
        let accounts = accounts(10);
        let (store, relay) = (Ledgers::new(), Relay::busy_first(1));
        let (results, elapsed) = run(&accounts, &store, &relay, Retry::default());
        assert!(results.iter().all(Result::is_ok), "got {results:?}");
        check(
            Figure::at_most(
                "virtual time for 10 statements, each retried once after 100 ms",
                ms(elapsed),
                150.0,
                " ms",
            ),
            "the ten pauses ran one after another instead of together",
        );
        assert!(
            elapsed >= BACKOFF,
            "10 statements with a 100 ms pause each took {:.0} virtual ms: the pauses did not wait on tokio's clock",
            ms(elapsed)
        );
        // Proof of overlap: every account's first attempt came before any account's retry,
        // so all ten were pausing at the same time.
        let firsts: Vec<Instant> = accounts.iter().map(|&a| relay.attempts_of(a)[0]).collect();
        let retries: Vec<Instant> = accounts.iter().map(|&a| relay.attempts_of(a)[1]).collect();
        let last_first = firsts.iter().max().expect("ten accounts");
        let first_retry = retries.iter().min().expect("ten accounts");
        assert!(
            last_first < first_retry,
            "an account was retried before every account had made its first attempt: the pauses did not overlap"
        );
    }

    #[test]
    fn the_second_pause_is_twice_the_first() {
        let _attest = kata_attest::attest();
        let (store, relay) = (Ledgers::new(), Relay::busy_first(2));
        let (results, elapsed) = run(&[4_242], &store, &relay, Retry::default());
        assert!(results[0].is_ok(), "got {results:?}");
        let at = relay.attempts_of(4_242);
        assert_eq!(at.len(), 3, "busy twice: three attempts");
        assert_eq!((at[1] - at[0], at[2] - at[1]), (BACKOFF, 2 * BACKOFF));
        assert_eq!(elapsed, 3 * BACKOFF);
    }
}

mod behaviour {
    use super::*;

    #[rstest]
    #[case::credit("12000\n-2500\n", "Account 7: 2 entries, balance 95.00")]
    #[case::owing("100\n-12345\n\n", "Account 7: 2 entries, balance -122.45")]
    #[case::empty("", "Account 7: 0 entries, balance 0.00")]
    #[case::spaces("  5 \n 7\n", "Account 7: 2 entries, balance 0.12")]
    fn statements_total_the_ledger(#[case] ledger: &str, #[case] statement: &str) {
        let _attest = kata_attest::attest();
        assert_eq!(render(7, ledger).unwrap(), statement);
    }

    #[test]
    fn a_bad_line_is_named() {
        let _attest = kata_attest::attest();
        assert!(matches!(
            render(7, "100\n\nabc\n"),
            Err(StatementError::BadLedger {
                account: 7,
                line: 3
            })
        ));
    }

    #[test]
    fn every_account_gets_its_statement_in_order() {
        let _attest = kata_attest::attest();
        let accounts = accounts(6);
        let (store, relay) = (Ledgers::new(), Relay::busy_first(0));
        let (results, _) = run(&accounts, &store, &relay, Retry::default());
        let receipts: Vec<u64> = results
            .iter()
            .map(|r| r.as_ref().expect("sent").account)
            .collect();
        assert_eq!(receipts, accounts);
        let sent = relay.sent.lock().unwrap();
        for &account in &accounts {
            assert_eq!(
                sent.get(&account),
                Some(&render(account, &ledger(account)).unwrap())
            );
        }
    }

    #[test]
    fn a_missing_ledger_fails_that_account_only() {
        let _attest = kata_attest::attest();
        let accounts = accounts(3);
        let (store, relay) = (Ledgers::missing(vec![accounts[1]]), Relay::busy_first(0));
        let (results, _) = run(&accounts, &store, &relay, Retry::default());
        assert!(results[0].is_ok() && results[2].is_ok(), "got {results:?}");
        assert!(
            matches!(&results[1], Err(StatementError::Ledger { account, .. }) if *account == accounts[1]),
            "got {:?}",
            results[1]
        );
        assert!(relay.attempts_of(accounts[1]).is_empty(), "nothing sent");
    }

    #[test]
    fn a_rejection_is_not_retried() {
        let _attest = kata_attest::attest();
        let (store, relay) = (Ledgers::new(), Relay::new(0, vec![4_242]));
        let (results, elapsed) = run(&[4_242], &store, &relay, Retry::default());
        assert!(
            matches!(
                &results[0],
                Err(StatementError::Mail {
                    attempts: 1,
                    source: MailError::Rejected(_),
                    ..
                })
            ),
            "got {results:?}"
        );
        assert_eq!(relay.attempts_of(4_242).len(), 1);
        assert_eq!(elapsed, Duration::ZERO);
    }

    #[test]
    fn a_relay_busy_for_good_gives_up_after_three_attempts() {
        let _attest = kata_attest::attest();
        let (store, relay) = (Ledgers::new(), Relay::busy_first(u32::MAX));
        let retry = Retry {
            max_attempts: 3,
            first_backoff: Duration::from_millis(1),
        };
        let (results, _) = run(&[4_242], &store, &relay, retry);
        assert!(
            matches!(
                &results[0],
                Err(StatementError::Mail {
                    attempts: 3,
                    source: MailError::Busy,
                    ..
                })
            ),
            "got {results:?}"
        );
        assert_eq!(relay.attempts_of(4_242).len(), 3);
    }

    #[test]
    fn no_accounts_no_mail() {
        let _attest = kata_attest::attest();
        let (store, relay) = (Ledgers::new(), Relay::busy_first(0));
        let (results, _) = run(&[], &store, &relay, Retry::default());
        assert!(results.is_empty());
        assert_eq!(store.reads.get(), 0);
    }
}
