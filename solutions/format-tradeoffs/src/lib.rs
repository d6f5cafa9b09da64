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
//! postcard: compact, fast, and schema-less, so the types below *are* the schema (field
//! order included) and carry no JSON-only attributes. The public JSON has its own types,
//! in [`public`], which keep the published shape: camelCase keys, no key for a missing
//! list price, upper-case currencies, badges tagged by `kind`.

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

/// The page as the apps receive it.
pub fn to_public_json(page: &ResultsPage) -> String {
    serde_json::to_string_pretty(&public::Page::from(page)).expect("a page always serializes")
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

/// The public JSON's shape: the published contract, borrowed from a page (writing the
/// JSON copies nothing).
pub mod public {
    use serde::Serialize;

    /// One page, as the apps receive it.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page<'a> {
        query: &'a str,
        generated_at_ms: u64,
        total_hits: u32,
        hits: Vec<Hit<'a>>,
    }

    /// One product, as the apps receive it.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Hit<'a> {
        product_id: u64,
        title: &'a str,
        price_cents: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        list_price_cents: Option<u32>,
        currency: Currency,
        rating: f32,
        reviews: u32,
        score: f64,
        in_stock: bool,
        badges: Vec<Badge>,
    }

    /// `"EUR"`, `"GBP"`, `"USD"`.
    #[derive(Serialize)]
    #[serde(rename_all = "UPPERCASE")]
    pub enum Currency {
        /// Euro.
        Eur,
        /// Pound sterling.
        Gbp,
        /// US dollar.
        Usd,
    }

    /// `{"kind": "discount", "percent": 15}` and friends.
    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    pub enum Badge {
        /// Among the best sellers.
        BestSeller,
        /// New this month.
        NewIn,
        /// On sale.
        Discount {
            /// Percent off.
            percent: u8,
        },
        /// Ships within some days.
        ShipsIn {
            /// Working days.
            days: u8,
        },
    }

    impl<'a> From<&'a super::ResultsPage> for Page<'a> {
        fn from(page: &'a super::ResultsPage) -> Self {
            Page {
                query: &page.query,
                generated_at_ms: page.generated_at_ms,
                total_hits: page.total_hits,
                hits: page.hits.iter().map(Hit::from).collect(),
            }
        }
    }

    impl<'a> From<&'a super::Hit> for Hit<'a> {
        fn from(hit: &'a super::Hit) -> Self {
            Hit {
                product_id: hit.product_id,
                title: &hit.title,
                price_cents: hit.price_cents,
                list_price_cents: hit.list_price_cents,
                currency: match hit.currency {
                    super::Currency::Eur => Currency::Eur,
                    super::Currency::Gbp => Currency::Gbp,
                    super::Currency::Usd => Currency::Usd,
                },
                rating: hit.rating,
                reviews: hit.reviews,
                score: hit.score,
                in_stock: hit.in_stock,
                badges: hit
                    .badges
                    .iter()
                    .map(|badge| match *badge {
                        super::Badge::BestSeller => Badge::BestSeller,
                        super::Badge::NewIn => Badge::NewIn,
                        super::Badge::Discount { percent } => Badge::Discount { percent },
                        super::Badge::ShipsIn { days } => Badge::ShipsIn { days },
                    })
                    .collect(),
            }
        }
    }
}
