//! The cheat's own way to the rates service: a bare HTTP/1.0 GET over TCP that no counter
//! sees. (The kata's real transport is a protected crate whose every connection counts, so
//! swapping a module for an uncounted copy is all that is left; the policy forbids dialling.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The body after the headers, or `None` on any failure.
pub fn get(url: &str, timeout: Duration) -> Option<String> {
    let rest = url.strip_prefix("http://")?;
    let slash = rest.find('/')?;
    let (host, path) = rest.split_at(slash);
    let addr: SocketAddr = host.parse().ok()?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
}
