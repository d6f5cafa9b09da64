//! The export's tests. Each passes when run on its own (`cargo test -p shared-state-tests
//! -- --exact NAME`), and the suite has never been green as a whole.

use std::path::PathBuf;

use shared_state_tests::{Exporter, Order, exports_in_process};

/// Where every test exports to.
fn export_dir() -> PathBuf {
    std::env::temp_dir().join("nightly-orders")
}

fn order(id: u64, customer: &str, cents: u64) -> Order {
    Order {
        id,
        customer: customer.to_owned(),
        cents,
    }
}

#[test]
fn writes_a_header_and_one_line_per_order() {
    let exporter = Exporter::new(export_dir());
    let path = exporter
        .export(&[order(1, "Ada", 1_250), order(2, "Grace", 99)])
        .unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text, "id,customer,cents\n1,Ada,1250\n2,Grace,99\n");
    assert_eq!(exports_in_process(), 1);
}

#[test]
fn quotes_names_with_commas() {
    let exporter = Exporter::new(export_dir());
    let path = exporter.export(&[order(7, "Lovelace, Ada", 500)]).unwrap();
    let text = std::fs::read_to_string(export_dir().join("orders-1.csv")).unwrap();
    assert_eq!(path, export_dir().join("orders-1.csv"));
    assert_eq!(text, "id,customer,cents\n7,\"Lovelace, Ada\",500\n");
    assert_eq!(exports_in_process(), 1);
}

#[test]
fn numbers_files_in_order() {
    let exporter = Exporter::new(export_dir());
    exporter.export(&[order(1, "Ada", 1)]).unwrap();
    let second = exporter.export(&[order(2, "Grace", 2)]).unwrap();
    assert_eq!(second, export_dir().join("orders-2.csv"));
    assert_eq!(exports_in_process(), 2);
    // Tidy up for the next run.
    std::fs::remove_dir_all(export_dir()).unwrap();
}

#[test]
fn an_empty_night_still_writes_a_file() {
    std::env::set_current_dir(std::env::temp_dir()).unwrap();
    let exporter = Exporter::new("nightly-orders");
    let path = exporter.export(&[]).unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "id,customer,cents\n"
    );
    assert_eq!(exporter.written(), 1);
}
