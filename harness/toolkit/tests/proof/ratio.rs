//! The interleaved ratio: a 20x-or-more gap is called the same way every time, and a
//! function against itself reads as about 1.

use kata_toolkit::ratio::{RatioConfig, speedup};

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
