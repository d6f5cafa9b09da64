//! The support site's search box: is this query an order reference?
//!
//! Every query typed into the search box (on every keystroke, since the box searches as
//! you type) is first tried as an order reference, so that an agent or a customer who
//! pastes one lands on the order at once. Everything else goes to the full-text search.
//! Most queries are not order references: names, email addresses, "where is my parcel",
//! and references still being typed.
//!
//! # Order references
//!
//! `ORD-2024-004217-3`: `ORD`, the year (four digits, 2015 to 2099), the order number
//! (six digits) and a check digit, separated by `-`. Case does not matter and surrounding
//! whitespace is ignored. The check digit catches most typos: weight the ten digits of the
//! year and the number 3, 1, 3, 1, … from the left, add them up, and the check digit is
//! what brings the sum to a multiple of ten.

use std::fmt;
use std::panic;

/// An order, as its reference names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OrderRef {
    /// The year the order was placed, 2015 to 2099.
    pub year: u16,
    /// The order's number within its year, 0 to 999,999.
    pub number: u32,
}

impl OrderRef {
    /// The check digit of this order's reference.
    pub fn check_digit(self) -> u8 {
        check_digit(self.year, self.number)
    }
}

impl fmt::Display for OrderRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ORD-{:04}-{:06}-{}",
            self.year,
            self.number,
            self.check_digit()
        )
    }
}

/// What kind of query was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Not shaped like an order reference at all: most queries.
    NotAReference,
    /// Shaped like one, but the year is outside 2015 to 2099.
    BadYear,
    /// Shaped like one, but the check digit does not match: probably a typo.
    BadCheckDigit,
}

/// Why a query is not an order reference.
///
/// Variant (partial): typed now, with no message to format, but the strict reader still
/// panics on every query that is not shaped like a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseError {
    kind: ErrorKind,
}

impl ParseError {
    /// What kind of query was refused.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused: {:?}", self.kind)
    }
}

impl std::error::Error for ParseError {}

/// The check digit for `year` and `number`.
pub fn check_digit(year: u16, number: u32) -> u8 {
    let digits = format!("{year:04}{number:06}");
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Read `query` as an order reference.
pub fn parse_order_ref(query: &str) -> Result<OrderRef, ParseError> {
    // The strict reader below asserts the shape as it goes. Anything that is not shaped
    // like a reference makes it panic; turn that into an ordinary error for the caller.
    match panic::catch_unwind(|| parse_strict(query)) {
        Ok(result) => result,
        Err(_) => Err(ParseError {
            kind: ErrorKind::NotAReference,
        }),
    }
}

/// Read a query that should be a reference; panics when it is not shaped like one.
fn parse_strict(query: &str) -> Result<OrderRef, ParseError> {
    let upper = query.trim().to_ascii_uppercase();
    let parts: Vec<&str> = upper.split('-').collect();
    assert_eq!(parts.len(), 4, "expected 4 parts separated by '-'");
    assert_eq!(parts[0], "ORD", "expected the ORD prefix");
    let widths = [4, 6, 1];
    for (part, width) in parts[1..].iter().zip(widths) {
        assert!(
            part.len() == width && part.bytes().all(|b| b.is_ascii_digit()),
            "expected {width} digits, found {part:?}"
        );
    }
    let year: u16 = parts[1].parse().unwrap();
    let number: u32 = parts[2].parse().unwrap();
    let check: u8 = parts[3].parse().unwrap();
    if !(2015..=2099).contains(&year) {
        return Err(ParseError {
            kind: ErrorKind::BadYear,
        });
    }
    let expected = check_digit(year, number);
    if check != expected {
        return Err(ParseError {
            kind: ErrorKind::BadCheckDigit,
        });
    }
    Ok(OrderRef { year, number })
}
