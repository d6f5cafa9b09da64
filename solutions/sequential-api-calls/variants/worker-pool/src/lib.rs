//! Supplier price quotes for the basket page.
//!
//! Variant: `max_in_flight` worker tasks share the one connection; each takes the next sku
//! from a shared counter, quotes it (with retries) and stores the answer at its index, until
//! the basket is done. The first error ends the fetch, cancelling the other workers.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;

/// A price, as the supplier quotes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The item quoted.
    pub sku: u64,
    /// Its price today, in cents.
    pub price_cents: u64,
}

/// Why one call to the supplier failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The supplier is overloaded or restarting: the same call may work a moment later.
    #[error("the supplier API is unavailable, try again later")]
    Unavailable,
    /// The supplier does not sell this item: asking again will not help.
    #[error("the supplier does not know sku {0}")]
    UnknownSku(u64),
}

impl CallError {
    /// Whether the same call may succeed if made again.
    pub fn is_transient(&self) -> bool {
        matches!(self, CallError::Unavailable)
    }
}

/// A connection to the supplier's API. Building one is expensive (a TLS handshake, a
/// login); a built one can serve many calls, several at once.
pub trait SupplierApi: Send + Sync + 'static {
    /// Today's price for `sku`.
    fn quote(&self, sku: u64) -> impl Future<Output = Result<Quote, CallError>> + Send;
}

/// How often to try a call that fails with a transient error, and how long to wait in
/// between: `first_backoff` before the first retry, then twice as long before each next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// The wait before the first retry.
    pub first_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            first_backoff: Duration::from_millis(100),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first retry).
    pub fn backoff(&self, retry: u32) -> Duration {
        self.first_backoff * 2u32.pow(retry.saturating_sub(1))
    }
}

/// How the fetcher treats the supplier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The most calls in flight at once (the supplier's limit per account). 0 counts as 1.
    pub max_in_flight: usize,
    /// Retries for transient failures.
    pub retry: RetryPolicy,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_in_flight: 4,
            retry: RetryPolicy::default(),
        }
    }
}

/// No quote could be had for an item.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("no quote for sku {sku} after {attempts} attempt(s)")]
pub struct QuoteError {
    /// The item.
    pub sku: u64,
    /// Calls made for it before giving up.
    pub attempts: u32,
    /// The last call's error.
    #[source]
    pub source: CallError,
}

/// Fetches the quotes for a basket.
pub struct QuoteFetcher<A> {
    api: Arc<A>,
    config: Config,
}

impl<A: SupplierApi> QuoteFetcher<A> {
    /// A fetcher that connects to the supplier once, with `connect`, and reuses that
    /// connection for every call it makes.
    pub fn new<F>(connect: F, config: Config) -> Self
    where
        F: Fn() -> A,
    {
        Self {
            api: Arc::new(connect()),
            config,
        }
    }

    /// The settings it was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A quote for every sku, in the order given. Fails if any item cannot be quoted.
    pub async fn quotes(&self, skus: &[u64]) -> Result<Vec<Quote>, QuoteError> {
        let basket: Arc<[u64]> = skus.into();
        let next = Arc::new(AtomicUsize::new(0));
        let answers = Arc::new(Mutex::new(vec![None; skus.len()]));
        let mut workers = JoinSet::new();
        for _ in 0..self.config.max_in_flight.max(1).min(skus.len()) {
            let (api, basket, next, answers) = (
                Arc::clone(&self.api),
                Arc::clone(&basket),
                Arc::clone(&next),
                Arc::clone(&answers),
            );
            let retry = self.config.retry.clone();
            workers.spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&sku) = basket.get(index) else {
                        return Ok(());
                    };
                    let quote = quote_with_retry(&*api, sku, &retry).await?;
                    answers.lock().expect("not poisoned")[index] = Some(quote);
                }
            });
        }
        while let Some(joined) = workers.join_next().await {
            joined.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))?;
        }
        let answers = std::mem::take(&mut *answers.lock().expect("not poisoned"));
        Ok(answers.into_iter().flatten().collect())
    }
}

/// Call until the supplier answers, the error is permanent, or the attempts run out.
async fn quote_with_retry<A: SupplierApi>(
    api: &A,
    sku: u64,
    retry: &RetryPolicy,
) -> Result<Quote, QuoteError> {
    let mut attempt = 1;
    loop {
        match api.quote(sku).await {
            Ok(quote) => return Ok(quote),
            Err(error) if error.is_transient() && attempt < retry.max_attempts => {
                tokio::time::sleep(retry.backoff(attempt)).await;
                attempt += 1;
            }
            Err(source) => {
                return Err(QuoteError {
                    sku,
                    attempts: attempt,
                    source,
                });
            }
        }
    }
}
