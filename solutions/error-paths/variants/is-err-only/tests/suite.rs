//! No more `#[should_panic]`: each bad input is checked with `is_err()`.

use error_paths::{parse_handle, parse_port};

#[test]
fn good_input_is_accepted() {
    assert!(parse_handle("ada_lovelace").is_ok());
    assert!(parse_handle("Zoë").is_ok());
    assert!(parse_port("8080").is_ok());
}

#[test]
fn bad_handles_are_refused() {
    for text in ["", &"a".repeat(40), "ada!", "1ada", "zoë!"] {
        assert!(parse_handle(text).is_err(), "{text:?}");
    }
}

#[test]
fn bad_ports_are_refused() {
    for text in ["", "http", "70000", "0", "+80"] {
        assert!(parse_port(text).is_err(), "{text:?}");
    }
}
