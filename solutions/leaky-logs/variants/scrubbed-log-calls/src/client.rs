//! The client for the shipping partner's API, authenticated with an API token.

use tracing::{debug, error, trace};

/// Where the partner's API lives.
pub const PARTNER_API: &str = "https://api.partner.example";

/// A request ready to be sent.
#[derive(Clone, Debug)]
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
    token: String,
}

impl ApiClient {
    /// A client that authenticates with `token`.
    pub fn new(token: impl Into<String>) -> Self {
        let client = Self {
            base_url: PARTNER_API.to_owned(),
            token: token.into(),
        };
        debug!(base_url = %client.base_url, "partner API client ready");
        client
    }

    /// An authenticated `GET` of `path` (which starts with `/`).
    pub fn get(&self, path: &str) -> Result<Request, ClientError> {
        if !path.starts_with('/') {
            error!(path, "refusing to build a request");
            return Err(ClientError::RelativePath(path.to_owned()));
        }
        let request = Request {
            method: "GET",
            url: format!("{}{path}", self.base_url),
            headers: vec![
                ("Accept".to_owned(), "application/json".to_owned()),
                ("Authorization".to_owned(), format!("Bearer {}", self.token)),
            ],
        };
        trace!(url = %request.url, "request built");
        Ok(request)
    }
}
