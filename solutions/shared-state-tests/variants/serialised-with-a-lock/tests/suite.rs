//! One shared folder, but the tests take turns: each holds a lock for its whole body.
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use shared_state_tests::{Exporter, Order, exports_in_process};

static TURN: Mutex<()> = Mutex::new(());

struct Turn(#[allow(dead_code)] MutexGuard<'static, ()>);

fn take_turn() -> Turn {
    let guard = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let _ = std::fs::remove_dir_all(dir());
    Turn(guard)
}

impl Drop for Turn {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(dir());
    }
}

fn dir() -> PathBuf {
    std::env::temp_dir().join("nightly-orders")
}

fn order(id: u64, customer: &str) -> Order {
    Order {
        id,
        customer: customer.to_owned(),
        cents: 7,
    }
}

#[test]
fn header_lines_and_quoting() {
    let _turn = take_turn();
    let before = exports_in_process();
    let path = Exporter::new(dir())
        .export(&[order(1, "Ada"), order(2, "Hopper, Grace")])
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "id,customer,cents\n1,Ada,7\n2,\"Hopper, Grace\",7\n"
    );
    assert_eq!(exports_in_process() - before, 1);
}

#[test]
fn numbering_count_and_empty_nights() {
    let _turn = take_turn();
    let exporter = Exporter::new(dir());
    exporter.export(&[order(1, "Ada")]).unwrap();
    let second = exporter.export(&[]).unwrap();
    assert_eq!(second, dir().join("orders-2.csv"));
    assert_eq!(
        std::fs::read_to_string(second).unwrap(),
        "id,customer,cents\n"
    );
    assert_eq!(exporter.written(), 2);
}
