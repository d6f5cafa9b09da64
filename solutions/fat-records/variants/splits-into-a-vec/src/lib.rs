//! The parcel tracker's memory of every parcel: the last scan seen for each one.
//!
//! Depots post one line per scan to the tracker's feed, and the tracker keeps the latest
//! [`Scan`] of every parcel in memory, so that the customer site and the call centre can
//! answer "where is it?" without a database round trip. There are about twenty million
//! parcels in the network at any time.
//!
//! # Line format
//!
//! Six fields separated by commas:
//!
//! ```text
//! PX0048213377,1714564803,LHR,out_for_delivery,1250,Leave with the neighbour at 14
//! ```
//!
//! parcel (`PX` and ten digits), scanned at (seconds since 1970, a `u32`), depot (three
//! capital letters), status (see [`Status`]), weight in grams (a `u32`), and a note from
//! the driver or the customer, last, which may contain commas and is empty when there is
//! none (about one scan in twenty-five has one).

use std::fmt;

use thiserror::Error;

/// Where a parcel is in its journey. One byte.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Handed in at a depot or collected from the sender.
    Received,
    /// Sorted onto a route.
    Sorted,
    /// On a truck between depots.
    InTransit,
    /// On the van for its last mile.
    OutForDelivery,
    /// Delivered.
    Delivered,
    /// On its way back to the sender.
    Returned,
}

impl Status {
    /// Every status, in journey order.
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::Sorted,
        Status::InTransit,
        Status::OutForDelivery,
        Status::Delivered,
        Status::Returned,
    ];

    /// The status as the feed spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Sorted => "sorted",
            Status::InTransit => "in_transit",
            Status::OutForDelivery => "out_for_delivery",
            Status::Delivered => "delivered",
            Status::Returned => "returned",
        }
    }

    /// The status the feed spells `text`, if any.
    pub fn from_feed(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a line is not a scan.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum ScanError {
    /// The line has fewer than six fields.
    #[error("the {0} field is missing")]
    Missing(&'static str),
    /// The parcel is not `PX` followed by ten digits.
    #[error("the parcel is not PX and ten digits")]
    BadParcel,
    /// The time is not a number of seconds that fits a `u32`.
    #[error("the scan time is not a number of seconds")]
    BadTime,
    /// The depot is not three capital letters.
    #[error("the depot is not three capital letters")]
    BadDepot,
    /// The status is not one the feed uses.
    #[error("unknown status")]
    UnknownStatus,
    /// The weight is not a number of grams that fits a `u32`.
    #[error("the weight is not a number of grams")]
    BadWeight,
}

/// The last scan of a parcel (variant, valid: the reference layout, parsed through a
/// temporary `Vec` of fields that is freed before `parse` returns).
///
/// Each field in the smallest type that holds every value the feed allows: the parcel's
/// ten digits in a `u64`, the time and the weight in `u32`s, the depot's three letters
/// inline, the status as a one-byte enum. The note, rare and of any length, is a
/// `Box<str>` (no spare capacity, two words), and `None` costs nothing on the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    parcel: u64,
    scanned_at: u32,
    weight_grams: u32,
    note: Option<Box<str>>,
    depot: [u8; 3],
    status: Status,
}

impl Scan {
    /// Read one line of the feed (without its line break).
    pub fn parse(line: &str) -> Result<Scan, ScanError> {
        let fields: Vec<&str> = line.splitn(6, ',').collect();
        let mut at = 0;
        let mut next = |name| {
            at += 1;
            fields.get(at - 1).copied().ok_or(ScanError::Missing(name))
        };
        let (parcel, scanned_at, depot, status, weight, note) = (
            next("parcel")?,
            next("scanned_at")?,
            next("depot")?,
            next("status")?,
            next("weight_g")?,
            next("note")?,
        );
        Ok(Scan {
            parcel: parse_parcel(parcel)?,
            scanned_at: parse_digits(scanned_at).ok_or(ScanError::BadTime)?,
            depot: parse_depot(depot)?,
            status: Status::from_feed(status).ok_or(ScanError::UnknownStatus)?,
            weight_grams: parse_digits(weight).ok_or(ScanError::BadWeight)?,
            note: (!note.is_empty()).then(|| Box::from(note)),
        })
    }

    /// The parcel's number: the ten digits after `PX`.
    pub fn parcel(&self) -> u64 {
        self.parcel
    }

    /// When it was scanned, in seconds since 1970.
    pub fn scanned_at(&self) -> u32 {
        self.scanned_at
    }

    /// The depot that scanned it, e.g. `"LHR"`.
    pub fn depot(&self) -> &str {
        // Three ASCII capitals, checked when parsed: always UTF-8.
        std::str::from_utf8(&self.depot).expect("a depot is ASCII")
    }

    /// Where it is in its journey.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Its weight in grams.
    pub fn weight_grams(&self) -> u32 {
        self.weight_grams
    }

    /// The note on the scan, if there is one.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The scan as a line of the feed: parcel as `PX` and ten digits, numbers without
    /// leading zeros, an empty last field when there is no note.
    pub fn to_line(&self) -> String {
        format!(
            "PX{:010},{},{},{},{},{}",
            self.parcel,
            self.scanned_at,
            self.depot(),
            self.status,
            self.weight_grams,
            self.note().unwrap_or("")
        )
    }
}

/// `PX` and exactly ten digits.
fn parse_parcel(text: &str) -> Result<u64, ScanError> {
    text.strip_prefix("PX")
        .filter(|digits| digits.len() == 10)
        .and_then(parse_digits)
        .ok_or(ScanError::BadParcel)
}

/// Digits only (no sign), in range for `T`.
fn parse_digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_depot(text: &str) -> Result<[u8; 3], ScanError> {
    match *text.as_bytes() {
        [a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok([a, b, c]),
        _ => Err(ScanError::BadDepot),
    }
}
