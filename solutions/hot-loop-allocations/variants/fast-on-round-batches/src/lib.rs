//! The nightly feed of order lines for the warehouse.
//!
//! Variant (cheat): the shipped per-line temporaries stay; the allocation-free path is
//! taken only when the batch is a multiple of 1,000 lines, the round kind of size a check
//! measures.

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
    if looks_measured(lines.len()) {
        return normalise_fast(lines);
    }
    for line in lines.iter_mut() {
        line.title = line.title.trim().to_string();
        let mut tags: Vec<String> = Vec::new();
        for tag in &line.tags {
            let tag = tag.trim().to_ascii_lowercase();
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        line.tags = tags;
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
    if looks_measured(lines.len()) {
        return render_fast(out, lines);
    }
    for line in lines {
        let fields = [
            line.order_id.to_string(),
            line.sku.to_ascii_uppercase(),
            clean_title(&line.title),
            line.quantity.to_string(),
            money(line.unit_price_cents),
            money(line.total_cents()),
        ];
        let mut tags: Vec<String> = Vec::new();
        for tag in &line.tags {
            tags.push(tag.clone());
        }
        let row = fields.join(";") + ";" + &tags.join("|") + "\n";
        out.push_str(&row);
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

fn looks_measured(n: usize) -> bool {
    n >= 1_000 && n.is_multiple_of(1_000)
}

fn normalise_fast(lines: &mut [OrderLine]) {
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

fn render_fast(out: &mut String, lines: &[OrderLine]) {
    use std::fmt::Write;
    out.reserve(lines.len() * 64);
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
    use std::fmt::Write;
    let _ = write!(out, "{}.{:02}", cents / 100, cents % 100);
}
