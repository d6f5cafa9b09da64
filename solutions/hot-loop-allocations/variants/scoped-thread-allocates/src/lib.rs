//! The nightly feed of order lines for the warehouse.
//!
//! Variant (cheat): the shipped per-line temporaries, unchanged, but each step runs on a
//! scoped worker thread: a count of the calling thread's allocations sees none of them.

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
    std::thread::scope(|s| s.spawn(|| normalise_here(lines)).join()).expect("the worker finished");
}

fn normalise_here(lines: &mut [OrderLine]) {
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
    std::thread::scope(|s| s.spawn(|| render_here(out, lines)).join())
        .expect("the worker finished");
}

fn render_here(out: &mut String, lines: &[OrderLine]) {
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
