//! The nightly feed of order lines for the warehouse.
//!
//! Variant (partial): one `write!` per line, but its arguments still build an upper-cased
//! SKU, a cleaned title and two prices as owned strings, and each tag is replaced by a fresh
//! lower-cased copy: the temporaries moved into the arguments, they did not go away.

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
        line.title = line.title.trim().to_string();
        line.tags.retain_mut(|tag| {
            *tag = tag.trim().to_ascii_lowercase();
            !tag.is_empty()
        });
        let mut i = 0;
        while i < line.tags.len() {
            if line.tags[..i].contains(&line.tags[i]) {
                line.tags.remove(i);
            } else {
                i += 1;
            }
        }
    }
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
    use std::fmt::Write;
    for line in lines {
        let _ = write!(
            out,
            "{};{};{};{};{};{};",
            line.order_id,
            line.sku.to_ascii_uppercase(),
            clean_title(&line.title),
            line.quantity,
            money(line.unit_price_cents),
            money(line.total_cents()),
        );
        for (i, tag) in line.tags.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(tag);
        }
        out.push('\n');
    }
}

/// A title that cannot break the feed's fields or lines.
fn clean_title(title: &str) -> String {
    title.replace(';', ",").replace(['\n', '\r'], " ")
}

/// Cents as `12.34`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
