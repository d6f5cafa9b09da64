//! A clock seam: code that waits or reads the time takes a [`Clock`], so tests can drive
//! time by hand instead of sleeping.
//!
//! - [`SystemClock`]: the real thing, for production.
//! - [`ManualClock`]: virtual time. [`Clock::sleep`] advances it at once and records the
//!   requested duration, so a test can check an exact backoff schedule in microseconds.
//! - [`MockClock`]: a mockall mock, for tests that want expectations
//!   (`expect_sleep().times(3)`). It is public (not behind `cfg(test)`), so a kata's
//!   `tests/` can use it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Reads monotonic time and waits.
///
/// ```
/// use std::time::Duration;
/// use kata_toolkit::clock::{Clock, ManualClock};
/// fn retry_with_backoff(clock: &impl Clock, attempts: u32) {
///     for i in 0..attempts {
///         clock.sleep(Duration::from_millis(100 << i));
///     }
/// }
/// let clock = ManualClock::new();
/// retry_with_backoff(&clock, 3);
/// assert_eq!(clock.slept(), Duration::from_millis(700));
/// ```
#[mockall::automock]
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;
    /// Wait for `duration` (a virtual clock returns at once).
    fn sleep(&self, duration: Duration);
}

/// The operating system's clock: `Instant::now` and `std::thread::sleep`.
///
/// ```
/// use std::sync::Arc;
/// use kata_toolkit::clock::{Clock, SystemClock};
/// let clock: Arc<dyn Clock> = Arc::new(SystemClock);
/// let start = clock.now();
/// assert!(clock.now() >= start);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> Instant {
        (**self).now()
    }
    fn sleep(&self, duration: Duration) {
        (**self).sleep(duration);
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> Instant {
        (**self).now()
    }
    fn sleep(&self, duration: Duration) {
        (**self).sleep(duration);
    }
}

impl<C: Clock + ?Sized> Clock for Box<C> {
    fn now(&self) -> Instant {
        (**self).now()
    }
    fn sleep(&self, duration: Duration) {
        (**self).sleep(duration);
    }
}

/// Virtual time that only moves when told to (or when code sleeps on it).
///
/// Clones share the same time, so a test can keep one handle and give another to the
/// code under test.
///
/// ```
/// use std::time::Duration;
/// use kata_toolkit::clock::{Clock, ManualClock};
///
/// let clock = ManualClock::new();
/// let start = clock.now();
/// clock.sleep(Duration::from_millis(100));
/// clock.advance(Duration::from_millis(5));
/// assert_eq!(clock.now() - start, Duration::from_millis(105));
/// assert_eq!(clock.sleeps(), vec![Duration::from_millis(100)]);
/// ```
#[derive(Clone, Debug)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    origin: Instant,
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock at an arbitrary fixed origin, with nothing slept yet.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kata_toolkit::clock::ManualClock;
    /// let clock = ManualClock::new();
    /// assert_eq!(clock.elapsed(), Duration::ZERO);
    /// assert!(clock.sleeps().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::starting_at(Instant::now())
    }

    /// A clock whose time starts at `origin`: in the past, say, so that code reading the
    /// real time anywhere (a second clock, `Instant::now()`) sees a different time than
    /// this one, whichever way it combines the two.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use kata_toolkit::clock::{Clock, ManualClock};
    /// let origin = Instant::now().checked_sub(Duration::from_secs(10)).unwrap();
    /// let clock = ManualClock::starting_at(origin);
    /// assert_eq!(clock.now(), origin);
    /// assert!(Instant::now() - clock.now() >= Duration::from_secs(10));
    /// ```
    pub fn starting_at(origin: Instant) -> Self {
        let state = ManualState {
            origin,
            elapsed: Duration::ZERO,
            sleeps: Vec::new(),
        };
        Self {
            inner: Arc::new(Mutex::new(state)),
        }
    }

    /// Move time forward without recording a sleep.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kata_toolkit::clock::ManualClock;
    /// let clock = ManualClock::new();
    /// clock.advance(Duration::from_secs(61)); // e.g. let a TTL expire
    /// assert_eq!(clock.elapsed(), Duration::from_secs(61));
    /// assert_eq!(clock.slept(), Duration::ZERO);
    /// ```
    pub fn advance(&self, by: Duration) {
        self.state().elapsed += by;
    }

    /// Virtual time passed since the clock was made.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kata_toolkit::clock::{Clock, ManualClock};
    /// let clock = ManualClock::new();
    /// let handed_out = clock.clone();
    /// handed_out.sleep(Duration::from_millis(250));
    /// clock.advance(Duration::from_millis(750));
    /// assert_eq!(clock.elapsed(), Duration::from_secs(1));
    /// ```
    pub fn elapsed(&self) -> Duration {
        self.state().elapsed
    }

    /// Every duration slept on this clock (and its clones), in order.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kata_toolkit::clock::{Clock, ManualClock};
    /// let clock = ManualClock::new();
    /// for ms in [50, 100, 200] {
    ///     clock.sleep(Duration::from_millis(ms));
    /// }
    /// let schedule: Vec<u128> = clock.sleeps().iter().map(Duration::as_millis).collect();
    /// assert_eq!(schedule, [50, 100, 200]);
    /// ```
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state().sleeps.clone()
    }

    /// The total of all recorded sleeps.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kata_toolkit::clock::{Clock, ManualClock};
    /// let clock = ManualClock::new();
    /// clock.sleep(Duration::from_secs(2));
    /// clock.sleep(Duration::from_secs(3));
    /// clock.advance(Duration::from_secs(10)); // not a sleep
    /// assert_eq!(clock.slept(), Duration::from_secs(5));
    /// ```
    pub fn slept(&self) -> Duration {
        self.state().sleeps.iter().sum()
    }

    fn state(&self) -> MutexGuard<'_, ManualState> {
        // A panicking test must not poison the clock for the assertions after it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        let state = self.state();
        state.origin + state.elapsed
    }
    fn sleep(&self, duration: Duration) {
        let mut state = self.state();
        state.elapsed += duration;
        state.sleeps.push(duration);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_time() {
        let a = ManualClock::new();
        let b = a.clone();
        let t0 = a.now();
        b.sleep(Duration::from_millis(3));
        assert_eq!(a.now() - t0, Duration::from_millis(3));
        assert_eq!(a.slept(), Duration::from_millis(3));
    }

    #[test]
    fn mock_clock_verifies_expectations() {
        let mut mock = MockClock::new();
        mock.expect_sleep()
            .withf(|d| *d == Duration::from_millis(100))
            .times(1)
            .return_const(());
        mock.sleep(Duration::from_millis(100));
    }

    #[test]
    fn system_clock_moves_forward() {
        let c = SystemClock;
        let t0 = c.now();
        assert!(c.now() >= t0);
    }
}
