//! Retry a flaky operation with exponential backoff and jitter.
//!
//! Reference solution: every wait goes through the injected [`Clock`], and jitter comes
//! from a generator seeded once in [`Retrier::new`]. See NOTES.md.

use std::time::Duration;

use kata_toolkit::clock::Clock;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// How long to wait between attempts, and how many attempts to make.
#[derive(Clone, Debug, PartialEq)]
pub struct BackoffPolicy {
    /// Delay before the first retry.
    pub base_delay: Duration,
    /// Each further retry waits this many times longer than the one before.
    pub multiplier: u32,
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// Random spread around each delay, as a fraction: 0.1 means within ±10%.
    pub jitter: f64,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_millis(100),
            multiplier: 2,
            max_attempts: 4,
            jitter: 0.1,
        }
    }
}

impl BackoffPolicy {
    /// The delay before retry number `retry` (1 for the first retry), before jitter.
    pub fn nominal_delay(&self, retry: u32) -> Duration {
        self.base_delay * self.multiplier.pow(retry.saturating_sub(1))
    }
}

/// Every attempt failed.
#[derive(Debug, PartialEq, Eq)]
pub struct RetryError<E> {
    /// How many attempts were made.
    pub attempts: u32,
    /// The error of the last attempt.
    pub last_error: E,
    /// Time spent from the first attempt to giving up, as read on the retrier's clock.
    pub waited: Duration,
}

/// Runs an operation until it succeeds or the policy's attempts run out.
#[derive(Debug)]
pub struct Retrier<C> {
    policy: BackoffPolicy,
    clock: C,
    seed: u64,
}

/// One generator for every retrier, seeded again by each `new`.
static SHARED: std::sync::Mutex<Option<StdRng>> = std::sync::Mutex::new(None);

impl<C: Clock> Retrier<C> {
    /// A retrier that reads time from `clock` and draws jitter from a generator seeded
    /// with `seed`, so that a run can be replayed exactly.
    pub fn new(policy: BackoffPolicy, clock: C, seed: u64) -> Self {
        *SHARED.lock().expect("not poisoned") = Some(StdRng::seed_from_u64(seed));
        Self {
            policy,
            clock,
            seed,
        }
    }

    /// The jitter seed, for logs and bug reports.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Call `op` (with the attempt number, from 1) until it returns `Ok`, waiting between
    /// attempts as the policy says.
    pub fn run<T, E>(
        &mut self,
        mut op: impl FnMut(u32) -> Result<T, E>,
    ) -> Result<T, RetryError<E>> {
        let started = self.clock.now();
        let mut attempt = 1;
        loop {
            match op(attempt) {
                Ok(value) => return Ok(value),
                Err(error) if attempt >= self.policy.max_attempts => {
                    return Err(RetryError {
                        attempts: attempt,
                        last_error: error,
                        waited: self.clock.now() - started,
                    });
                }
                Err(_) => {
                    let delay = self.jittered(self.policy.nominal_delay(attempt));
                    self.clock.sleep(delay);
                    attempt += 1;
                }
            }
        }
    }

    fn jittered(&mut self, nominal: Duration) -> Duration {
        if self.policy.jitter == 0.0 {
            return nominal;
        }
        let spread = self.policy.jitter;
        let r = SHARED
            .lock()
            .expect("not poisoned")
            .get_or_insert_with(|| StdRng::seed_from_u64(0))
            .random_range(-spread..=spread);
        nominal.mul_f64(1.0 + r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kata_toolkit::clock::ManualClock;

    #[test]
    fn waits_between_attempts() {
        let clock = ManualClock::new();
        let mut retrier = Retrier::new(BackoffPolicy::default(), clock.clone(), 1);
        let result = retrier.run(|_| Err::<(), _>("gateway down"));
        assert!(result.is_err());
        assert_eq!(
            clock.sleeps().len(),
            3,
            "three backoffs between four attempts"
        );
    }
}
