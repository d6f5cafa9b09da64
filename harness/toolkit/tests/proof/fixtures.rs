//! Fixtures: same seed, same data (fake and proptest alike); the sandbox catches files
//! left behind and files written outside; the CSV is the same from memory and from disk.

use std::io::Read;

use kata_toolkit::fixtures::csv::{orders_csv_file, orders_csv_reader};
use kata_toolkit::fixtures::data::{log_records, orders, users};
use kata_toolkit::fixtures::{Sandbox, Seeded, seeded};
use rstest::rstest;

use crate::{panics, same_twenty_times};

#[rstest]
fn the_same_seed_gives_the_same_data(#[allow(unused_mut)] mut seeded: Seeded) {
    let first = users(&mut seeded, 5);
    let again = same_twenty_times(|| {
        let mut s = Seeded::new(seeded.seed());
        let people = users(&mut s, 5);
        let placed = orders(&mut s, &people, 5);
        let logs = log_records(&mut s, 5);
        let number = s.value(0u64..1_000_000);
        (people, placed, logs, number)
    });
    assert_eq!(first, again.0);
    assert_ne!(users(&mut Seeded::new(1), 5), users(&mut Seeded::new(2), 5));
}

#[test]
fn the_sandbox_catches_leftovers() {
    assert!(panics(|| {
        let dir = Sandbox::new().require_empty();
        std::fs::write(dir.path().join("left.tmp"), "x").unwrap();
    }));
    // Cleaning up passes.
    let dir = Sandbox::new().require_empty();
    let file = dir.path().join("scratch.tmp");
    std::fs::write(&file, "x").unwrap();
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn the_sandbox_catches_writes_outside_it() {
    let outside = Sandbox::new();
    let stray = outside.path().join("stray.txt");
    assert!(panics(|| {
        let _dir = Sandbox::new().watch(outside.path());
        std::fs::write(&stray, "written where it should not be").unwrap();
    }));
    std::fs::remove_file(&stray).unwrap();
    let _quiet = Sandbox::new().watch(outside.path());
}

#[test]
fn the_csv_is_the_same_streamed_and_on_disk() {
    let mut streamed = String::new();
    orders_csv_reader(5_000, 11)
        .read_to_string(&mut streamed)
        .unwrap();
    let on_disk = std::fs::read_to_string(orders_csv_file(5_000, 11).unwrap()).unwrap();
    assert_eq!(streamed, on_disk);
    assert_eq!(streamed.lines().count(), 5_001);
    let fixture_default = seeded().seed();
    assert_eq!(fixture_default, kata_toolkit::fixtures::DEFAULT_SEED);
}
