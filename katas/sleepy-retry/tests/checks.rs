//! The grader's checks for `sleepy-retry`. Protected: fix `src/`, not these.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kata_toolkit::clock::{Clock, ManualClock, MockClock};
use kata_toolkit::figure::{Figure, check, report};
use mockall::Sequence;
use rstest::rstest;
use sleepy_retry::{BackoffPolicy, Retrier};

fn ms(v: u64) -> Duration {
    Duration::from_millis(v)
}

fn without_jitter() -> BackoffPolicy {
    BackoffPolicy {
        jitter: 0.0,
        ..BackoffPolicy::default()
    }
}

/// The `i`th seed tried: spread over all of `u64` (splitmix64), so no range of seeds is
/// the measured one.
fn seed(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A virtual clock whose time also moves a microsecond each time it is read, as a real
/// clock's does: the retrier must wait on it as on any clock.
#[derive(Clone)]
struct TickingClock(ManualClock);

impl Clock for TickingClock {
    fn now(&self) -> Instant {
        self.0.advance(Duration::from_micros(1));
        self.0.now()
    }
    fn sleep(&self, duration: Duration) {
        self.0.sleep(duration);
    }
}

/// Runs an operation that fails `failures` times, then succeeds; returns the sleeps
/// recorded on a virtual clock.
fn sleeps_for(policy: BackoffPolicy, seed: u64, failures: u32) -> Vec<Duration> {
    let clock = ManualClock::new();
    let mut retrier = Retrier::new(policy, clock.clone(), seed);
    let _ = retrier.run(|attempt| {
        if attempt > failures {
            Ok(())
        } else {
            Err("gateway down")
        }
    });
    clock.sleeps()
}

mod schedule {
    use super::*;

    #[test]
    fn backs_off_on_the_clock_it_is_given() {
        let _attest = kata_attest::attest();
        let sleeps = sleeps_for(without_jitter(), 1, u32::MAX);
        check(
            Figure::at_least(
                "backoffs seen by the injected clock",
                sleeps.len() as f64,
                3.0,
                "",
            ),
            "the retrier waited, but not through the clock it was given",
        );
        assert_eq!(sleeps, vec![ms(100), ms(200), ms(400)], "backoff schedule");
    }

    /// The same schedule on a clock whose time moves between two readings: waiting only
    /// on a clock that looks stopped would never wait in production.
    #[test]
    fn backs_off_on_a_clock_whose_time_moves() {
        let _attest = kata_attest::attest();
        let clock = TickingClock(ManualClock::new());
        let mut retrier = Retrier::new(without_jitter(), clock.clone(), 1);
        let _ = retrier.run(|_| Err::<(), _>("gateway down"));
        assert_eq!(
            clock.0.sleeps(),
            vec![ms(100), ms(200), ms(400)],
            "on a clock whose now() moves a microsecond per reading (as a real clock's does), \
             the retrier did not wait the backoff schedule on it"
        );
    }

    #[rstest]
    #[case::first_try(0, &[])]
    #[case::second_try(1, &[100])]
    #[case::third_try(2, &[100, 200])]
    #[case::last_try(3, &[100, 200, 400])]
    fn waits_only_before_each_retry(#[case] failures: u32, #[case] expected_ms: &[u64]) {
        let _attest = kata_attest::attest();
        let expected: Vec<Duration> = expected_ms.iter().copied().map(ms).collect();
        assert_eq!(
            sleeps_for(without_jitter(), 1, failures),
            expected,
            "after {failures} failures"
        );
    }

    #[test]
    fn reports_the_time_waited_on_its_clock() {
        let _attest = kata_attest::attest();
        let clock = ManualClock::new();
        let mut retrier = Retrier::new(without_jitter(), clock.clone(), 1);
        let error = retrier.run(|_| Err::<(), _>("gateway down")).unwrap_err();
        assert_eq!(
            error.waited,
            ms(700),
            "waited, as read on the injected clock"
        );
    }
}

mod jitter {
    use super::*;

    /// Seeds tried, three backoffs each.
    const SEEDS: u64 = 200;

    #[test]
    fn stays_within_its_bounds() {
        let _attest = kata_attest::attest();
        let policy = BackoffPolicy::default();
        let (mut within, mut tried) = (0u64, 0u64);
        let mut first_wrong: Option<String> = None;
        // Stops at the first seed that goes wrong: a retrier that sleeps for real would
        // otherwise wait minutes. The figure names the seeds actually tried.
        for i in 0..SEEDS {
            if first_wrong.is_some() {
                break;
            }
            tried += 1;
            let seed = seed(i);
            let sleeps = sleeps_for(policy.clone(), seed, u32::MAX);
            if sleeps.len() != 3 {
                first_wrong.get_or_insert_with(|| {
                    format!(
                        "seed {seed}: expected 3 backoffs on the injected clock, saw {sleeps:?}"
                    )
                });
            }
            for (i, slept) in sleeps.iter().enumerate().take(3) {
                let nominal = policy.nominal_delay(i as u32 + 1);
                let (low, high) = (nominal.mul_f64(0.9), nominal.mul_f64(1.1));
                if (low..=high).contains(slept) {
                    within += 1;
                } else {
                    first_wrong.get_or_insert_with(|| {
                        format!(
                            "seed {seed}: backoff {} was {slept:?}, outside {low:?}..={high:?}",
                            i + 1
                        )
                    });
                }
            }
        }
        check(
            Figure::at_least(
                &format!(
                    "backoffs within ±10% of nominal on the injected clock, over {tried} of {SEEDS} seeds"
                ),
                within as f64,
                (3 * SEEDS) as f64,
                "",
            ),
            first_wrong.as_deref().unwrap_or(""),
        );
        assert!(first_wrong.is_none(), "{}", first_wrong.unwrap_or_default());
    }

    #[test]
    fn is_replayed_exactly_from_its_seed() {
        let _attest = kata_attest::attest();
        let policy = BackoffPolicy::default();
        for (a, b) in [(42, 43), (seed(1), seed(2)), (u64::MAX, u64::MAX - 1)] {
            let first = sleeps_for(policy.clone(), a, u32::MAX);
            let again = sleeps_for(policy.clone(), a, u32::MAX);
            let other = sleeps_for(policy.clone(), b, u32::MAX);
            assert_eq!(
                first.len(),
                3,
                "seed {a}: expected 3 backoffs on the injected clock, saw {first:?}"
            );
            assert_eq!(
                first, again,
                "seed {a}: the same seed must give the same schedule"
            );
            assert_ne!(
                first, other,
                "seeds {a} and {b} should give different jitter"
            );
        }
    }

    /// Two retriers alive at once each keep their own seed's schedule: one built after
    /// the other does not change the first one's jitter.
    #[test]
    fn two_retriers_keep_their_own_schedules() {
        let _attest = kata_attest::attest();
        let policy = BackoffPolicy::default();
        let alone = sleeps_for(policy.clone(), 42, u32::MAX);
        let (first_clock, second_clock) = (ManualClock::new(), ManualClock::new());
        let mut first = Retrier::new(policy.clone(), first_clock.clone(), 42);
        let mut second = Retrier::new(policy, second_clock.clone(), 43);
        let _ = first.run(|_| Err::<(), _>("gateway down"));
        let _ = second.run(|_| Err::<(), _>("gateway down"));
        assert_eq!(
            first_clock.sleeps(),
            alone,
            "seed 42 gave another schedule once a second retrier (seed 43) was built before it \
             ran: the jitter's generator must belong to each retrier"
        );
    }
}

mod mocked {
    use super::*;

    #[test]
    fn clock_sees_each_backoff_once_in_order() {
        let _attest = kata_attest::attest();
        let mut clock = MockClock::new();
        let now = Instant::now();
        clock.expect_now().return_const(now);
        let mut order = Sequence::new();
        let seen = Arc::new(AtomicU64::new(0));
        for delay in [100, 200, 400] {
            let counted = Arc::clone(&seen);
            clock
                .expect_sleep()
                .withf(move |d| *d == ms(delay))
                .times(1)
                .in_sequence(&mut order)
                .returning(move |_| {
                    counted.fetch_add(1, Ordering::SeqCst);
                });
        }
        let mut retrier = Retrier::new(without_jitter(), clock, 7);
        let _ = retrier.run(|_| Err::<(), _>("gateway down"));
        // Reported, not asserted: the mock itself checks its expectations, with its own
        // message, when the retrier (and so the clock) is dropped.
        report(Figure::at_least(
            "expected sleeps the mock saw, in order",
            seen.load(Ordering::SeqCst) as f64,
            3.0,
            "",
        ));
        drop(retrier);
    }
}

mod outcome {
    use super::*;

    #[test]
    fn returns_the_first_success() {
        let _attest = kata_attest::attest();
        let mut calls = 0;
        let mut retrier = Retrier::new(without_jitter(), ManualClock::new(), 1);
        let result = retrier.run(|attempt| {
            calls += 1;
            if attempt == 2 {
                Ok("paid")
            } else {
                Err("gateway down")
            }
        });
        assert_eq!(result, Ok("paid"));
        assert_eq!(calls, 2);
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let _attest = kata_attest::attest();
        let mut calls = 0;
        let mut retrier = Retrier::new(without_jitter(), ManualClock::new(), 1);
        let error = retrier
            .run(|attempt| {
                calls += 1;
                Err::<(), _>(format!("attempt {attempt} failed"))
            })
            .unwrap_err();
        assert_eq!((calls, error.attempts), (4, 4));
        assert_eq!(error.last_error, "attempt 4 failed");
    }
}
