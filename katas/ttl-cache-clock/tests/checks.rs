//! The grader's checks for `ttl-cache-clock`. Protected: fix `src/`, not these.
//!
//! Every check runs on virtual time: a `ManualClock` that moves only when a test moves it,
//! or a mockall `MockClock`. Nothing here sleeps, so the verdicts are the same on a busy
//! machine as on an idle one.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kata_toolkit::clock::{ManualClock, MockClock};
use kata_toolkit::figure::{Figure, check};
use rstest::rstest;
use ttl_cache_clock::TtlCache;

const NANO: Duration = Duration::from_nanos(1);

fn secs(v: u64) -> Duration {
    Duration::from_secs(v)
}

/// A cache on a virtual clock that has already run for an hour, so that an entry stamped
/// with any other time source is an hour off.
fn cache_after_an_hour(ttl: Duration) -> (TtlCache<&'static str, u32, ManualClock>, ManualClock) {
    let clock = ManualClock::new();
    clock.advance(secs(3600));
    (TtlCache::new(ttl, clock.clone()), clock)
}

mod boundary {
    use super::*;

    /// One ttl is not a whole number of milliseconds (or microseconds): a cache that
    /// compares ages at a coarser grain than the clock's gets its boundary wrong.
    const TTLS: [Duration; 4] = [
        Duration::from_millis(1),
        Duration::from_nanos(250_000_001),
        Duration::from_secs(30),
        Duration::from_secs(86_400),
    ];

    /// What the cache does with an entry `age` after it was stored, through each operation
    /// that reads the time: whether `get` serves it, how many entries `purge_expired` then
    /// drops, and (on a second cache, stored and aged the same way) whether `remove`
    /// returns it.
    fn decide(ttl: Duration, age: Duration) -> Decisions {
        let (mut cache, clock) = cache_after_an_hour(ttl);
        cache.insert("EUR/USD", 108);
        clock.advance(age);
        let served = cache.get("EUR/USD").is_some();
        let purged = cache.purge_expired();
        let (mut cache, clock) = cache_after_an_hour(ttl);
        cache.insert("EUR/USD", 108);
        clock.advance(age);
        let removed = cache.remove("EUR/USD").is_some();
        Decisions {
            served,
            purged,
            removed,
        }
    }

    struct Decisions {
        served: bool,
        purged: usize,
        removed: bool,
    }

    fn served_at(ttl: Duration, age: Duration) -> bool {
        decide(ttl, age).served
    }

    fn removed_at(ttl: Duration, age: Duration) -> bool {
        decide(ttl, age).removed
    }

    #[test]
    fn expiry_is_exact_for_every_ttl() {
        let _attest = kata_attest::attest();
        let mut right = 0;
        let mut wrong = Vec::new();
        for ttl in TTLS {
            for (age, fresh) in [(ttl - NANO, true), (ttl, false)] {
                let Decisions {
                    served,
                    purged,
                    removed,
                } = decide(ttl, age);
                let expected_purged = usize::from(!fresh);
                if served == fresh {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "ttl {ttl:?}, age {age:?}: get {}",
                        if served { "served it" } else { "missed" }
                    ));
                }
                if purged == expected_purged {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "ttl {ttl:?}, age {age:?}: purge dropped {purged}, not {expected_purged}"
                    ));
                }
                if removed == fresh {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "ttl {ttl:?}, age {age:?}: remove {}",
                        if removed {
                            "returned it"
                        } else {
                            "returned nothing"
                        }
                    ));
                }
            }
        }
        check(
            Figure::at_least(
                "boundary decisions right",
                right as f64,
                (TTLS.len() * 6) as f64,
                &format!(" of {}", TTLS.len() * 6),
            ),
            &format!(
                "until ttl - 1 ns an entry must be served by get, returned by remove and kept by a purge, and at exactly ttl be expired for all three; wrong: {}{}",
                wrong.iter().take(3).cloned().collect::<Vec<_>>().join("; "),
                match wrong.len() {
                    0..=3 => String::new(),
                    n => format!("; and {} more", n - 3),
                }
            ),
        );
    }

    #[rstest]
    #[case::one_millisecond(Duration::from_millis(1))]
    #[case::thirty_seconds(secs(30))]
    fn served_one_nanosecond_before_the_ttl(#[case] ttl: Duration) {
        let _attest = kata_attest::attest();
        assert!(
            served_at(ttl, ttl - NANO),
            "an entry {:?} old must still be served (ttl {ttl:?})",
            ttl - NANO
        );
    }

    #[rstest]
    #[case::one_millisecond(Duration::from_millis(1))]
    #[case::thirty_seconds(secs(30))]
    fn expired_at_exactly_the_ttl(#[case] ttl: Duration) {
        let _attest = kata_attest::attest();
        assert!(
            !served_at(ttl, ttl),
            "an entry exactly {ttl:?} old must be expired (ttl {ttl:?})"
        );
    }

    #[rstest]
    #[case::one_millisecond(Duration::from_millis(1))]
    #[case::thirty_seconds(secs(30))]
    fn removed_with_its_value_only_before_the_ttl(#[case] ttl: Duration) {
        let _attest = kata_attest::attest();
        assert!(
            removed_at(ttl, ttl - NANO),
            "removing an entry {:?} old must return its value (ttl {ttl:?})",
            ttl - NANO
        );
        assert!(
            !removed_at(ttl, ttl),
            "removing an entry exactly {ttl:?} old must return nothing: it has expired (ttl {ttl:?})"
        );
    }
}

mod clock_seam {
    //! Ages here stay clear of the boundary: these checks are about which clock is read.
    use super::*;

    #[test]
    fn an_entry_lives_its_full_ttl_from_when_it_was_stored() {
        let _attest = kata_attest::attest();
        let (mut cache, clock) = cache_after_an_hour(secs(30));
        clock.advance(secs(100));
        cache.insert("EUR/USD", 108);
        clock.advance(secs(29));
        assert_eq!(
            cache.get("EUR/USD"),
            Some(&108),
            "stored 29 s ago on the injected clock, with a 30 s ttl, and already gone: the \
             cache dated the entry on some clock other than the one it was given"
        );
        clock.advance(secs(2));
        assert_eq!(
            cache.get("EUR/USD"),
            None,
            "stored 31 s ago on the injected clock, with a 30 s ttl"
        );
    }

    #[test]
    fn storing_again_restarts_the_ttl() {
        let _attest = kata_attest::attest();
        let (mut cache, clock) = cache_after_an_hour(secs(30));
        cache.insert("EUR/USD", 108);
        clock.advance(secs(20));
        cache.insert("EUR/USD", 109);
        clock.advance(secs(20));
        assert_eq!(
            cache.get("EUR/USD"),
            Some(&109),
            "first stored 40 s ago, stored again 20 s ago: the ttl restarts"
        );
        clock.advance(secs(15));
        assert_eq!(cache.get("EUR/USD"), None, "stored again 35 s ago");
    }

    #[test]
    fn removing_returns_a_value_only_while_it_lives_on_the_injected_clock() {
        let _attest = kata_attest::attest();
        let (mut cache, clock) = cache_after_an_hour(secs(30));
        clock.advance(secs(100));
        cache.insert("EUR/USD", 108);
        cache.insert("GBP/USD", 127);
        clock.advance(secs(29));
        assert_eq!(
            cache.remove("EUR/USD"),
            Some(108),
            "stored 29 s ago on the injected clock, with a 30 s ttl: remove must return it"
        );
        clock.advance(secs(2));
        assert_eq!(
            cache.remove("GBP/USD"),
            None,
            "stored 31 s ago on the injected clock, with a 30 s ttl, and remove still \
             returned it: remove read the time on some clock other than the one it was given"
        );
    }

    /// On a clock ten seconds behind real time, a cache that reads the real time anywhere
    /// (a second clock, `Instant::now()`, whichever way it combines the two) finds every
    /// entry ten seconds older or younger than it is, and gets each decision around a 1 s
    /// ttl wrong.
    #[test]
    fn a_clock_behind_real_time_is_the_only_time() {
        let _attest = kata_attest::attest();
        let origin = Instant::now()
            .checked_sub(secs(10))
            .expect("the machine has run for more than ten seconds");
        let clock = ManualClock::starting_at(origin);
        let mut cache = TtlCache::new(secs(1), clock.clone());
        for key in ["get", "remove", "purge"] {
            cache.insert(key, 1);
        }
        clock.advance(secs(1) - NANO);
        let served = cache.get("get").is_some();
        let purged = cache.purge_expired();
        let removed = cache.remove("remove");
        assert!(
            served && purged == 0 && removed == Some(1),
            "one nanosecond before a 1 s ttl on the injected clock (ten seconds behind real \
             time): get served it = {served}, the purge dropped {purged} (0 wanted), remove \
             returned {removed:?}: the cache read the time on some other clock"
        );
        cache.insert("remove", 2);
        clock.advance(secs(1));
        let served = cache.get("get").copied();
        let removed = cache.remove("remove");
        let purged = cache.purge_expired();
        // A remove that answers "nothing" but leaves the expired entry behind gives the
        // purge three to drop: that is not a clock fault, and the message says so.
        let why = if served.is_none() && removed.is_none() && purged == 3 {
            "remove answered nothing but left the expired entry in the cache for the purge"
        } else if purged == 2 && (served.is_some() || removed.is_some()) {
            // The purge, on the same clock, found both expired: the clock is read; the
            // entry aged exactly the ttl was taken as fresh (see `boundary`).
            "an entry aged exactly its ttl was served or returned as fresh: it expires when \
             its age reaches the ttl"
        } else {
            "the cache read the time on some other clock"
        };
        assert_eq!(
            (served, removed, purged),
            (None, None, 2),
            "at or past a 1 s ttl on the injected clock (get, remove, entries purged of the \
             two left): {why}"
        );
    }

    #[test]
    fn purging_drops_exactly_the_expired_entries() {
        let _attest = kata_attest::attest();
        let (mut cache, clock) = cache_after_an_hour(secs(30));
        cache.insert("EUR/USD", 108);
        clock.advance(secs(12));
        cache.insert("GBP/USD", 127);
        clock.advance(secs(12));
        cache.insert("USD/JPY", 151);
        clock.advance(secs(12));
        // Ages now: 36 s, 24 s, 12 s.
        assert_eq!(
            cache.purge_expired(),
            1,
            "only EUR/USD (36 s old) has expired"
        );
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get("GBP/USD"), Some(&127), "24 s old");
        clock.advance(secs(10));
        // Ages now: 34 s, 22 s.
        assert_eq!(cache.purge_expired(), 1, "GBP/USD is now 34 s old");
        assert_eq!(cache.remove("USD/JPY"), Some(151), "USD/JPY is 22 s old");
        assert!(cache.is_empty());
    }
}

mod mocked {
    use super::*;

    #[test]
    fn reads_time_only_from_its_clock_and_never_sleeps() {
        let _attest = kata_attest::attest();
        // Virtual time an hour ahead of the real clock; the test moves it by hand.
        let now = Arc::new(Mutex::new(Instant::now() + secs(3600)));
        let start = *now.lock().unwrap();
        let mut clock = MockClock::new();
        let reading = Arc::clone(&now);
        clock
            .expect_now()
            .times(1..)
            .returning(move || *reading.lock().unwrap());
        clock.expect_sleep().never();

        let mut cache = TtlCache::new(secs(30), clock);
        cache.insert("EUR/USD", 108);
        cache.insert("GBP/USD", 127);
        cache.insert("USD/JPY", 151);
        assert_eq!(
            cache.get("EUR/USD"),
            Some(&108),
            "just stored, by the mock's time, and already gone: the cache dated the entry on \
             some clock other than the mock"
        );
        *now.lock().unwrap() = start + secs(30) - NANO;
        assert_eq!(cache.get("EUR/USD"), Some(&108), "stored 30 s - 1 ns ago");
        assert_eq!(
            cache.remove("GBP/USD"),
            Some(127),
            "remove, stored 30 s - 1 ns ago"
        );
        *now.lock().unwrap() = start + secs(30);
        assert_eq!(cache.get("EUR/USD"), None, "stored exactly 30 s ago");
        assert_eq!(
            cache.remove("USD/JPY"),
            None,
            "remove, stored exactly 30 s ago by the mock's time"
        );
        assert_eq!(
            cache.purge_expired(),
            1,
            "purge, EUR/USD stored exactly 30 s ago by the mock's time"
        );
        // The mock checks `times(1..)` and `never()` when the cache drops it.
    }
}

mod behaviour {
    use super::*;

    #[test]
    fn misses_a_key_never_stored() {
        let _attest = kata_attest::attest();
        let cache: TtlCache<&str, u32, _> = TtlCache::new(secs(30), ManualClock::new());
        assert_eq!(cache.get("EUR/USD"), None, "a key never stored was served");
        assert!(cache.is_empty(), "a new cache is not empty");
        assert_eq!(
            cache.ttl(),
            secs(30),
            "the cache forgot the ttl it was given"
        );
    }

    #[test]
    fn serves_what_was_just_stored_and_the_latest_value() {
        let _attest = kata_attest::attest();
        let mut cache = TtlCache::new(secs(30), ManualClock::new());
        cache.insert("EUR/USD", 108);
        assert_eq!(
            cache.get("EUR/USD"),
            Some(&108),
            "a value just stored was not served"
        );
        cache.insert("EUR/USD", 109);
        assert_eq!(
            cache.get("EUR/USD"),
            Some(&109),
            "a key stored twice did not serve its latest value"
        );
        assert_eq!(
            cache.len(),
            1,
            "a key stored twice counts as more than one entry"
        );
        assert_eq!(
            cache.remove("EUR/USD"),
            Some(109),
            "remove did not return the fresh entry's latest value"
        );
        assert_eq!(cache.get("EUR/USD"), None, "a removed key was still served");
    }

    #[test]
    fn forgets_entries_long_expired() {
        let _attest = kata_attest::attest();
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(secs(30), clock.clone());
        cache.insert("EUR/USD", 108);
        cache.insert("GBP/USD", 127);
        clock.advance(secs(3600));
        assert_eq!(
            cache.get("EUR/USD"),
            None,
            "an entry an hour past its 30 s ttl was served"
        );
        assert_eq!(
            cache.len(),
            2,
            "`len` counts expired entries until a purge drops them (its doc says so)"
        );
        assert!(
            !cache.is_empty(),
            "`is_empty` said the cache was empty while `len` counted 2 expired entries held"
        );
        assert_eq!(
            cache.remove("GBP/USD"),
            None,
            "remove returned an entry an hour past its 30 s ttl"
        );
        assert_eq!(cache.len(), 1, "remove left an expired entry in the cache");
        assert_eq!(
            cache.purge_expired(),
            1,
            "a purge an hour later did not drop the expired entry left"
        );
        assert!(
            cache.is_empty(),
            "entries an hour past their ttl were kept by a purge"
        );
        // Only `purge_expired` drops entries: storing another key leaves an expired one
        // counted, as the shipped cache does.
        cache.insert("USD/JPY", 151);
        clock.advance(secs(3600));
        cache.insert("USD/CHF", 88);
        assert_eq!(
            cache.len(),
            2,
            "storing a key dropped an expired entry: only `purge_expired` drops them, so \
             `len` counts expired entries until a purge"
        );
    }
}
