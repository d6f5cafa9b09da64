//! Still `#[should_panic]`, but each test expects the whole error as the `.unwrap()`
//! prints it, fields included: a different error, or a crash in the parser, does not match.

use error_paths::{parse_handle, parse_port};

#[test]
fn accepts_a_plain_handle() {
    assert_eq!(
        parse_handle("ada_lovelace").unwrap().as_str(),
        "ada_lovelace"
    );
}

#[test]
#[should_panic(expected = "`Err` value: Empty")]
fn rejects_an_empty_handle() {
    parse_handle("").unwrap();
}

#[test]
#[should_panic(expected = "TooLong { max: 32, got: 40 }")]
fn rejects_a_long_handle() {
    parse_handle(&"a".repeat(40)).unwrap();
}

#[test]
#[should_panic(expected = "BadChar { ch: '!', at: 3 }")]
fn rejects_punctuation_after_a_two_byte_letter() {
    parse_handle("zoë!").unwrap();
}

#[test]
fn parses_a_port() {
    assert_eq!(parse_port("8080").unwrap(), 8080);
}

#[test]
#[should_panic(expected = "`Err` value: Empty")]
fn rejects_an_empty_port() {
    parse_port("").unwrap();
}

#[test]
#[should_panic(expected = "`Err` value: NotANumber")]
fn rejects_a_word_as_port() {
    parse_port("http").unwrap();
}

#[test]
#[should_panic(expected = "`Err` value: OutOfRange")]
fn rejects_a_huge_port() {
    parse_port("70000").unwrap();
}
