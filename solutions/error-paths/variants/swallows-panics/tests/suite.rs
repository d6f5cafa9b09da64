//! The shipped inputs, each compared with the exact error.

use error_paths::{HandleError, PortError, parse_handle, parse_port};

fn handle(text: &str) -> Result<String, HandleError> {
    parse_handle(text).map(|h| h.as_str().to_owned())
}

#[test]
fn handles() {
    assert_eq!(handle("ada_lovelace"), Ok("ada_lovelace".to_owned()));
    assert_eq!(handle("Grace1906"), Ok("Grace1906".to_owned()));
    assert_eq!(handle(""), Err(HandleError::Empty));
    assert_eq!(
        handle(&"a".repeat(40)),
        Err(HandleError::TooLong { max: 32, got: 40 })
    );
    assert_eq!(handle("ada!"), Err(HandleError::BadChar { ch: '!', at: 3 }));
    assert_eq!(handle("1ada"), Err(HandleError::BadChar { ch: '1', at: 0 }));
}

#[test]
fn ports() {
    assert_eq!(parse_port("8080"), Ok(8080));
    assert_eq!(parse_port("http"), Err(PortError::NotANumber));
    assert_eq!(parse_port("70000"), Err(PortError::OutOfRange));
    assert_eq!(parse_port("0"), Err(PortError::OutOfRange));
}
