//! Search result pages: the public JSON the apps read, and the blobs the cache keeps.
//!
//! A search for "trail running shoes" builds a [`ResultsPage`] (ranking, prices, stock,
//! badges), which takes the search cluster tens of milliseconds. The page is cached for a
//! few minutes under its query, so the next thousand people who type the same words get
//! it from the cache: [`encode_blob`] writes the blob the cache stores and
//! [`decode_blob`] reads it back, tens of thousands of times a second. The apps get the
//! page as JSON from [`to_public_json`]; that JSON is a published contract.
//!
//! The cache's blobs are the team's own: only this crate writes and reads them. They are
//! postcard: the types below are the schema and carry no JSON-only attributes.
//!
//! Variant (valid): the public JSON built by hand in [`to_public_json`].

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsPage {
    /// The query, as typed.
    pub query: String,
    /// When the page was built, in milliseconds since 1970.
    pub generated_at_ms: u64,
    /// Hits in the whole result set; the page holds the first few.
    pub total_hits: u32,
    /// The hits on this page, best first.
    pub hits: Vec<Hit>,
}

/// One product in the results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The catalogue's id.
    pub product_id: u64,
    /// The title shown in the list.
    pub title: String,
    /// The price now, in cents of `currency`.
    pub price_cents: u32,
    /// The price before a discount, if there is one. The apps show it crossed out; the
    /// key is absent from the public JSON when there is no discount.
    pub list_price_cents: Option<u32>,
    /// The currency of both prices.
    pub currency: Currency,
    /// The average rating, 0 to 5.
    pub rating: f32,
    /// How many reviews the rating averages.
    pub reviews: u32,
    /// The ranking score the page was sorted by.
    pub score: f64,
    /// Whether it can be bought now.
    pub in_stock: bool,
    /// The badges on the product's tile.
    pub badges: Vec<Badge>,
}

/// A currency, written `"EUR"`, `"GBP"` or `"USD"` in the public JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Currency {
    /// Euro.
    Eur,
    /// Pound sterling.
    Gbp,
    /// US dollar.
    Usd,
}

/// A badge on a product's tile, written `{"kind": "discount", "percent": 15}` in the
/// public JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Badge {
    /// Among the best sellers of its category.
    BestSeller,
    /// New this month.
    NewIn,
    /// On sale.
    Discount {
        /// Percent off the list price.
        percent: u8,
    },
    /// Ships within some days.
    ShipsIn {
        /// Working days.
        days: u8,
    },
}

/// A cached blob that could not be read.
#[derive(Debug, Error)]
pub enum BlobError {
    /// The bytes are not a page.
    #[error("not a cached results page: {0}")]
    Malformed(#[from] postcard::Error),
    /// A page, followed by bytes that are not part of it.
    #[error("{0} bytes after the cached page")]
    TrailingBytes(usize),
}

/// The page as the apps receive it, built key by key as a `serde_json::Value`.
pub fn to_public_json(page: &ResultsPage) -> String {
    use serde_json::{Map, Value, json};
    let hits: Vec<Value> = page
        .hits
        .iter()
        .map(|h| {
            let mut hit = Map::new();
            hit.insert("productId".into(), json!(h.product_id));
            hit.insert("title".into(), json!(h.title));
            hit.insert("priceCents".into(), json!(h.price_cents));
            if let Some(list) = h.list_price_cents {
                hit.insert("listPriceCents".into(), json!(list));
            }
            let currency = match h.currency {
                Currency::Eur => "EUR",
                Currency::Gbp => "GBP",
                Currency::Usd => "USD",
            };
            hit.insert("currency".into(), json!(currency));
            // `json!(h.rating)` would widen the f32 to f64 and print 3.9 as
            // 3.9000000953674316; the contract prints the f32's own shortest form.
            let rating: f64 = h.rating.to_string().parse().expect("a float's own text");
            hit.insert("rating".into(), json!(rating));
            hit.insert("reviews".into(), json!(h.reviews));
            hit.insert("score".into(), json!(h.score));
            hit.insert("inStock".into(), json!(h.in_stock));
            let badges: Vec<Value> = h
                .badges
                .iter()
                .map(|b| match *b {
                    Badge::BestSeller => json!({ "kind": "bestSeller" }),
                    Badge::NewIn => json!({ "kind": "newIn" }),
                    Badge::Discount { percent } => {
                        json!({ "kind": "discount", "percent": percent })
                    }
                    Badge::ShipsIn { days } => json!({ "kind": "shipsIn", "days": days }),
                })
                .collect();
            hit.insert("badges".into(), Value::Array(badges));
            Value::Object(hit)
        })
        .collect();
    json!({
        "query": page.query,
        "generatedAtMs": page.generated_at_ms,
        "totalHits": page.total_hits,
        "hits": hits,
    })
    .to_string()
}

/// The blob the cache stores for `page`: postcard, about a quarter of the page's size
/// as compact JSON. (`postcard::from_bytes::<ResultsPage>` in a debugger or a test reads
/// a cache entry back.)
pub fn encode_blob(page: &ResultsPage) -> Vec<u8> {
    postcard::to_allocvec(page).expect("a page always serializes")
}

/// Read a blob the cache stored.
pub fn decode_blob(bytes: &[u8]) -> Result<ResultsPage, BlobError> {
    match postcard::take_from_bytes(bytes)? {
        (page, []) => Ok(page),
        (_, rest) => Err(BlobError::TrailingBytes(rest.len())),
    }
}
