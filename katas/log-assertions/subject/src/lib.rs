//! A small service: members sign in, and requests go to an upstream that sometimes fails
//! or is slow. The code under test.
//!
//! What it logs is part of what it does. Operations read these events: a refused sign-in
//! (WARN), an account locked after too many refusals (ERROR: someone is guessing a
//! password), a retried upstream call (WARN), an upstream given up on (ERROR) and a slow
//! request (WARN). The alerts match the message, the level and the fields named on each
//! event below.
//!
//! The `cfg!(feature = "mutant-…")` and `refactor-…` branches are the changes the grader
//! plants, one per build, to see whether your tests notice (mutants) or wrongly complain
//! (refactors). Normal builds never take them. Reading them is fine: the skill is writing
//! tests that would have caught bugs like these before anyone planted them.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Refused sign-ins in a row after which an account is locked.
pub const MAX_FAILURES: u32 = 3;
/// Calls to the upstream one request may make (the first try and the retries).
pub const MAX_ATTEMPTS: u32 = 3;
/// A request that takes longer than this, in milliseconds, is logged as slow.
pub const SLOW_MS: u64 = 1_000;

/// Where the service reads the time, in milliseconds.
pub trait Clock {
    fn now_ms(&self) -> u64;
}

/// A clock that moves only when told. Clones share the same time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn advance(&self, ms: u64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Why an upstream call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamError(pub String);

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The service the requests are passed on to.
pub trait Upstream {
    fn call(&mut self, path: &str) -> Result<String, UpstreamError>;
}

/// An upstream that plays a script: each call takes the given time on the clock, then
/// gives the next reply. When the script runs out it fails with "no scripted reply".
#[derive(Debug)]
pub struct ScriptedUpstream {
    clock: ManualClock,
    replies: VecDeque<(u64, Result<String, UpstreamError>)>,
}

impl ScriptedUpstream {
    pub fn new(clock: &ManualClock) -> Self {
        Self {
            clock: clock.clone(),
            replies: VecDeque::new(),
        }
    }

    /// The next call takes `ms` and answers `body`.
    pub fn ok(mut self, ms: u64, body: &str) -> Self {
        self.replies.push_back((ms, Ok(body.to_owned())));
        self
    }

    /// The next call takes `ms` and fails with `error`.
    pub fn fail(mut self, ms: u64, error: &str) -> Self {
        self.replies
            .push_back((ms, Err(UpstreamError(error.to_owned()))));
        self
    }
}

impl Upstream for ScriptedUpstream {
    fn call(&mut self, _path: &str) -> Result<String, UpstreamError> {
        match self.replies.pop_front() {
            Some((ms, reply)) => {
                self.clock.advance(ms);
                reply
            }
            None => Err(UpstreamError("no scripted reply".into())),
        }
    }
}

/// Why a sign-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    UnknownUser,
    /// `failures`: refused sign-ins in a row so far, this one included.
    WrongPassword {
        failures: u32,
    },
    /// Too many refusals in a row: the account no longer signs in.
    Locked,
}

/// An answer from the upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub body: String,
    /// Calls made, the successful one included.
    pub attempts: u32,
    /// From the request's start to the answer, retries included.
    pub elapsed_ms: u64,
}

/// Every attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub attempts: u32,
    pub last_error: UpstreamError,
}

#[derive(Debug)]
struct Account {
    password: String,
    failures: u32,
}

/// The service: accounts, an upstream and a clock.
#[derive(Debug)]
pub struct Service<U, C> {
    accounts: HashMap<String, Account>,
    upstream: U,
    clock: C,
}

impl<U: Upstream, C: Clock> Service<U, C> {
    pub fn new(upstream: U, clock: C) -> Self {
        Self {
            accounts: HashMap::new(),
            upstream,
            clock,
        }
    }

    pub fn add_account(&mut self, user: &str, password: &str) {
        self.accounts.insert(
            user.to_owned(),
            Account {
                password: password.to_owned(),
                failures: 0,
            },
        );
    }

    /// Signs `user` in.
    ///
    /// Logs: `login succeeded` (INFO, `user`) on success; `login refused` (WARN, `user`,
    /// `reason` = `unknown_user`, `wrong_password` or `locked`, and `failures` for a wrong
    /// password); and, when a wrong password makes [`MAX_FAILURES`] in a row,
    /// `account locked` (ERROR, `user`, `failures`) right after that refusal.
    pub fn login(&mut self, user: &str, password: &str) -> Result<(), LoginError> {
        let Some(account) = self.accounts.get_mut(user) else {
            events::refused(user, "unknown_user", None);
            return Err(LoginError::UnknownUser);
        };
        if account.failures >= MAX_FAILURES {
            events::refused(user, "locked", None);
            return Err(LoginError::Locked);
        }
        if account.password != password {
            account.failures += 1;
            let failures = account.failures;
            events::refused(user, "wrong_password", Some(failures));
            if failures == MAX_FAILURES {
                events::locked(user, failures);
            }
            return Err(LoginError::WrongPassword { failures });
        }
        account.failures = 0;
        events::succeeded(user);
        Ok(())
    }

    /// Passes a request for `path` to the upstream, trying up to [`MAX_ATTEMPTS`] times.
    ///
    /// Logs: each failed call that will be retried, `upstream call failed, retrying` (WARN,
    /// `path`, `attempt` = the number of the call that failed, from 1, `max_attempts`,
    /// `error`); the last failed call, `upstream call failed, giving up` (ERROR, `path`,
    /// `attempts`, `error`); an answer that took more than [`SLOW_MS`] in all,
    /// `slow request` (WARN, `path`, `elapsed_ms` = the whole request, retries included,
    /// `threshold_ms`); any other answer, `request served` (DEBUG, `path`, `elapsed_ms`).
    pub fn fetch(&mut self, path: &str) -> Result<Response, FetchError> {
        let started = self.clock.now_ms();
        let mut attempt = 1;
        loop {
            let attempt_started = self.clock.now_ms();
            match self.upstream.call(path) {
                Ok(body) => {
                    let now = self.clock.now_ms();
                    let elapsed_ms = now - started;
                    let logged_ms = if cfg!(feature = "mutant-elapsed-wrong") {
                        now - attempt_started
                    } else {
                        elapsed_ms
                    };
                    if elapsed_ms > SLOW_MS {
                        events::slow(path, logged_ms);
                    } else {
                        events::served(path, elapsed_ms);
                    }
                    return Ok(Response {
                        body,
                        attempts: attempt,
                        elapsed_ms,
                    });
                }
                Err(error) if attempt < MAX_ATTEMPTS => {
                    events::retrying(path, attempt, &error);
                    attempt += 1;
                }
                Err(error) => {
                    events::giving_up(path, attempt, &error);
                    return Err(FetchError {
                        attempts: attempt,
                        last_error: error,
                    });
                }
            }
        }
    }
}

/// The events, as the service has always written them.
#[cfg(not(any(
    feature = "refactor-fields-reordered",
    feature = "refactor-audit-helper"
)))]
mod events {
    use tracing::{debug, error, info, warn};

    use super::{MAX_ATTEMPTS, SLOW_MS, UpstreamError};

    // A planted bug and the real event share one source line, so the line an event was
    // logged from tells no bug apart: only its level, message and fields do.
    #[rustfmt::skip]
    pub fn refused(user: &str, reason: &str, failures: Option<u32>) {
        if cfg!(feature = "mutant-refusal-demoted") { info!(user, reason, failures, "login refused") } else { warn!(user, reason, failures, "login refused") }
    }

    #[rustfmt::skip]
    pub fn locked(user: &str, failures: u32) {
        // With `lock-event-dropped` the lock still happens; nobody hears of it.
        if cfg!(feature = "mutant-lock-event-dropped") {} else if cfg!(feature = "mutant-lock-demoted") { warn!(user, failures, "account locked") } else { error!(user, failures, "account locked") }
    }

    pub fn succeeded(user: &str) {
        info!(user, "login succeeded");
    }

    #[rustfmt::skip]
    pub fn retrying(path: &str, attempt: u32, error: &UpstreamError) {
        let error = error.0.as_str();
        if cfg!(feature = "mutant-attempt-renamed") { warn!(path, retry = attempt, max_attempts = MAX_ATTEMPTS, error, "upstream call failed, retrying") } else { warn!(path, attempt, max_attempts = MAX_ATTEMPTS, error, "upstream call failed, retrying") }
    }

    pub fn giving_up(path: &str, attempts: u32, error: &UpstreamError) {
        let error = error.0.as_str();
        error!(path, attempts, error, "upstream call failed, giving up");
    }

    #[rustfmt::skip]
    pub fn slow(path: &str, elapsed_ms: u64) {
        if cfg!(feature = "mutant-slow-reworded") { warn!(path, elapsed_ms, threshold_ms = SLOW_MS, "request completed") } else { warn!(path, elapsed_ms, threshold_ms = SLOW_MS, "slow request") }
    }

    pub fn served(path: &str, elapsed_ms: u64) {
        debug!(path, elapsed_ms, "request served");
    }
}

/// The same events with their fields written in another order: a structured log (and an
/// alert on a field) sees no difference.
#[cfg(feature = "refactor-fields-reordered")]
mod events {
    use tracing::{debug, error, info, warn};

    use super::{MAX_ATTEMPTS, SLOW_MS, UpstreamError};

    pub fn refused(user: &str, reason: &str, failures: Option<u32>) {
        warn!(reason, failures, user, "login refused");
    }

    pub fn locked(user: &str, failures: u32) {
        error!(failures, user, "account locked");
    }

    pub fn succeeded(user: &str) {
        info!(user, "login succeeded");
    }

    pub fn retrying(path: &str, attempt: u32, error: &UpstreamError) {
        let error = error.0.as_str();
        warn!(
            error,
            attempt,
            max_attempts = MAX_ATTEMPTS,
            path,
            "upstream call failed, retrying"
        );
    }

    pub fn giving_up(path: &str, attempts: u32, error: &UpstreamError) {
        let error = error.0.as_str();
        error!(error, attempts, path, "upstream call failed, giving up");
    }

    pub fn slow(path: &str, elapsed_ms: u64) {
        warn!(threshold_ms = SLOW_MS, elapsed_ms, path, "slow request");
    }

    pub fn served(path: &str, elapsed_ms: u64) {
        debug!(elapsed_ms, path, "request served");
    }
}

/// The same events, the sign-in ones now written by a shared `audit` helper module (so
/// their target is `log_assertions_subject::events::audit`, which a log filter on the crate's name
/// still matches), through one `tracing::event!` call with the level as a value.
#[cfg(feature = "refactor-audit-helper")]
mod events {
    use tracing::{debug, error, warn};

    use super::{MAX_ATTEMPTS, SLOW_MS, UpstreamError};

    pub use audit::{locked, refused, succeeded};

    mod audit {
        use tracing::{Level, event};

        /// One sign-in event: `tracing` wants the level as a constant, hence the match.
        fn audit(
            level: Level,
            message: &str,
            user: &str,
            reason: Option<&str>,
            failures: Option<u32>,
        ) {
            macro_rules! at {
                ($level:expr) => {
                    event!($level, user, reason, failures, "{message}")
                };
            }
            match level {
                Level::ERROR => at!(Level::ERROR),
                Level::WARN => at!(Level::WARN),
                Level::INFO => at!(Level::INFO),
                Level::DEBUG => at!(Level::DEBUG),
                _ => at!(Level::TRACE),
            }
        }

        pub fn refused(user: &str, reason: &str, failures: Option<u32>) {
            audit(Level::WARN, "login refused", user, Some(reason), failures);
        }

        pub fn locked(user: &str, failures: u32) {
            audit(Level::ERROR, "account locked", user, None, Some(failures));
        }

        pub fn succeeded(user: &str) {
            audit(Level::INFO, "login succeeded", user, None, None);
        }
    }

    pub fn retrying(path: &str, attempt: u32, error: &UpstreamError) {
        let error = error.0.as_str();
        warn!(
            path,
            attempt,
            max_attempts = MAX_ATTEMPTS,
            error,
            "upstream call failed, retrying"
        );
    }

    pub fn giving_up(path: &str, attempts: u32, error: &UpstreamError) {
        let error = error.0.as_str();
        error!(path, attempts, error, "upstream call failed, giving up");
    }

    pub fn slow(path: &str, elapsed_ms: u64) {
        warn!(path, elapsed_ms, threshold_ms = SLOW_MS, "slow request");
    }

    pub fn served(path: &str, elapsed_ms: u64) {
        debug!(path, elapsed_ms, "request served");
    }
}
