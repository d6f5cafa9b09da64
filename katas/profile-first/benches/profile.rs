//! The workload `cargo kata profile profile-first` samples: one night's report, 20,000
//! orders against the directory of their 5,000 customers. Run it yourself with
//! `cargo bench -p profile-first --bench profile`; the flame graph and the table of the
//! hottest functions land in `target/kata-profile/`.

use std::hint::black_box;

use profile_first::nightly_report;

mod data;

fn main() {
    let export = data::export(20_000);
    let directory = data::directory(20_000);
    kata_profile::run("profile-first", || {
        black_box(
            nightly_report(black_box(&export), black_box(&directory)).expect("a valid export"),
        );
    });
}
