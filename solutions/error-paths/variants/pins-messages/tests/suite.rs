//! Every rejection checked by its message, word for word.

use error_paths::{parse_handle, parse_port};

fn handle_error(text: &str) -> String {
    parse_handle(text)
        .expect_err("should be refused")
        .to_string()
}

fn port_error(text: &str) -> String {
    parse_port(text).expect_err("should be refused").to_string()
}

#[test]
fn good_input_is_accepted() {
    assert_eq!(
        parse_handle("ada_lovelace").unwrap().as_str(),
        "ada_lovelace"
    );
    assert_eq!(parse_port("8080"), Ok(8080));
}

#[test]
fn handle_messages() {
    assert_eq!(handle_error(""), "a handle cannot be empty");
    assert_eq!(
        handle_error(&"a".repeat(40)),
        "a handle has at most 32 characters, this one has 40"
    );
    assert_eq!(
        handle_error("zoë!"),
        "a handle cannot have '!' at character 3"
    );
}

#[test]
fn port_messages() {
    assert_eq!(port_error(""), "no port given");
    assert_eq!(
        port_error("http"),
        "a port is written with the digits 0-9 only"
    );
    assert_eq!(port_error("70000"), "a port is a number from 1 to 65535");
}
