//! The export's tests, each in a world of its own: a fresh folder per test (removed when
//! the test ends), absolute paths instead of the process's current directory, and counts
//! read from the exporter the test made, not from the process.

use rstest::{fixture, rstest};
use shared_state_tests::{Exporter, Order, exports_in_process};

use kata_toolkit::fixtures::Sandbox;

/// A folder of this test's own; it fails the test if anything is left in it at the end
/// that the test did not expect, and is removed when dropped.
#[fixture]
fn dir() -> Sandbox {
    Sandbox::new()
}

fn order(id: u64, customer: &str, cents: u64) -> Order {
    Order {
        id,
        customer: customer.to_owned(),
        cents,
    }
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[rstest]
fn writes_a_header_and_one_line_per_order(dir: Sandbox) {
    let exporter = Exporter::new(dir.path());
    let path = exporter
        .export(&[order(1, "Ada", 1_250), order(2, "Grace", 99)])
        .unwrap();
    assert_eq!(path, dir.path().join("orders-1.csv"));
    assert_eq!(read(&path), "id,customer,cents\n1,Ada,1250\n2,Grace,99\n");
}

#[rstest]
#[case::comma("Lovelace, Ada", "\"Lovelace, Ada\"")]
#[case::quote("Ada \"The Countess\"", "\"Ada \"\"The Countess\"\"\"")]
#[case::plain("Ada", "Ada")]
fn quotes_names_that_need_it(dir: Sandbox, #[case] name: &str, #[case] written: &str) {
    let path = Exporter::new(dir.path())
        .export(&[order(7, name, 500)])
        .unwrap();
    assert_eq!(read(&path), format!("id,customer,cents\n7,{written},500\n"));
}

#[rstest]
fn numbers_files_in_order(dir: Sandbox) {
    let exporter = Exporter::new(dir.path());
    let first = exporter.export(&[order(1, "Ada", 1)]).unwrap();
    let second = exporter.export(&[order(2, "Grace", 2)]).unwrap();
    assert_eq!(first, dir.path().join("orders-1.csv"));
    assert_eq!(second, dir.path().join("orders-2.csv"));
    assert_eq!(read(&first), "id,customer,cents\n1,Ada,1\n");
    assert_eq!(exporter.written(), 2);
}

#[rstest]
fn an_empty_night_still_writes_a_file(dir: Sandbox) {
    let exporter = Exporter::new(dir.path());
    let path = exporter.export(&[]).unwrap();
    assert_eq!(path, dir.path().join("orders-1.csv"));
    assert_eq!(read(&path), "id,customer,cents\n");
    assert_eq!(exporter.written(), 1);
}

/// The process-wide count is shared with every other test running at the same time: it
/// can only be bounded from below, never pinned.
#[rstest]
fn the_dashboard_count_grows_with_each_export(dir: Sandbox) {
    let before = exports_in_process();
    Exporter::new(dir.path())
        .export(&[order(1, "Ada", 1)])
        .unwrap();
    assert!(exports_in_process() > before);
}
