//! The order API's front door: route each request, call the order store, answer, and
//! report how it went.
//!
//! The store is a seam ([`Store`]) and so is the clock (`kata_toolkit::clock::Clock`):
//! production plugs in the real database client and `SystemClock`, the tests plug in a
//! scripted store and virtual time.
//!
//! How it went is a metric, not a log line. Every request adds one to the counter
//! `http_requests_total{route, status}` and one sample, in seconds, to the histogram
//! `http_request_duration_seconds{route}`, through the `metrics` facade: whichever
//! recorder the process installs (a Prometheus exporter in production) aggregates them,
//! and the dashboards query rates and percentiles instead of parsing text. The labels are
//! the route's pattern, never the raw path, so the number of series stays fixed however
//! many orders there are.
//!
//! Variant (partial): every metric handle cached in a process-wide static, so it keeps
//! reporting to the recorder that was current when it was first registered.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use kata_toolkit::clock::Clock;
use metrics::{Counter, Histogram, counter, histogram};
use tracing::warn;

/// Requests served, by `route` (the route's pattern) and `status`.
pub const REQUESTS_TOTAL: &str = "http_requests_total";
/// Time to serve a request, in seconds, by `route`.
pub const REQUEST_DURATION: &str = "http_request_duration_seconds";

/// An HTTP method (the two this API serves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Post => "POST",
        })
    }
}

/// A request, as the HTTP layer hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path, e.g. `/orders/42`.
    pub path: String,
    /// The body (the item to order, for `POST /orders`).
    pub body: String,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The body.
    pub body: String,
}

/// The order store could not be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("order store unavailable")]
pub struct StoreDown;

/// The order store.
pub trait Store {
    /// Whether the store answers at all.
    fn ping(&self) -> Result<(), StoreDown>;
    /// The order with this id, if there is one.
    fn find(&self, id: u64) -> Result<Option<String>, StoreDown>;
    /// Store a new order for `item`; its id.
    fn create(&self, item: &str) -> Result<u64, StoreDown>;
}

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `GET /health`
    Health,
    /// `GET /orders/{id}`
    GetOrder(u64),
    /// `POST /orders`
    CreateOrder,
    /// Anything else.
    Unmatched,
}

impl Route {
    /// The route a request asks for.
    pub fn of(method: Method, path: &str) -> Route {
        match (method, path) {
            (Method::Get, "/health") => Route::Health,
            (Method::Post, "/orders") => Route::CreateOrder,
            (Method::Get, _) => match path.strip_prefix("/orders/").map(str::parse) {
                Some(Ok(id)) => Route::GetOrder(id),
                _ => Route::Unmatched,
            },
            _ => Route::Unmatched,
        }
    }

    /// The route's pattern, the same for every request it serves: `/health`,
    /// `/orders/{id}`, `/orders`, or `unmatched`.
    pub fn pattern(&self) -> &'static str {
        match self {
            Route::Health => "/health",
            Route::GetOrder(_) => "/orders/{id}",
            Route::CreateOrder => "/orders",
            Route::Unmatched => "unmatched",
        }
    }
}

/// Every handle, registered once for the whole process.
#[allow(clippy::type_complexity)]
static HANDLES: Mutex<BTreeMap<(&'static str, u16), (Counter, Histogram)>> =
    Mutex::new(BTreeMap::new());

/// Serves requests against a store, timing each on the clock it is given.
pub struct Server<S, C> {
    store: S,
    clock: C,
}

impl<S: Store, C: Clock> Server<S, C> {
    /// A server over `store`, timing requests on `clock`.
    pub fn new(store: S, clock: C) -> Self {
        Self { store, clock }
    }

    /// Answer one request.
    pub fn handle(&self, request: &Request) -> Response {
        let started = self.clock.now();
        let route = Route::of(request.method, &request.path);
        let response = match self.serve(route, request) {
            Ok(response) => response,
            Err(e) => {
                // A failure is still worth a line: someone may need to read why.
                warn!(error = %e, path = %request.path, "order store failed");
                answer(503, "try again later")
            }
        };
        let elapsed = self.clock.now() - started;
        let pattern = route.pattern();
        let mut handles = HANDLES.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, duration) = handles
            .entry((pattern, response.status))
            .or_insert_with(|| {
                (
                    counter!(REQUESTS_TOTAL, "route" => pattern, "status" => response.status.to_string()),
                    histogram!(REQUEST_DURATION, "route" => pattern),
                )
            });
        count.increment(1);
        duration.record(elapsed.as_secs_f64());
        response
    }

    fn serve(&self, route: Route, request: &Request) -> Result<Response, StoreDown> {
        Ok(match route {
            Route::Health => {
                self.store.ping()?;
                answer(200, "ok")
            }
            Route::GetOrder(id) => match self.store.find(id)? {
                Some(order) => answer(200, &order),
                None => answer(404, "no such order"),
            },
            Route::CreateOrder => {
                let id = self.store.create(&request.body)?;
                answer(201, &id.to_string())
            }
            Route::Unmatched => answer(404, "not found"),
        })
    }
}

fn answer(status: u16, body: &str) -> Response {
    Response {
        status,
        body: body.to_owned(),
    }
}
