//! The check of `over-threading` that narrows the machine: a batch run on a thread allowed
//! one core. Protected: fix `src/`, not this.
//!
//! A test binary of its own, so its process has run nothing before it: code that reads
//! `available_parallelism()` once and keeps the answer reads it here, on the narrowed
//! thread, and is judged the same on a machine of any size.

mod probe;

use kata_toolkit::figure::{Figure, check};
use probe::*;

mod bounded_threads {
    use super::*;

    #[test]
    fn when_narrowed_to_one_core_too() {
        let _attest = kata_attest::attest();
        // The batch runs on a thread narrowed to one core, where `available_parallelism()`
        // answers 1: a pool sized by hand for this machine, not by the cores the code finds
        // at run time, shows on any machine with more than one.
        let measured = std::thread::spawn(|| {
            let cores = kata_toolkit::cpus::restrict_to(1)?;
            let n = 4 * cores + 183;
            Some((cores, n, watch(n).threads()))
        })
        .join()
        .expect("the narrowed batch ran");
        let Some((cores, n, threads)) = measured else {
            // Only Linux can narrow a thread's cores; the other checks still hold here.
            return;
        };
        check(
            Figure::at_most(
                &format!("threads that ran {n} items on a thread narrowed to {cores} core"),
                threads as f64,
                (cores + 2) as f64,
                "",
            ),
            &format!(
                "{threads} threads ran {n} items where `available_parallelism()` answers {cores}: the pool must be sized by the cores `available_parallelism()` reports at run time, not by a number that suits one machine"
            ),
        );
    }
}
