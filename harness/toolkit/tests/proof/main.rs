//! Proof that each toolkit helper is fit to grade: it separates a flawed case from a fixed
//! one, and gives the same figure on every repeat. Run it at 1 and 8 test threads, with the
//! other core busy, and the verdicts must not change.

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

mod alloc;
mod alone;
mod counters;
mod fixtures;
mod logs;
mod paused;
mod ratio;

/// Run `measure` 20 times; every result must equal the first. Returns it.
#[track_caller]
pub fn same_twenty_times<T: PartialEq + std::fmt::Debug>(mut measure: impl FnMut() -> T) -> T {
    let first = measure();
    for repeat in 2..=20 {
        let again = measure();
        assert_eq!(again, first, "repeat {repeat} gave a different figure");
    }
    first
}

/// Whether `f` panics (an assertion helper failing, as it should on flawed code).
pub fn panics(f: impl FnOnce()) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err()
}
