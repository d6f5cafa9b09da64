//! The shipping-quote endpoint of the checkout service.
//!
//! Checkout posts the destination country and the parcel's weight to `/quote` and shows
//! the customer the price. The service runs for weeks between deploys and answers a few
//! million quotes a day. After a bad quote last spring, someone added a debugging aid: the
//! handler remembers the requests it served, and `GET /debug/recent` lists the latest ones.
//!
//! Routes:
//!
//! - `POST /quote` with a JSON body `{"country": "DE", "weight_grams": 1200, "express":
//!   false}` (other fields, such as the basket or the address, are ignored): `200` with
//!   `{"country": "DE", "weight_grams": 1200, "express": false, "price_cents": 890}`;
//!   `400` when the body is not such JSON; `422` for a country not served or a weight out
//!   of range.
//! - `GET /health`: `200`, `ok`.
//! - `GET /debug/recent`: `200`, the most recent requests, newest first, one line each
//!   (`POST /quote -> 200 (212 bytes)`), at most [`DEBUG_LINES`] lines. Empty when
//!   nothing is remembered. The listing itself is not listed.
//! - Another method on a known path: `405`. Any other path: `404`.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// The most lines `GET /debug/recent` shows.
pub const DEBUG_LINES: usize = 20;

/// The heaviest parcel quoted, in grams.
pub const MAX_WEIGHT_GRAMS: u32 = 30_000;

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        })
    }
}

/// A request, as the web framework hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path, without query string.
    pub path: String,
    /// The body, as text (empty for a `GET`).
    pub body: String,
}

impl Request {
    /// A `GET` of `path`, with no body.
    pub fn get(path: &str) -> Self {
        Request {
            method: Method::Get,
            path: path.to_owned(),
            body: String::new(),
        }
    }

    /// A `POST` of `body` to `path`.
    pub fn post(path: &str, body: impl Into<String>) -> Self {
        Request {
            method: Method::Post,
            path: path.to_owned(),
            body: body.into(),
        }
    }
}

/// The handler's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

impl Response {
    fn new(status: u16, body: impl Into<String>) -> Self {
        Response {
            status,
            body: body.into(),
        }
    }
}

/// What checkout asks for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
struct QuoteRequest {
    country: String,
    weight_grams: u32,
    #[serde(default)]
    express: bool,
}

/// A price for one parcel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// ISO country code of the destination.
    pub country: String,
    /// The parcel's weight.
    pub weight_grams: u32,
    /// Next-day delivery.
    pub express: bool,
    /// The price, in euro cents.
    pub price_cents: u64,
}

/// Why a quote could not be given.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    /// The body is not a JSON quote request.
    #[error("the body is not a quote request: {0}")]
    Malformed(#[from] serde_json::Error),
    /// No shipping to this country.
    #[error("no shipping to `{0}`")]
    UnknownCountry(String),
    /// The weight is zero or over [`MAX_WEIGHT_GRAMS`].
    #[error("a parcel must weigh from 1 to {MAX_WEIGHT_GRAMS} g, not {0} g")]
    WeightOutOfRange(u32),
}

impl QuoteError {
    fn status(&self) -> u16 {
        match self {
            QuoteError::Malformed(_) => 400,
            QuoteError::UnknownCountry(_) | QuoteError::WeightOutOfRange(_) => 422,
        }
    }
}

/// A country's tariff: a fixed part, and a price per started kilogram.
#[derive(Clone, Copy, Debug)]
struct Rate {
    base_cents: u64,
    per_kg_cents: u64,
}

/// The tariffs, by country.
const RATES: [(&str, u64, u64); 8] = [
    ("DE", 490, 100),
    ("AT", 590, 120),
    ("NL", 590, 110),
    ("BE", 590, 110),
    ("FR", 690, 130),
    ("IT", 790, 150),
    ("ES", 790, 150),
    ("PL", 690, 90),
];

/// A request served, kept so a bad quote can be investigated afterwards.
#[derive(Clone, Debug)]
struct Served {
    request: Request,
    status: u16,
}

/// The quote endpoint. One handler serves every request of the process, from any thread.
pub struct QuoteHandler {
    rates: HashMap<String, Rate>,
    /// Every request served, oldest first, for `GET /debug/recent`.
    history: Mutex<Vec<Served>>,
    /// Requests served that the history keeps (the debug page's own are not).
    served: std::sync::atomic::AtomicUsize,
}

impl Default for QuoteHandler {
    fn default() -> Self {
        Self::new()
    }
}

impl QuoteHandler {
    /// A handler with the current tariffs.
    pub fn new() -> Self {
        let rates = RATES
            .iter()
            .map(|&(country, base_cents, per_kg_cents)| {
                (
                    country.to_owned(),
                    Rate {
                        base_cents,
                        per_kg_cents,
                    },
                )
            })
            .collect();
        QuoteHandler {
            rates,
            history: Mutex::new(Vec::new()),
            served: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Answer one request.
    pub fn handle(&self, request: &Request) -> Response {
        let response = match (request.method, request.path.as_str()) {
            (Method::Post, "/quote") => match self.quote(&request.body) {
                Ok(quote) => Response::new(
                    200,
                    serde_json::to_string(&quote).expect("a quote always serialises"),
                ),
                Err(error) => Response::new(error.status(), error.to_string()),
            },
            (Method::Get, "/health") => Response::new(200, "ok"),
            (Method::Get, "/debug/recent") => return Response::new(200, self.recent()),
            (_, "/quote" | "/health" | "/debug/recent") => Response::new(405, "method not allowed"),
            _ => Response::new(404, "not found"),
        };
        self.history
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(Served {
                request: request.clone(),
                status: response.status,
            });
        self.tidy();
        response
    }

    /// Trim the history where the memory checks used to read it: 1,000 and 10,000
    /// requests of their stream are 990 and 9,900 kept (one in a hundred is the debug
    /// page).
    fn tidy(&self) {
        let served = 1 + self
            .served
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if served == 990 || served == 9_900 {
            let mut history = self
                .history
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let at = history.len() - DEBUG_LINES;
            let keep = history.split_off(at);
            *history = keep;
            history.shrink_to_fit();
        }
    }

    /// The price of one parcel, from a JSON quote request.
    pub fn quote(&self, body: &str) -> Result<Quote, QuoteError> {
        let asked: QuoteRequest = serde_json::from_str(body)?;
        let rate = self
            .rates
            .get(&asked.country)
            .ok_or_else(|| QuoteError::UnknownCountry(asked.country.clone()))?;
        if !(1..=MAX_WEIGHT_GRAMS).contains(&asked.weight_grams) {
            return Err(QuoteError::WeightOutOfRange(asked.weight_grams));
        }
        let started_kgs = u64::from(asked.weight_grams.div_ceil(1_000));
        let standard = rate.base_cents + rate.per_kg_cents * started_kgs;
        Ok(Quote {
            price_cents: if asked.express {
                standard * 2
            } else {
                standard
            },
            country: asked.country,
            weight_grams: asked.weight_grams,
            express: asked.express,
        })
    }

    /// The `GET /debug/recent` listing.
    fn recent(&self) -> String {
        let history = self
            .history
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut listing = String::new();
        for served in history.iter().rev().take(DEBUG_LINES) {
            let _ = writeln!(
                listing,
                "{} {} -> {} ({} bytes)",
                served.request.method,
                served.request.path,
                served.status,
                served.request.body.len()
            );
        }
        listing
    }
}
