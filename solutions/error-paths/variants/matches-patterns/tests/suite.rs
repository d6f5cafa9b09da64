//! Each rejection matched with `matches!`, binding the fields that carry information.

use error_paths::{HandleError, PortError, parse_handle, parse_port};

#[test]
fn good_handles_are_kept_as_typed() {
    for text in ["ada_lovelace", "Grace1906", "a", "Zoë", &"x".repeat(32)] {
        let handle = parse_handle(text).expect("a valid handle");
        assert_eq!(handle.as_str(), text);
    }
}

#[test]
fn an_empty_handle_is_empty() {
    assert!(matches!(parse_handle(""), Err(HandleError::Empty)));
}

#[test]
fn a_long_handle_reports_its_whole_length() {
    let long = "a".repeat(40);
    assert!(matches!(
        parse_handle(&long),
        Err(HandleError::TooLong { max: 32, got: 40 })
    ));
    assert!(matches!(
        parse_handle(&"a".repeat(33)),
        Err(HandleError::TooLong { max: 32, got: 33 })
    ));
}

#[test]
fn a_bad_character_is_named_with_its_position() {
    assert!(matches!(
        parse_handle("ada!"),
        Err(HandleError::BadChar { ch: '!', at: 3 })
    ));
    assert!(matches!(
        parse_handle("1ada"),
        Err(HandleError::BadChar { ch: '1', at: 0 })
    ));
    assert!(matches!(
        parse_handle("Élo-die"),
        Err(HandleError::BadChar { ch: '-', at: 3 })
    ));
}

#[test]
fn ports() {
    assert!(matches!(parse_port("8080"), Ok(8080)));
    assert!(matches!(parse_port("65535"), Ok(65_535)));
    assert!(matches!(parse_port(""), Err(PortError::Empty)));
    assert!(matches!(parse_port("http"), Err(PortError::NotANumber)));
    assert!(matches!(parse_port("+80"), Err(PortError::NotANumber)));
    assert!(matches!(parse_port("0"), Err(PortError::OutOfRange)));
    assert!(matches!(parse_port("65536"), Err(PortError::OutOfRange)));
}
