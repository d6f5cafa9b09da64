//! Virtual time separates four calls in sequence from four at once, exactly.

use std::time::Duration;

use kata_toolkit::paused::run_paused;

use crate::same_twenty_times;

async fn call() {
    tokio::time::sleep(Duration::from_millis(500)).await;
}

#[test]
fn separates_sequential_from_concurrent_calls() {
    let sequential = same_twenty_times(|| {
        run_paused(async {
            for _ in 0..4 {
                call().await;
            }
        })
        .1
    });
    let concurrent =
        same_twenty_times(|| run_paused(async { tokio::join!(call(), call(), call(), call()) }).1);
    assert_eq!(
        (sequential, concurrent),
        (Duration::from_millis(2_000), Duration::from_millis(500))
    );
}
