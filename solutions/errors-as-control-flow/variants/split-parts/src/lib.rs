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

/// Why a query is not an order reference: a small value, no text. The message is written
/// only if someone displays the error, which on the search box's common path nobody does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not shaped like an order reference.
    NotAReference,
    /// Shaped like one, from a year without orders.
    BadYear(u16),
    /// Shaped like one, with the wrong check digit.
    BadCheckDigit {
        /// The digit in the query.
        found: u8,
        /// The digit the year and number call for.
        expected: u8,
    },
}

impl ParseError {
    /// What kind of query was refused: the search box offers "did you mean…?" for a bad
    /// check digit and moves on to the full-text search for the rest.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ParseError::NotAReference => ErrorKind::NotAReference,
            ParseError::BadYear(_) => ErrorKind::BadYear,
            ParseError::BadCheckDigit { .. } => ErrorKind::BadCheckDigit,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotAReference => f.write_str("not an order reference"),
            ParseError::BadYear(year) => write!(f, "no orders in {year}"),
            ParseError::BadCheckDigit { found, expected } => {
                write!(f, "check digit {found} should be {expected}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// The check digit for `year` and `number`.
pub fn check_digit(year: u16, number: u32) -> u8 {
    // The ten digits, from the right: the rightmost has weight 1, the next 3, and so on.
    let mut rest = u64::from(year) * 1_000_000 + u64::from(number);
    let mut sum = 0;
    for weight in [1, 3].into_iter().cycle().take(10) {
        sum += rest % 10 * weight;
        rest /= 10;
    }
    ((10 - sum % 10) % 10) as u8
}

/// Read `query` as an order reference.
///
/// Variant (valid): the parts taken with `splitn` on the trimmed query, each checked
/// where it is, no copy and no panic.
pub fn parse_order_ref(query: &str) -> Result<OrderRef, ParseError> {
    let mut parts = query.trim().splitn(4, '-');
    let mut part = |width: usize| {
        parts
            .next()
            .filter(|p| p.len() == width)
            .ok_or(ParseError::NotAReference)
    };
    let prefix = part(3)?;
    let (year, number, found) = (part(4)?, part(6)?, part(1)?);
    if !prefix.eq_ignore_ascii_case("ORD") {
        return Err(ParseError::NotAReference);
    }
    let (Some(year), Some(number), Some(found)) = (
        digits(year.as_bytes()),
        digits(number.as_bytes()),
        digits(found.as_bytes()),
    ) else {
        return Err(ParseError::NotAReference);
    };
    let (year, found) = (year as u16, found as u8);
    if !(2015..=2099).contains(&year) {
        return Err(ParseError::BadYear(year));
    }
    let expected = check_digit(year, number);
    if found != expected {
        return Err(ParseError::BadCheckDigit { found, expected });
    }
    Ok(OrderRef { year, number })
}

/// The number `bytes` spell, if they are all ASCII digits (at most nine of them).
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0, |value: u32, &b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}
