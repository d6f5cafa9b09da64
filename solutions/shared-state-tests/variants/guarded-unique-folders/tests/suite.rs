//! A folder per test, named after it, removed by a guard even when the test fails.
use std::path::{Path, PathBuf};

use shared_state_tests::{Exporter, Order, exports_in_process};

struct Folder(PathBuf);

impl Folder {
    fn for_test(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("export-test-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        Folder(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn order(id: u64, customer: &str) -> Order {
    Order {
        id,
        customer: customer.to_owned(),
        cents: 100,
    }
}

#[test]
fn header_and_lines() {
    let dir = Folder::for_test("header");
    let path = Exporter::new(dir.path())
        .export(&[order(1, "Ada")])
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "id,customer,cents\n1,Ada,100\n"
    );
}

#[test]
fn commas_are_quoted() {
    let dir = Folder::for_test("commas");
    let path = Exporter::new(dir.path())
        .export(&[order(2, "Hopper, Grace")])
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "id,customer,cents\n2,\"Hopper, Grace\",100\n"
    );
}

#[test]
fn numbering_and_count() {
    let dir = Folder::for_test("numbering");
    let exporter = Exporter::new(dir.path());
    exporter.export(&[order(1, "Ada")]).unwrap();
    let second = exporter.export(&[]).unwrap();
    assert_eq!(second, dir.path().join("orders-2.csv"));
    assert_eq!(
        std::fs::read_to_string(second).unwrap(),
        "id,customer,cents\n"
    );
    assert_eq!(exporter.written(), 2);
}

#[test]
fn dashboard_count_grows() {
    let dir = Folder::for_test("dashboard");
    let before = exports_in_process();
    Exporter::new(dir.path()).export(&[]).unwrap();
    assert!(exports_in_process() > before);
}
