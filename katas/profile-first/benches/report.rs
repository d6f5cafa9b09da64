//! `cargo bench -p profile-first --bench report`: time for the whole report and for each
//! stage, at 2,000 and 20,000 orders. Run it before and after your fix, and compare the
//! stages with the profile. `read_lines` is the floor: the cost of walking the export
//! once, which no parser can beat. Never part of the grade: time depends on the machine,
//! the checks count operations instead.

use divan::{Bencher, black_box};
use profile_first::{enrich, nightly_report, parse_orders};

mod data;

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [2_000, 20_000];

#[divan::bench(args = SIZES)]
fn read_lines(bencher: Bencher, orders: usize) {
    let export = data::export(orders);
    bencher.bench_local(|| black_box(&export).lines().count());
}

#[divan::bench(args = SIZES)]
fn parse(bencher: Bencher, orders: usize) {
    let export = data::export(orders);
    bencher.bench_local(|| parse_orders(black_box(&export)));
}

#[divan::bench(args = SIZES)]
fn enrich_parsed(bencher: Bencher, orders: usize) {
    let parsed = parse_orders(&data::export(orders)).expect("a valid export");
    let directory = data::directory(orders);
    bencher.bench_local(|| enrich(black_box(&parsed), black_box(&directory)));
}

#[divan::bench(args = SIZES)]
fn whole_report(bencher: Bencher, orders: usize) {
    let export = data::export(orders);
    let directory = data::directory(orders);
    bencher.bench_local(|| nightly_report(black_box(&export), black_box(&directory)));
}
