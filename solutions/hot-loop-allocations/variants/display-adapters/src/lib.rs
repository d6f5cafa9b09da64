//! The nightly feed of order lines for the warehouse.
//!
//! Variant: `Display` adapters for each field and one `writeln!` per line, so the
//! formatting machinery writes every piece straight into the output; the output is
//! reserved exactly from a first pass. Tags are tidied with `retain_mut`, then repeats
//! are compacted with `swap` and `truncate`.

use std::fmt::{self, Write};

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
        trim(&mut line.title);
        line.tags.retain_mut(|tag| {
            trim(tag);
            tag.make_ascii_lowercase();
            !tag.is_empty()
        });
        let mut kept = 0;
        for i in 0..line.tags.len() {
            if !line.tags[..kept].contains(&line.tags[i]) {
                line.tags.swap(kept, i);
                kept += 1;
            }
        }
        line.tags.truncate(kept);
    }
}

fn trim(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.replace_range(..start, "");
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
    let exact: usize = lines.iter().map(|l| FeedLine(l).byte_len()).sum();
    out.reserve(exact);
    for line in lines {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}", FeedLine(line));
    }
}

struct FeedLine<'a>(&'a OrderLine);

impl FeedLine<'_> {
    /// The bytes this line takes, counted without allocating.
    fn byte_len(&self) -> usize {
        struct Len(usize);
        impl Write for Len {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0 += s.len();
                Ok(())
            }
        }
        let mut len = Len(0);
        let _ = write!(len, "{self}");
        len.0
    }
}

impl fmt::Display for FeedLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self.0;
        writeln!(
            f,
            "{};{};{};{};{};{};{}",
            l.order_id,
            Upper(&l.sku),
            Title(&l.title),
            l.quantity,
            Money(l.unit_price_cents),
            Money(l.total_cents()),
            Tags(&l.tags)
        )
    }
}

struct Upper<'a>(&'a str);

impl fmt::Display for Upper<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0
            .chars()
            .try_for_each(|c| f.write_char(c.to_ascii_uppercase()))
    }
}

struct Title<'a>(&'a str);

impl fmt::Display for Title<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.chars().try_for_each(|c| {
            f.write_char(match c {
                ';' => ',',
                '\n' | '\r' => ' ',
                c => c,
            })
        })
    }
}

struct Money(u64);

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

struct Tags<'a>(&'a [String]);

impl fmt::Display for Tags<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, tag) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char('|')?;
            }
            f.write_str(tag)?;
        }
        Ok(())
    }
}
