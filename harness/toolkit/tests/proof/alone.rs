//! Under the grader each check runs alone in its process (`KATA_ALONE_IN_PROCESS`), and
//! `alloc::measure` and `logs::capture` then see what the code under test does on a thread
//! it spawns; in a shared process they see the calling thread only.

use std::process::Command;

use kata_toolkit::alloc::measure;
use kata_toolkit::logs::capture;

/// "Code under test" that moves its allocations and its logging to a thread of its own.
fn work_on_another_thread() -> usize {
    std::thread::scope(|s| {
        s.spawn(|| {
            tracing::warn!(password = "hunter2", "audit");
            (0..1_000).map(|i| vec![i as u8; 16]).map(|v| v.len()).sum()
        })
        .join()
        .unwrap()
    })
}

/// Run `test` of this binary alone in a child process, as the grader does.
fn run_alone(test: &str) -> std::process::Output {
    Command::new(kata_toolkit::fixtures::this_test_binary())
        .args([test, "--exact", "--test-threads=1"])
        .env(kata_toolkit::alone::ALONE_ENV, "1")
        .output()
        .expect("the proof binary runs again")
}

#[test]
fn alone_in_its_process_a_spawned_threads_work_is_counted() {
    let out = run_alone("alone::scenarios::sees_the_spawned_thread");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
}

#[test]
fn sharing_the_process_only_the_calling_thread_is_counted() {
    if kata_toolkit::alone::is_alone() {
        return;
    }
    let ((), stats) = measure(|| {
        work_on_another_thread();
    });
    assert!(stats.count < 10, "{stats}");
    let ((), logs) = capture(|| {
        work_on_another_thread();
    });
    assert!(logs.events().is_empty());
}

mod scenarios {
    use super::*;

    #[test]
    fn sees_the_spawned_thread() {
        if !kata_toolkit::alone::is_alone() {
            return;
        }
        let ((), stats) = measure(|| {
            work_on_another_thread();
        });
        assert!(stats.count >= 1_000, "{stats}");
        let ((), logs) = capture(|| {
            work_on_another_thread();
        });
        assert_eq!(logs.events().len(), 1, "{logs:?}");
        let caught = std::panic::catch_unwind(|| logs.assert_no_secret("hunter2"));
        assert!(caught.is_err(), "the spawned thread's secret must be found");

        // Captures nest without waiting on each other, and both take the thread's events;
        // so do allocation measurements.
        let (((), inner), outer) = kata_toolkit::logs::capture_process(|| {
            capture(|| {
                work_on_another_thread();
            })
        });
        assert_eq!(inner.events().len(), 1, "{inner:?}");
        assert_eq!(outer.events().len(), 1, "{outer:?}");
        let ((_, inner), outer) =
            kata_toolkit::alloc::measure_process(|| measure(work_on_another_thread));
        assert!(
            inner.count >= 1_000 && outer.count >= inner.count,
            "{inner} / {outer}"
        );
    }
}
