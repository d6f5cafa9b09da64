//! The interleaved ratio: a 20x-or-more gap is called the same way every time, a
//! function against itself reads as about 1, and the wall timer sees work the measured
//! code moves to another thread, which the thread's CPU clock does not.

use kata_toolkit::ratio::{RatioConfig, Timer, speedup};

fn haystack() -> Vec<u64> {
    (0..4_096).map(|i| i * 3).collect()
}

#[test]
fn a_large_gap_never_flips() {
    let data = haystack();
    let needles: Vec<u64> = (0..64).map(|i| i * 191).collect();
    let linear = || needles.iter().filter(|n| data.contains(n)).count();
    let binary = || {
        needles
            .iter()
            .filter(|n| data.binary_search(n).is_ok())
            .count()
    };
    assert_eq!(linear(), binary());
    // The true gap is far above 20x; the bar sits well below it.
    for _ in 0..20 {
        let s = speedup(linear, binary, RatioConfig::default());
        assert!(s.median >= 5.0, "{s}");
    }
}

#[test]
fn a_function_against_itself_reads_about_one() {
    let data = haystack();
    let work = || data.iter().filter(|x| *x % 7 == 0).count();
    // Same code both sides: the median should sit near 1. The margin matches the one
    // grading ratios get (a bar a factor of several away from the truth).
    let config = RatioConfig {
        rounds: 61,
        ..RatioConfig::default()
    };
    let s = speedup(work, work, config);
    assert!((1.0 / 3.0..3.0).contains(&s.median), "{s}");
}

#[test]
fn the_wall_timer_sees_work_moved_to_another_thread() {
    let data = haystack();
    // Long enough that starting a thread is a small part of it.
    let work = || {
        (0..20u64)
            .map(|k| data.iter().filter(|x| (*x + k) % 7 == 0).count())
            .sum::<usize>()
    };
    // The same work, done on a thread the measured code starts and waits for.
    let elsewhere = || std::thread::scope(|s| s.spawn(work).join().unwrap());
    assert_eq!(work(), elsewhere());
    let config = |timer| RatioConfig {
        timer,
        ..RatioConfig::default()
    };
    // The measuring thread's CPU clock sees only the spawn and the wait: far "faster"
    // (about 20x to 60x here).
    let cpu = speedup(work, elsewhere, config(Timer::ThreadCpu));
    assert!(cpu.median >= 5.0, "thread CPU time: {cpu}");
    // The wall clock sees the work wherever it ran, plus the spawn: no faster (about
    // 0.9x; lower on a busy machine, where the new thread waits for a core).
    let wall = speedup(work, elsewhere, config(Timer::Wall));
    assert!(wall.median < 2.0, "wall time: {wall}");
}
