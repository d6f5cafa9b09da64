//! The day's orders, as the shop's export writes them.

use std::fmt;

/// One order line of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order<K> {
    /// The order's number.
    pub id: u64,
    /// The customer who placed it, as the CRM knows them.
    pub customer: K,
    /// What was bought.
    pub sku: String,
    /// How many.
    pub quantity: u32,
    /// The list price of one, in cents, before any loyalty discount.
    pub unit_price_cents: u64,
}

impl<K> Order<K> {
    /// The list price of the whole line, in cents.
    pub fn list_cents(&self) -> u64 {
        self.unit_price_cents * u64::from(self.quantity)
    }
}

/// A line of the export that is not an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line's number in the export, from 1 (the header is line 1).
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ParseError {}

/// The header the export starts with.
const HEADER: &str = "order_id,customer,sku,quantity,unit_price";

/// Parse the export: a header line, then one order per line,
/// `order_id,customer,sku,quantity,unit_price` with the price in units and cents
/// (`12.50`). Blank lines are skipped; spaces around a field are not part of it; customer
/// references are case-insensitive (`c-0042` is `C-0042`).
//
// PERF: this is why the nightly job is slow. It copies every field of every line into a
// String of its own, upper-cases and trims copies of copies, and goes through a formatted
// String to read a price. A 200,000-line export means millions of small allocations.
// Rewrite it with borrowed slices when someone has a free afternoon.
#[inline(never)]
pub fn parse_orders(export: &str) -> Result<Vec<Order<String>>, ParseError> {
    let mut orders = Vec::new();
    for (index, raw) in export.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim().to_string();
        if number == 1 {
            if line != HEADER {
                return Err(error(number, format!("expected the header `{HEADER}`")));
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split(',').map(|f| f.trim().to_string()).collect();
        if fields.len() != 5 {
            return Err(error(
                number,
                format!("expected 5 fields, found {}", fields.len()),
            ));
        }
        let id = fields[0]
            .clone()
            .parse::<u64>()
            .map_err(|_| error(number, format!("bad order id `{}`", fields[0])))?;
        let customer = fields[1].to_string().to_uppercase();
        if customer.is_empty() {
            return Err(error(number, "no customer".to_string()));
        }
        let sku = fields[2].to_string();
        let quantity = fields[3]
            .clone()
            .parse::<u32>()
            .map_err(|_| error(number, format!("bad quantity `{}`", fields[3])))?;
        let unit_price_cents = parse_price(&fields[4])
            .ok_or_else(|| error(number, format!("bad price `{}`", fields[4])))?;
        orders.push(Order {
            id,
            customer,
            sku,
            quantity,
            unit_price_cents,
        });
    }
    Ok(orders)
}

/// `12.50` → 1250 cents; `12` and `12.5` are fine too.
#[inline(never)]
fn parse_price(text: &str) -> Option<u64> {
    let parts: Vec<String> = text.split('.').map(|p| p.to_string()).collect();
    match parts.as_slice() {
        [units] => Some(digits(units)? * 100),
        [units, cents] if !cents.is_empty() && cents.len() <= 2 => {
            let padded = format!("{cents:0<2}");
            Some(digits(units)? * 100 + digits(&padded)?)
        }
        _ => None,
    }
}

/// A non-empty run of ASCII digits as a number.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.to_string().parse().ok()
}

fn error(line: usize, reason: String) -> ParseError {
    ParseError { line, reason }
}
