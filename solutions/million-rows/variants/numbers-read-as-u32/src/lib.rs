//! Daily revenue totals from the orders export.
//!
//! Reference solution: the export is streamed through a `BufReader` one line at a time
//! into a single reused `String`, and each line is split and parsed in place. Memory is a
//! fixed buffer plus one map entry per country, whether the export has ten rows or ten
//! million. See NOTES.md.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};

/// The header line every export starts with.
pub const HEADER: &str = "order_id,customer_id,country,amount_cents,status";

/// What finance asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Data rows read (the header is not an order).
    pub orders: u64,
    /// Sum of `amount_cents` over `paid` orders.
    pub paid_cents: u64,
    /// Sum of `amount_cents` over `refunded` orders.
    pub refunded_cents: u64,
    /// How many orders are `pending`.
    pub pending_orders: u64,
    /// `paid_cents` split by country code.
    pub paid_cents_by_country: BTreeMap<String, u64>,
}

/// Why the export could not be aggregated.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// The reader failed (including text that is not UTF-8).
    #[error("could not read the orders export")]
    Read(#[from] std::io::Error),
    /// A line does not follow the format. Lines are numbered from 1, the header included.
    #[error("line {line} of the orders export: {problem}")]
    Malformed {
        /// The 1-based line number, the header being line 1.
        line: u64,
        /// What is wrong with it.
        problem: Problem,
    },
}

/// What is wrong with a malformed line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The first line is not [`HEADER`].
    #[error("expected the header `{HEADER}`")]
    Header,
    /// A data line does not have exactly five fields.
    #[error("expected 5 comma-separated fields, found {0}")]
    FieldCount(usize),
    /// A numeric field is empty or not a whole number.
    #[error("`{0}` is not a whole number")]
    NotANumber(&'static str),
    /// The status is not `paid`, `refunded` or `pending`.
    #[error("unknown status `{0}`")]
    UnknownStatus(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Paid,
    Refunded,
    Pending,
}

/// One data line, checked.
struct Order<'a> {
    country: &'a str,
    amount_cents: u64,
    status: Status,
}

/// Bytes read from the source at a time. A fixed cost, independent of the export's size.
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// Read the export from `reader` and add it up.
///
/// An empty input gives zero totals. The first line must be [`HEADER`]; every other line
/// must be a valid order, or the whole run fails with the line's number.
pub fn aggregate(reader: impl Read) -> Result<Totals, AggregateError> {
    let mut reader = BufReader::with_capacity(READ_BUFFER_BYTES, reader);
    // One buffer for every line: cleared, never dropped, so it is allocated once and
    // grows only to the longest line.
    let mut buffer = String::new();
    let mut totals = Totals::default();
    let mut line = 0;
    loop {
        buffer.clear();
        if reader.read_line(&mut buffer)? == 0 {
            return Ok(totals);
        }
        line += 1;
        // Only the line ending goes: `\n`, or `\r\n`. A `\r` anywhere else is data, as it
        // is to the shipped `str::lines`.
        let text = match buffer.strip_suffix('\n') {
            Some(text) => text.strip_suffix('\r').unwrap_or(text),
            None => &buffer,
        };
        if line == 1 {
            if text != HEADER {
                return Err(malformed(line, Problem::Header));
            }
            continue;
        }
        let order = parse(text, line)?;
        totals.orders += 1;
        match order.status {
            Status::Paid => {
                totals.paid_cents += order.amount_cents;
                // Look up by `&str` first: a key is allocated once per country, not per row.
                match totals.paid_cents_by_country.get_mut(order.country) {
                    Some(sum) => *sum += order.amount_cents,
                    None => {
                        totals
                            .paid_cents_by_country
                            .insert(order.country.to_owned(), order.amount_cents);
                    }
                }
            }
            Status::Refunded => totals.refunded_cents += order.amount_cents,
            Status::Pending => totals.pending_orders += 1,
        }
    }
}

fn parse(text: &str, line: u64) -> Result<Order<'_>, AggregateError> {
    let mut fields = text.split(',');
    let (Some(order_id), Some(customer_id), Some(country), Some(amount_cents), Some(status), None) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return Err(malformed(
            line,
            Problem::FieldCount(text.split(',').count()),
        ));
    };
    number(order_id, "order_id", line)?;
    number(customer_id, "customer_id", line)?;
    let amount_cents = number(amount_cents, "amount_cents", line)?;
    let status = match status {
        "paid" => Status::Paid,
        "refunded" => Status::Refunded,
        "pending" => Status::Pending,
        other => return Err(malformed(line, Problem::UnknownStatus(other.to_owned()))),
    };
    Ok(Order {
        country,
        amount_cents,
        status,
    })
}

fn number(field: &str, column: &'static str, line: u64) -> Result<u64, AggregateError> {
    field
        .parse::<u32>()
        .map(u64::from)
        .map_err(|_| malformed(line, Problem::NotANumber(column)))
}

fn malformed(line: u64, problem: Problem) -> AggregateError {
    AggregateError::Malformed { line, problem }
}
