//! Folders fixed, the shared counter still pinned.
use kata_toolkit::fixtures::Sandbox;
use shared_state_tests::{Exporter, Order, exports_in_process};

fn order(id: u64) -> Order {
    Order {
        id,
        customer: "Ada".into(),
        cents: 1,
    }
}

#[test]
fn one_export_counts_once() {
    let dir = Sandbox::new();
    Exporter::new(dir.path()).export(&[order(1)]).unwrap();
    assert_eq!(exports_in_process(), 1);
}

#[test]
fn two_exports_count_twice() {
    let dir = Sandbox::new();
    let exporter = Exporter::new(dir.path());
    exporter.export(&[order(1)]).unwrap();
    exporter.export(&[order(2)]).unwrap();
    assert_eq!(exporter.written(), 2);
    assert_eq!(exports_in_process(), 2);
}
