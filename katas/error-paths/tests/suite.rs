//! The sign-up tests, written when a bad field made the back end panic, which the form
//! turned into an error page. They pass: every bad input does panic.

use error_paths::{Registry, parse_handle, parse_port};

#[test]
fn signs_up_a_new_user() {
    let account = Registry::new().sign_up("ada_lovelace", "8080").unwrap();
    assert_eq!(account.handle.as_str(), "ada_lovelace");
    assert_eq!(account.port, 8080);
}

#[test]
fn accepts_letters_and_digits() {
    assert_eq!(parse_handle("Grace1906").unwrap().as_str(), "Grace1906");
}

#[test]
#[should_panic]
fn rejects_an_empty_handle() {
    Registry::new().sign_up("", "8080").unwrap();
}

#[test]
#[should_panic]
fn rejects_a_long_handle() {
    Registry::new().sign_up(&"a".repeat(40), "8080").unwrap();
}

#[test]
#[should_panic]
fn rejects_punctuation() {
    Registry::new().sign_up("ada!", "8080").unwrap();
}

#[test]
#[should_panic]
fn rejects_a_leading_digit() {
    parse_handle("1ada").unwrap();
}

#[test]
#[should_panic]
fn rejects_a_word_as_port() {
    Registry::new().sign_up("ada", "http").unwrap();
}

#[test]
#[should_panic]
fn rejects_a_huge_port() {
    Registry::new().sign_up("ada", "70000").unwrap();
}

#[test]
#[should_panic]
fn rejects_port_zero() {
    parse_port("0").unwrap();
}

#[test]
#[should_panic]
fn rejects_a_taken_handle() {
    let mut registry = Registry::new();
    registry.sign_up("ada", "8080").unwrap();
    registry.sign_up("ada", "9090").unwrap();
}
