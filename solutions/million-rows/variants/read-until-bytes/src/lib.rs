//! Daily revenue totals from the orders export.
//!
//! Variant: each line is read with `read_until` into one reused `Vec<u8>` through the
//! default 8 KiB `BufReader`, checked as UTF-8 where it lies, and its fields split into a
//! fixed array; nothing is allocated per row.

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

/// Read the export from `reader` and add it up.
///
/// An empty input gives zero totals. The first line must be [`HEADER`]; every other line
/// must be a valid order, or the whole run fails with the line's number.
pub fn aggregate(reader: impl Read) -> Result<Totals, AggregateError> {
    let mut reader = BufReader::new(reader);
    let mut bytes: Vec<u8> = Vec::new();
    let mut totals = Totals::default();
    let mut line = 0;
    loop {
        bytes.clear();
        if reader.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(totals);
        }
        line += 1;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        take_line(&mut totals, text, line)?;
    }
}

/// One line without its line break: checked against the header on line 1, else added.
fn take_line(totals: &mut Totals, text: &str, line: u64) -> Result<(), AggregateError> {
    // Only `\n` or `\r\n` ends a line; a `\r` anywhere else is data.
    let text = match text.strip_suffix('\n') {
        Some(text) => text.strip_suffix('\r').unwrap_or(text),
        None => text,
    };
    if line == 1 {
        return if text == HEADER {
            Ok(())
        } else {
            Err(malformed(line, Problem::Header))
        };
    }
    add(totals, parse(text, line)?);
    Ok(())
}

/// Add one checked order to the totals.
fn add(totals: &mut Totals, order: Order<'_>) {
    totals.orders += 1;
    match order.status {
        Status::Paid => {
            totals.paid_cents += order.amount_cents;
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

fn parse(text: &str, line: u64) -> Result<Order<'_>, AggregateError> {
    let mut fields = [""; 5];
    let mut count = 0;
    for field in text.split(',') {
        if let Some(slot) = fields.get_mut(count) {
            *slot = field;
        }
        count += 1;
    }
    if count != 5 {
        return Err(malformed(line, Problem::FieldCount(count)));
    }
    let [order_id, customer_id, country, amount_cents, status] = fields;
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
        .parse()
        .map_err(|_| malformed(line, Problem::NotANumber(column)))
}

fn malformed(line: u64, problem: Problem) -> AggregateError {
    AggregateError::Malformed { line, problem }
}
