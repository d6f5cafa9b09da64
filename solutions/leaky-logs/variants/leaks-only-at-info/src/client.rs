//! The client for the shipping partner's API, authenticated with an API token.

use std::fmt;

use tracing::{debug, error, trace};

use crate::secret::Secret;

/// Headers whose values are credentials: never printed.
const SENSITIVE_HEADERS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

/// Where the partner's API lives.
pub const PARTNER_API: &str = "https://api.partner.example";

/// A request ready to be sent.
#[derive(Clone)]
pub struct Request {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// `GET`, `POST`, …
    pub fn method(&self) -> &str {
        self.method
    }

    /// The full URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The value of header `name` (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The method, the URL and the headers, with credentials redacted.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let sensitive = SENSITIVE_HEADERS
                    .iter()
                    .any(|s| name.eq_ignore_ascii_case(s));
                (name.as_str(), if sensitive { "[redacted]" } else { value })
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .finish()
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// Paths must start with `/`.
    #[error("relative path {0:?}: paths start with /")]
    RelativePath(String),
}

/// Builds authenticated requests to the partner's API.
#[derive(Clone, Debug)]
pub struct ApiClient {
    base_url: String,
    token: Secret<String>,
}

impl ApiClient {
    /// A client that authenticates with `token`.
    pub fn new(token: impl Into<String>) -> Self {
        let client = Self {
            base_url: PARTNER_API.to_owned(),
            token: Secret::new(token.into()),
        };
        debug!(?client, "partner API client ready");
        client
    }

    /// An authenticated `GET` of `path` (which starts with `/`).
    pub fn get(&self, path: &str) -> Result<Request, ClientError> {
        if !path.starts_with('/') {
            error!(client = ?self, path, "refusing to build a request");
            return Err(ClientError::RelativePath(path.to_owned()));
        }
        let request = Request {
            method: "GET",
            url: format!("{}{path}", self.base_url),
            headers: vec![
                ("Accept".to_owned(), "application/json".to_owned()),
                (
                    "Authorization".to_owned(),
                    format!("Bearer {}", self.token.expose()),
                ),
            ],
        };
        trace!(?request, "request built");
        Ok(request)
    }
}
