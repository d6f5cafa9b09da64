//! `cargo bench -p eager-pipeline`: the report over 100k generated lines. Never part of
//! the grade; compare before and after your change.

fn main() {
    divan::main();
}

fn access_log(n: u64) -> impl Iterator<Item = String> {
    (0..n).map(|i| {
        format!(
            "2026-11-21T10:00:00Z GET /api/e{} 200 {}ms",
            i % 12,
            (i * 37) % 1000
        )
    })
}

#[divan::bench]
fn report_100k() -> eager_pipeline::SlowReport {
    eager_pipeline::slow_requests(divan::black_box(access_log(100_000)), 500)
}
