//! A folder per test, never cleaned.
use shared_state_tests::{Exporter, Order};

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("orders-{name}-{}", std::process::id()))
}

fn order(id: u64, customer: &str) -> Order {
    Order {
        id,
        customer: customer.to_owned(),
        cents: 3,
    }
}

#[test]
fn header_lines_and_quoting() {
    let path = Exporter::new(dir("lines"))
        .export(&[order(1, "Ada"), order(2, "Hopper, Grace")])
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "id,customer,cents\n1,Ada,3\n2,\"Hopper, Grace\",3\n"
    );
}

#[test]
fn numbering_count_and_empty_nights() {
    let exporter = Exporter::new(dir("numbering"));
    exporter.export(&[order(1, "Ada")]).unwrap();
    let second = exporter.export(&[]).unwrap();
    assert_eq!(second, dir("numbering").join("orders-2.csv"));
    assert_eq!(
        std::fs::read_to_string(second).unwrap(),
        "id,customer,cents\n"
    );
    assert_eq!(exporter.written(), 2);
}
