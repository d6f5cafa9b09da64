//! Parsers for two fields of a sign-up form: a user's handle and the port of their
//! self-hosted server. Both return a typed error saying exactly what is wrong, so the form
//! can point at the problem ("character 3 cannot be '!'") instead of crashing.
//!
//! The `cfg!(feature = "mutant-…")` and `refactor-…` branches are the changes the grader
//! plants, one per build, to see whether your tests notice (mutants) or wrongly complain
//! (refactors). Normal builds never take them. Reading them is fine: the skill is writing
//! tests that would have caught bugs like these before anyone planted them.

use std::fmt;

/// The most characters (not bytes) a handle may have.
pub const MAX_HANDLE_CHARS: usize = 32;

/// A valid handle: 1 to [`MAX_HANDLE_CHARS`] characters, letters (of any script), ASCII
/// digits and `_`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(String);

impl Handle {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a handle was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandleError {
    /// Nothing was typed.
    Empty,
    /// More than `max` characters: `got` is how many there are, all of them counted.
    TooLong { max: usize, got: usize },
    /// `ch` is not allowed where it stands; `at` counts characters from 0, not bytes.
    BadChar { ch: char, at: usize },
}

/// Why a port was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortError {
    /// Nothing was typed.
    Empty,
    /// Something other than the digits 0-9 (a sign, a space, a letter).
    NotANumber,
    /// Digits only, but not a port: 0, or above 65535.
    OutOfRange,
}

/// Check a handle. The checks run in this order, and the first that fails is the error:
/// empty, too long, then each character from the first (which must be a letter).
pub fn parse_handle(text: &str) -> Result<Handle, HandleError> {
    let first = if cfg!(feature = "mutant-empty-handle-panics") {
        text.chars().next().unwrap()
    } else {
        match text.chars().next() {
            Some(first) => first,
            None => return Err(HandleError::Empty),
        }
    };
    let got = if cfg!(feature = "mutant-length-capped") {
        // "No need to count a megabyte of input: one past the limit is enough to refuse it."
        text.chars().take(MAX_HANDLE_CHARS + 1).count()
    } else {
        text.chars().count()
    };
    if got > MAX_HANDLE_CHARS {
        return Err(HandleError::TooLong {
            max: MAX_HANDLE_CHARS,
            got,
        });
    }
    if !first.is_alphabetic() {
        return Err(HandleError::BadChar { ch: first, at: 0 });
    }
    for (index, (byte, ch)) in text.char_indices().enumerate().skip(1) {
        if !(ch.is_alphabetic() || ch.is_ascii_digit() || ch == '_') {
            let at = if cfg!(feature = "mutant-position-in-bytes") {
                byte
            } else {
                index
            };
            return Err(HandleError::BadChar { ch, at });
        }
    }
    Ok(Handle(text.to_owned()))
}

/// Read a TCP port: plain ASCII digits (no sign, no spaces), 1 to 65535. Leading zeros
/// are fine (`"0080"` is 80).
#[cfg(not(feature = "refactor-digits-by-hand"))]
pub fn parse_port(text: &str) -> Result<u16, PortError> {
    use std::num::IntErrorKind;

    // `str::parse` alone would also take a leading `+`.
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortError::NotANumber);
    }
    match text.parse::<u16>() {
        Ok(0) => Err(PortError::OutOfRange),
        Ok(port) => Ok(port),
        // Only digits got here, so the parse failed for one of two reasons.
        Err(e) => Err(match e.kind() {
            IntErrorKind::Empty if !cfg!(feature = "mutant-empty-port-not-a-number") => {
                PortError::Empty
            }
            IntErrorKind::PosOverflow if !cfg!(feature = "mutant-overflow-not-a-number") => {
                PortError::OutOfRange
            }
            _ => PortError::NotANumber,
        }),
    }
}

/// The same rules, with the digits added up by hand.
#[cfg(feature = "refactor-digits-by-hand")]
pub fn parse_port(text: &str) -> Result<u16, PortError> {
    if text.is_empty() {
        return Err(PortError::Empty);
    }
    if text.bytes().any(|b| !b.is_ascii_digit()) {
        return Err(PortError::NotANumber);
    }
    let mut value: u32 = 0;
    for b in text.bytes() {
        // Saturate past the largest port: the exact size of a huge number is not needed.
        value = (value * 10 + u32::from(b - b'0')).min(u32::from(u16::MAX) + 1);
    }
    match u16::try_from(value) {
        Ok(0) | Err(_) => Err(PortError::OutOfRange),
        Ok(port) => Ok(port),
    }
}

impl fmt::Display for HandleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if cfg!(feature = "refactor-messages-reworded") {
            return match self {
                HandleError::Empty => write!(f, "please choose a handle"),
                HandleError::TooLong { max, got } => {
                    write!(f, "handle too long ({got} characters, the limit is {max})")
                }
                HandleError::BadChar { ch, at } => {
                    write!(f, "{ch:?} is not allowed at position {at} of a handle")
                }
            };
        }
        match self {
            HandleError::Empty => write!(f, "a handle cannot be empty"),
            HandleError::TooLong { max, got } => {
                write!(
                    f,
                    "a handle has at most {max} characters, this one has {got}"
                )
            }
            HandleError::BadChar { ch, at } => {
                write!(f, "a handle cannot have {ch:?} at character {at}")
            }
        }
    }
}

impl std::error::Error for HandleError {}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match (self, cfg!(feature = "refactor-messages-reworded")) {
            (PortError::Empty, false) => "no port given",
            (PortError::NotANumber, false) => "a port is written with the digits 0-9 only",
            (PortError::OutOfRange, false) => "a port is a number from 1 to 65535",
            (PortError::Empty, true) => "please enter a port",
            (PortError::NotANumber, true) => "ports are plain digits",
            (PortError::OutOfRange, true) => "ports run from 1 to 65535",
        };
        f.write_str(text)
    }
}

impl std::error::Error for PortError {}
