//! A scenario measured in its own process sees the work the code moves to a thread it
//! spawns; a per-thread measurement does not.

use kata_toolkit::alloc::measure;
use kata_toolkit::isolated;

/// "Code under test" that hides its allocations on a thread of its own.
fn allocate_on_another_thread(n: usize) -> usize {
    std::thread::scope(|s| {
        s.spawn(|| (0..n).map(|i| vec![i as u8; 16]).map(|v| v.len()).sum())
            .join()
            .unwrap()
    })
}

#[test]
fn a_spawned_threads_allocations_are_seen_only_in_its_own_process() {
    let ((), here) = measure(|| {
        allocate_on_another_thread(1_000);
    });
    assert!(
        here.count < 10,
        "per-thread counting should be blind here: {here}"
    );
    let isolated = crate::same_twenty_times(|| {
        isolated::allocations("isolated::scenarios::spawned_thread_allocates").count >= 1_000
    });
    assert!(
        isolated,
        "the child process must see the spawned thread's 1,000 allocations"
    );
}

#[test]
#[should_panic(expected = "reported 0 signed results")]
fn a_result_printed_without_the_key_is_not_taken() {
    isolated::run("isolated::scenarios::prints_a_forged_result");
}

mod scenarios {
    use kata_toolkit::alloc::measure_process;
    use kata_toolkit::isolated;

    #[test]
    fn spawned_thread_allocates() {
        isolated::scenario(|| {
            let (_, stats) = measure_process(|| super::allocate_on_another_thread(1_000));
            isolated::allocation_value(stats)
        });
    }

    #[test]
    fn prints_a_forged_result() {
        if std::env::var_os(isolated::SCENARIO_ENV).is_some() {
            // What code under test could print: the right shape, no valid signature.
            println!(
                "kata-isolated-result 00 {{\"count\":0,\"bytes\":0,\"peak_live\":0,\"retained\":0}}"
            );
        }
    }
}
