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

/// Why a query is not an order reference.
///
/// Variant (valid): a thiserror struct holding the kind only; the message is the kind's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(*kind))]
pub struct ParseError {
    kind: ErrorKind,
}

fn describe(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NotAReference => "not an order reference",
        ErrorKind::BadYear => "no orders in that year",
        ErrorKind::BadCheckDigit => "the check digit does not match",
    }
}

impl ParseError {
    #[allow(non_upper_case_globals)]
    const NotAReference: ParseError = ParseError {
        kind: ErrorKind::NotAReference,
    };

    /// What kind of query was refused.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

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
/// The shape is checked first, on the bytes, without copying or panicking: a query that
/// is not 17 bytes of `ORD-dddd-dddddd-d` (after trimming, in any case) is refused at once,
/// and that is nearly every query the search box sees.
pub fn parse_order_ref(query: &str) -> Result<OrderRef, ParseError> {
    let b = query.trim().as_bytes();
    if b.len() != 17 || !b[..4].eq_ignore_ascii_case(b"ORD-") || b[8] != b'-' || b[15] != b'-' {
        return Err(ParseError::NotAReference);
    }
    let (Some(year), Some(number), Some(found)) =
        (digits(&b[4..8]), digits(&b[9..15]), digits(&b[16..]))
    else {
        return Err(ParseError::NotAReference);
    };
    // Four digits fit a u16; one digit fits a u8.
    let (year, found) = (year as u16, found as u8);
    if !(2015..=2099).contains(&year) {
        return Err(ParseError {
            kind: ErrorKind::BadYear,
        });
    }
    let expected = check_digit(year, number);
    if found != expected {
        return Err(ParseError {
            kind: ErrorKind::BadCheckDigit,
        });
    }
    Ok(OrderRef { year, number })
}

/// The number `bytes` spell, if they are all ASCII digits (at most nine of them).
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0, |value: u32, &b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}
