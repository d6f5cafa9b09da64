//! The nightly feed of order lines for the warehouse.
//!
//! Variant: the solution's per-line code, but no `reserve`: the output `String` grows by
//! doubling as it fills, a few dozen reallocations for a whole batch, none per line.

use std::fmt::Write;

/// One line of an order, as the shop stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderLine {
    /// The order this line belongs to.
    pub order_id: u64,
    /// The stock-keeping unit, ASCII (letters, digits, `-`).
    pub sku: String,
    /// The product title as shown to customers; may contain any text.
    pub title: String,
    /// Items ordered.
    pub quantity: u32,
    /// Price of one item, in cents.
    pub unit_price_cents: u64,
    /// Free-form labels (`gift`, `fragile`, …).
    pub tags: Vec<String>,
}

impl OrderLine {
    /// Quantity times unit price, in cents.
    pub fn total_cents(&self) -> u64 {
        u64::from(self.quantity) * self.unit_price_cents
    }
}

/// Tidy the lines in place: each title loses leading and trailing whitespace; each tag is
/// trimmed and ASCII-lower-cased, and empty or repeated tags are dropped (the first
/// occurrence stays, in order).
pub fn normalise(lines: &mut [OrderLine]) {
    for line in lines.iter_mut() {
        trim_in_place(&mut line.title);
        let tags = &mut line.tags;
        for tag in tags.iter_mut() {
            trim_in_place(tag);
            tag.make_ascii_lowercase();
        }
        // Drop empties and repeats without a second list: a line has a few tags, so
        // looking back over the ones kept is cheaper than hashing them.
        let mut i = 0;
        while i < tags.len() {
            if tags[i].is_empty() || tags[..i].contains(&tags[i]) {
                tags.remove(i);
            } else {
                i += 1;
            }
        }
    }
}

/// Remove leading and trailing whitespace without a new allocation.
fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
}

/// The feed for `lines`, one text line each.
pub fn render(lines: &[OrderLine]) -> String {
    let mut out = String::new();
    render_into(&mut out, lines);
    out
}

/// Append the feed for `lines` to `out`, one text line each:
/// `order id;SKU;title;quantity;unit price;line total;tags`, where the SKU is
/// ASCII-upper-cased, a `;` in the title becomes `,` and a line break in it a space,
/// prices are written as `12.34`, and tags are joined with `|`.
pub fn render_into(out: &mut String, lines: &[OrderLine]) {
    for line in lines {
        // Writing to a String cannot fail: `fmt::Write for String` only appends.
        let _ = write!(out, "{};", line.order_id);
        out.extend(line.sku.chars().map(|c| c.to_ascii_uppercase()));
        out.push(';');
        out.extend(line.title.chars().map(|c| match c {
            ';' => ',',
            '\n' | '\r' => ' ',
            c => c,
        }));
        let _ = write!(out, ";{};", line.quantity);
        write_money(out, line.unit_price_cents);
        out.push(';');
        write_money(out, line.total_cents());
        out.push(';');
        for (i, tag) in line.tags.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(tag);
        }
        out.push('\n');
    }
}

/// Append cents as `12.34`.
fn write_money(out: &mut String, cents: u64) {
    let _ = write!(out, "{}.{:02}", cents / 100, cents % 100);
}
