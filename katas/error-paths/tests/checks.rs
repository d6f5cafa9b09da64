//! The kata's checks on the sign-up back end (`src/`): bad input is an error, never a
//! panic, and the error is the parser's own. Protected.

use error_paths::{Account, Registry, SignUpError, parse_handle, parse_port};

/// Handles the parsers refuse, one per rule and edge.
const BAD_HANDLES: [&str; 9] = [
    "",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ééééééééééééééééééééééééééééééééééééééééééé",
    "ada!",
    "1ada",
    "_ada",
    "zoë lovelace",
    "ada-",
    "\u{0}",
];

/// Ports the parsers refuse.
const BAD_PORTS: [&str; 9] = [
    "",
    "http",
    "+80",
    "-1",
    " 80",
    "0",
    "65536",
    "99999999999999999999999",
    "८०",
];

const GOOD_HANDLES: [&str; 3] = ["ada_lovelace", "Zoë", "x"];
const GOOD_PORTS: [&str; 3] = ["8080", "1", "65535"];

/// Every combination with at least one bad field.
fn bad_forms() -> Vec<(&'static str, &'static str)> {
    let mut forms = Vec::new();
    for handle in BAD_HANDLES.iter().chain(&GOOD_HANDLES) {
        for port in BAD_PORTS.iter().chain(&GOOD_PORTS) {
            if BAD_HANDLES.contains(handle) || BAD_PORTS.contains(port) {
                forms.push((*handle, *port));
            }
        }
    }
    forms
}

mod no_panics {
    use super::*;
    use kata_toolkit::figure::{Figure, check};

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let _attest = kata_attest::attest();
        let forms = bad_forms();
        let mut panicked = Vec::new();
        for &(handle, port) in &forms {
            let outcome = std::panic::catch_unwind(|| Registry::new().sign_up(handle, port));
            if outcome.is_err() {
                panicked.push(format!("({handle:?}, {port:?})"));
            }
        }
        check(
            Figure::at_most(
                "panics on bad input",
                panicked.len() as f64,
                0.0,
                &format!(" of {}", forms.len()),
            ),
            &format!(
                "{} of {} sign-ups with a bad field panicked instead of returning an error, e.g. {}",
                panicked.len(),
                forms.len(),
                panicked.first().map_or("", String::as_str)
            ),
        );
    }
}

mod errors_pass_through {
    use super::*;

    #[test]
    fn a_bad_handle_is_the_parsers_error() {
        let _attest = kata_attest::attest();
        for handle in BAD_HANDLES {
            let expected = parse_handle(handle).expect_err("a bad handle");
            for port in BAD_PORTS.iter().chain(&GOOD_PORTS) {
                assert_eq!(
                    Registry::new().sign_up(handle, port),
                    Err(SignUpError::Handle(expected.clone())),
                    "sign_up({handle:?}, {port:?}): the handle is checked first, and its error is the parser's"
                );
            }
        }
    }

    #[test]
    fn a_bad_port_is_the_parsers_error() {
        let _attest = kata_attest::attest();
        for port in BAD_PORTS {
            let expected = parse_port(port).expect_err("a bad port");
            for handle in GOOD_HANDLES {
                assert_eq!(
                    Registry::new().sign_up(handle, port),
                    Err(SignUpError::Port(expected)),
                    "sign_up({handle:?}, {port:?}): the port's error is the parser's"
                );
            }
        }
    }

    #[test]
    fn good_forms_register_once() {
        let _attest = kata_attest::attest();
        let mut registry = Registry::new();
        for (handle, port) in GOOD_HANDLES.into_iter().zip(GOOD_PORTS) {
            // A refused form does not take the handle.
            assert!(registry.sign_up(handle, "http").is_err());
            assert_eq!(
                registry.sign_up(handle, port),
                Ok(Account {
                    handle: parse_handle(handle).expect("a good handle"),
                    port: parse_port(port).expect("a good port"),
                })
            );
            assert_eq!(
                registry.sign_up(handle, port),
                Err(SignUpError::Taken),
                "{handle:?} signed up twice"
            );
        }
    }
}
