//! The shipped tests, each `#[should_panic]` narrowed to the name of the error it expects.

use error_paths::{parse_handle, parse_port};

#[test]
fn accepts_a_plain_handle() {
    assert_eq!(
        parse_handle("ada_lovelace").unwrap().as_str(),
        "ada_lovelace"
    );
}

#[test]
#[should_panic(expected = "Empty")]
fn rejects_an_empty_handle() {
    parse_handle("").unwrap();
}

#[test]
#[should_panic(expected = "TooLong")]
fn rejects_a_long_handle() {
    parse_handle(&"a".repeat(40)).unwrap();
}

#[test]
#[should_panic(expected = "BadChar")]
fn rejects_punctuation() {
    parse_handle("ada!").unwrap();
}

#[test]
#[should_panic(expected = "BadChar")]
fn rejects_a_leading_digit() {
    parse_handle("1ada").unwrap();
}

#[test]
fn parses_a_port() {
    assert_eq!(parse_port("8080").unwrap(), 8080);
}

#[test]
#[should_panic(expected = "NotANumber")]
fn rejects_a_word_as_port() {
    parse_port("http").unwrap();
}

#[test]
#[should_panic(expected = "OutOfRange")]
fn rejects_a_huge_port() {
    parse_port("70000").unwrap();
}

#[test]
#[should_panic(expected = "OutOfRange")]
fn rejects_port_zero() {
    parse_port("0").unwrap();
}
