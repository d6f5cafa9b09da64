//! Reference tests for the sign-up back end and its parsers: every rejection names the
//! exact error it expects, fields included, and every rule is pinned on both sides of its
//! edge.
//!
//! No `#[should_panic]`: the parsers return `Result`, so a test compares the `Result`. A
//! panic inside the parser is then what it should be, a failed test, instead of the
//! outcome the test was waiting for.

use error_paths::{
    HandleError, MAX_HANDLE_CHARS, PortError, Registry, SignUpError, parse_handle, parse_port,
};
use rstest::rstest;

#[test]
fn signs_up_a_new_user() {
    let account = Registry::new().sign_up("ada_lovelace", "8080").unwrap();
    assert_eq!(account.handle.as_str(), "ada_lovelace");
    assert_eq!(account.port, 8080);
}

#[rstest]
#[case::empty_handle("", "8080", SignUpError::Handle(HandleError::Empty))]
#[case::long_handle(&"a".repeat(40), "8080", SignUpError::Handle(HandleError::TooLong { max: 32, got: 40 }))]
#[case::bad_character("zoë!", "8080", SignUpError::Handle(HandleError::BadChar { ch: '!', at: 3 }))]
#[case::handle_checked_first("ada!", "http", SignUpError::Handle(HandleError::BadChar { ch: '!', at: 3 }))]
#[case::empty_port("ada", "", SignUpError::Port(PortError::Empty))]
#[case::word_as_port("ada", "http", SignUpError::Port(PortError::NotANumber))]
#[case::huge_port("ada", "70000", SignUpError::Port(PortError::OutOfRange))]
fn refuses_a_sign_up(#[case] handle: &str, #[case] port: &str, #[case] expected: SignUpError) {
    assert_eq!(Registry::new().sign_up(handle, port), Err(expected));
}

#[test]
fn a_handle_is_taken_once_and_only_by_a_good_sign_up() {
    let mut registry = Registry::new();
    assert_eq!(
        registry.sign_up("ada", "0"),
        Err(SignUpError::Port(PortError::OutOfRange))
    );
    assert!(registry.sign_up("ada", "8080").is_ok());
    assert_eq!(registry.sign_up("ada", "9090"), Err(SignUpError::Taken));
}

fn handle(text: &str) -> Result<String, HandleError> {
    parse_handle(text).map(|h| h.as_str().to_owned())
}

#[rstest]
#[case::plain("ada_lovelace")]
#[case::digits_after_the_first("Grace1906")]
#[case::one_letter("a")]
#[case::other_scripts("Zoë_Ωmega_Йосиф")]
#[case::exactly_the_limit(&"b".repeat(MAX_HANDLE_CHARS))]
#[case::the_limit_in_two_byte_letters(&"é".repeat(MAX_HANDLE_CHARS))]
fn accepts(#[case] text: &str) {
    assert_eq!(handle(text), Ok(text.to_owned()));
}

#[rstest]
#[case::empty("", HandleError::Empty)]
#[case::one_over(&"a".repeat(33), HandleError::TooLong { max: 32, got: 33 })]
// All 40 characters are counted, not just enough of them to refuse the handle.
#[case::well_over(&"a".repeat(40), HandleError::TooLong { max: 32, got: 40 })]
#[case::over_in_two_byte_letters(&"é".repeat(33), HandleError::TooLong { max: 32, got: 33 })]
// Too long wins over a bad character.
#[case::long_and_bad(&"!".repeat(50), HandleError::TooLong { max: 32, got: 50 })]
#[case::punctuation("ada!", HandleError::BadChar { ch: '!', at: 3 })]
#[case::leading_digit("1ada", HandleError::BadChar { ch: '1', at: 0 })]
#[case::leading_underscore("_ada", HandleError::BadChar { ch: '_', at: 0 })]
#[case::space("ada lovelace", HandleError::BadChar { ch: ' ', at: 3 })]
// Positions count characters: 'ë' is two bytes, the '!' is still character 3.
#[case::position_after_a_two_byte_letter("zoë!", HandleError::BadChar { ch: '!', at: 3 })]
#[case::first_bad_character_wins("a-b-", HandleError::BadChar { ch: '-', at: 1 })]
fn refuses_a_handle(#[case] text: &str, #[case] expected: HandleError) {
    assert_eq!(handle(text), Err(expected));
}

#[rstest]
#[case::plain("8080", 8080)]
#[case::lowest("1", 1)]
#[case::highest("65535", 65_535)]
#[case::leading_zeros("0080", 80)]
fn reads_a_port(#[case] text: &str, #[case] expected: u16) {
    assert_eq!(parse_port(text), Ok(expected));
}

#[rstest]
#[case::empty("", PortError::Empty)]
#[case::word("http", PortError::NotANumber)]
#[case::plus_sign("+80", PortError::NotANumber)]
#[case::minus_sign("-1", PortError::NotANumber)]
#[case::space(" 80", PortError::NotANumber)]
#[case::digits_then_junk("99999x", PortError::NotANumber)]
#[case::zero("0", PortError::OutOfRange)]
#[case::one_over("65536", PortError::OutOfRange)]
#[case::huge("70000", PortError::OutOfRange)]
#[case::beyond_any_integer("99999999999999999999999", PortError::OutOfRange)]
fn refuses_a_port(#[case] text: &str, #[case] expected: PortError) {
    assert_eq!(parse_port(text), Err(expected));
}

/// The errors are meant for people too: each one's message says what was wrong. Only
/// that it says something is pinned; the wording is the form's to change.
#[test]
fn every_error_has_a_message() {
    let errors: Vec<Box<dyn std::error::Error>> = vec![
        Box::new(HandleError::Empty),
        Box::new(HandleError::TooLong { max: 32, got: 40 }),
        Box::new(HandleError::BadChar { ch: '!', at: 3 }),
        Box::new(PortError::Empty),
        Box::new(PortError::NotANumber),
        Box::new(PortError::OutOfRange),
    ];
    for error in errors {
        assert!(!error.to_string().is_empty(), "{error:?}");
    }
}
