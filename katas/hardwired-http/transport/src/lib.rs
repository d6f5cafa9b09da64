//! How the rate client reaches the rates service: the [`Transport`] seam and the real
//! HTTP transport behind it.
//!
//! [`HttpTransport`] is a deliberately small HTTP/1.0 client over `std::net::TcpStream`.
//! It only ever dials loopback addresses (this kata must never send traffic off the
//! machine), and every attempt it makes is counted in [`NETWORK_CALLS`].

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use kata_toolkit::counters::Counter;

/// Every connection attempt the real transport has made in this process.
pub static NETWORK_CALLS: Counter = Counter::new();

/// The one thing the client needs from the network: the body of a `GET`.
#[mockall::automock]
pub trait Transport {
    /// The body of a successful (`200`) response to `GET url`.
    fn get(&self, url: &str) -> Result<String, TransportError>;
}

/// Why a request did not produce a body.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The URL is not of the form `http://IP:PORT/path`.
    #[error("invalid URL {0:?}")]
    InvalidUrl(String),
    /// The transport refuses to leave the machine.
    #[error("refusing to dial {0}: only loopback addresses are allowed")]
    NotLoopback(SocketAddr),
    /// Nobody answered.
    #[error("could not connect to {addr}")]
    Connect {
        /// Where it tried.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The server took too long.
    #[error("timed out")]
    Timeout,
    /// The server answered with something other than `200`.
    #[error("unexpected HTTP status {0}")]
    Status(u16),
    /// The connection broke mid-way, or the response was not HTTP.
    #[error("bad exchange with {addr}")]
    Io {
        /// The server.
        addr: SocketAddr,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
}

/// The real transport: HTTP/1.0 over TCP, loopback only.
#[derive(Clone, Debug)]
pub struct HttpTransport {
    timeout: Duration,
}

impl Default for HttpTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpTransport {
    /// A transport with a 2 s timeout.
    pub fn new() -> Self {
        Self::with_timeout(Duration::from_secs(2))
    }

    /// A transport that gives up connecting, reading or writing after `timeout`.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self { timeout }
    }
}

impl Transport for HttpTransport {
    fn get(&self, url: &str) -> Result<String, TransportError> {
        let (addr, path) = split_url(url)?;
        if !addr.ip().is_loopback() {
            return Err(TransportError::NotLoopback(addr));
        }
        NETWORK_CALLS.incr();
        let mut stream = TcpStream::connect_timeout(&addr, self.timeout)
            .map_err(|source| TransportError::Connect { addr, source })?;
        let io = |source: std::io::Error| match source.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                TransportError::Timeout
            }
            _ => TransportError::Io { addr, source },
        };
        stream.set_read_timeout(Some(self.timeout)).map_err(io)?;
        stream.set_write_timeout(Some(self.timeout)).map_err(io)?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").map_err(io)?;
        let mut response = String::new();
        stream.read_to_string(&mut response).map_err(io)?;
        let (head, body) = response
            .split_once("\r\n\r\n")
            .ok_or_else(|| io(std::io::Error::other("no end of headers")))?;
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| io(std::io::Error::other("no status line")))?;
        if status != 200 {
            return Err(TransportError::Status(status));
        }
        Ok(body.to_owned())
    }
}

/// `http://127.0.0.1:9/v1/rates?x=y` → (`127.0.0.1:9`, `/v1/rates?x=y`).
fn split_url(url: &str) -> Result<(SocketAddr, &str), TransportError> {
    let invalid = || TransportError::InvalidUrl(url.to_owned());
    let rest = url.strip_prefix("http://").ok_or_else(invalid)?;
    let (host, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    let addr = host.parse::<SocketAddr>().map_err(|_| invalid())?;
    Ok((addr, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_url() {
        let (addr, path) = split_url("http://127.0.0.1:9/v1/rates?base=EUR").unwrap();
        assert_eq!(addr, "127.0.0.1:9".parse().unwrap());
        assert_eq!(path, "/v1/rates?base=EUR");
    }

    #[test]
    fn never_leaves_the_machine() {
        let error = HttpTransport::new()
            .get("http://192.0.2.1:80/")
            .unwrap_err();
        assert!(matches!(error, TransportError::NotLoopback(_)), "{error}");
    }
}
