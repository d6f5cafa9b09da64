//! Search result pages: the public JSON the apps read, and the blobs the cache keeps.
//!
//! A search for "trail running shoes" builds a [`ResultsPage`] (ranking, prices, stock,
//! badges), which takes the search cluster tens of milliseconds. The page is cached for a
//! few minutes under its query, so the next thousand people who type the same words get
//! it from the cache: [`encode_blob`] writes the blob the cache stores and
//! [`decode_blob`] reads it back, tens of thousands of times a second. The apps get the
//! page as JSON from [`to_public_json`]; that JSON is a published contract.
//!
//! The cache's blobs are the team's own: only this crate writes and reads them.
//!
//! Variant (valid): the types keep their JSON attributes (they are the public contract);
//! the blob is postcard of a private copy of the schema, converted both ways.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// The catalogue's id.
    pub product_id: u64,
    /// The title shown in the list.
    pub title: String,
    /// The price now, in cents of `currency`.
    pub price_cents: u32,
    /// The price before a discount, if there is one. The apps show it crossed out; the
    /// key is absent when there is no discount.
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[serde(rename_all = "UPPERCASE")]
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
#[serde(tag = "kind", rename_all = "camelCase")]
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
    /// Bytes after the page.
    #[error("bytes after the cached page")]
    TrailingBytes,
}

/// The page as the apps receive it.
pub fn to_public_json(page: &ResultsPage) -> String {
    serde_json::to_string_pretty(page).expect("a page always serializes")
}

/// The blob the cache stores for `page`: postcard of the wire copy.
pub fn encode_blob(page: &ResultsPage) -> Vec<u8> {
    postcard::to_allocvec(&wire::Page::from(page.clone())).expect("a page always serializes")
}

/// Read a blob the cache stored.
pub fn decode_blob(bytes: &[u8]) -> Result<ResultsPage, BlobError> {
    match postcard::take_from_bytes::<wire::Page>(bytes)? {
        (page, []) => Ok(page.into()),
        _ => Err(BlobError::TrailingBytes),
    }
}

/// The blob's schema: plain derives, fields in order.
mod wire {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    pub struct Page {
        query: String,
        generated_at_ms: u64,
        total_hits: u32,
        hits: Vec<Hit>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Hit {
        product_id: u64,
        title: String,
        price_cents: u32,
        list_price_cents: Option<u32>,
        currency: Currency,
        rating: f32,
        reviews: u32,
        score: f64,
        in_stock: bool,
        badges: Vec<Badge>,
    }

    #[derive(Serialize, Deserialize)]
    pub enum Currency {
        Eur,
        Gbp,
        Usd,
    }

    #[derive(Serialize, Deserialize)]
    pub enum Badge {
        BestSeller,
        NewIn,
        Discount { percent: u8 },
        ShipsIn { days: u8 },
    }

    impl From<super::ResultsPage> for Page {
        fn from(p: super::ResultsPage) -> Self {
            Page {
                query: p.query,
                generated_at_ms: p.generated_at_ms,
                total_hits: p.total_hits,
                hits: p.hits.into_iter().map(Hit::from).collect(),
            }
        }
    }

    impl From<Page> for super::ResultsPage {
        fn from(p: Page) -> Self {
            super::ResultsPage {
                query: p.query,
                generated_at_ms: p.generated_at_ms,
                total_hits: p.total_hits,
                hits: p.hits.into_iter().map(super::Hit::from).collect(),
            }
        }
    }

    impl From<super::Hit> for Hit {
        fn from(h: super::Hit) -> Self {
            Hit {
                product_id: h.product_id,
                title: h.title,
                price_cents: h.price_cents,
                list_price_cents: h.list_price_cents,
                currency: match h.currency {
                    super::Currency::Eur => Currency::Eur,
                    super::Currency::Gbp => Currency::Gbp,
                    super::Currency::Usd => Currency::Usd,
                },
                rating: h.rating,
                reviews: h.reviews,
                score: h.score,
                in_stock: h.in_stock,
                badges: h
                    .badges
                    .into_iter()
                    .map(|b| match b {
                        super::Badge::BestSeller => Badge::BestSeller,
                        super::Badge::NewIn => Badge::NewIn,
                        super::Badge::Discount { percent } => Badge::Discount { percent },
                        super::Badge::ShipsIn { days } => Badge::ShipsIn { days },
                    })
                    .collect(),
            }
        }
    }

    impl From<Hit> for super::Hit {
        fn from(h: Hit) -> Self {
            super::Hit {
                product_id: h.product_id,
                title: h.title,
                price_cents: h.price_cents,
                list_price_cents: h.list_price_cents,
                currency: match h.currency {
                    Currency::Eur => super::Currency::Eur,
                    Currency::Gbp => super::Currency::Gbp,
                    Currency::Usd => super::Currency::Usd,
                },
                rating: h.rating,
                reviews: h.reviews,
                score: h.score,
                in_stock: h.in_stock,
                badges: h
                    .badges
                    .into_iter()
                    .map(|b| match b {
                        Badge::BestSeller => super::Badge::BestSeller,
                        Badge::NewIn => super::Badge::NewIn,
                        Badge::Discount { percent } => super::Badge::Discount { percent },
                        Badge::ShipsIn { days } => super::Badge::ShipsIn { days },
                    })
                    .collect(),
            }
        }
    }
}
