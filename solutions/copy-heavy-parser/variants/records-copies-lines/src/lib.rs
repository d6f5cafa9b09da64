//! Parse the edge proxy's access logs.
//!
//! Variant (partial): `parse_line` borrows every field, but `Records` still copies each
//! line into a `String` before parsing it, in case an error needs its text.
//!
//! # Line format
//!
//! Seven fields separated by single spaces:
//!
//! ```text
//! 2024-05-01T12:00:03.118Z 203.0.113.9 GET /api/orders?page=2 200 1532 "curl/8.5.0"
//! ```
//!
//! timestamp, client address, method, path, status (a `u16`), response bytes (a `u64`),
//! and the user agent in double quotes, last, where `\"` stands for a quote and `\\` for a
//! backslash. The first six fields never contain a space; the user agent may.

use std::borrow::Cow;

use thiserror::Error;

/// Fields on a line.
const FIELDS: usize = 7;

/// One request, as logged. Text fields borrow from the log where they can (`Cow`), so a
/// record lives as long as the text it was parsed from; call
/// [`into_owned`](Record::into_owned) to keep one longer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// When the request arrived, as written (RFC 3339).
    pub timestamp: Cow<'a, str>,
    /// The client's address.
    pub client: Cow<'a, str>,
    /// The HTTP method.
    pub method: Cow<'a, str>,
    /// The path and query.
    pub path: Cow<'a, str>,
    /// The response status.
    pub status: u16,
    /// Bytes in the response body.
    pub bytes: u64,
    /// The user agent, with its escapes resolved.
    pub user_agent: Cow<'a, str>,
}

impl Record<'_> {
    /// The same record, owning its text.
    pub fn into_owned(self) -> Record<'static> {
        Record {
            timestamp: Cow::Owned(self.timestamp.into_owned()),
            client: Cow::Owned(self.client.into_owned()),
            method: Cow::Owned(self.method.into_owned()),
            path: Cow::Owned(self.path.into_owned()),
            status: self.status,
            bytes: self.bytes,
            user_agent: Cow::Owned(self.user_agent.into_owned()),
        }
    }
}

/// Why a line is not a record.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum ParseError {
    /// A field is absent or empty.
    #[error("the {field} field is missing")]
    Missing {
        /// Which field.
        field: &'static str,
    },
    /// The status or the bytes are not a number of the right size.
    #[error("the {field} field is not a number")]
    NotANumber {
        /// Which field.
        field: &'static str,
    },
    /// The user agent does not start with `"`.
    #[error("the user agent is not quoted")]
    UnquotedAgent,
    /// The user agent has no closing `"`.
    #[error("the user agent has no closing quote")]
    UnterminatedAgent,
    /// A backslash in the user agent is followed by something other than `"` or `\`.
    #[error("unknown escape `\\{0}` in the user agent")]
    BadEscape(char),
    /// Text follows the closing quote of the user agent.
    #[error("text after the user agent's closing quote")]
    TrailingText,
}

/// A line of a log file that is not a record.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("line {number}: {source} in {text:?}")]
pub struct LineError {
    /// The line number, from 1.
    pub number: usize,
    /// The line as it is in the file.
    pub text: String,
    /// What is wrong with it.
    #[source]
    pub source: ParseError,
}

/// Read one line (without its line break).
pub fn parse_line(line: &str) -> Result<Record<'_>, ParseError> {
    let mut fields = line.splitn(FIELDS, ' ');
    let mut next = |field| match fields.next() {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(ParseError::Missing { field }),
    };
    let number = |field| move |_| ParseError::NotANumber { field };

    let timestamp = next("timestamp")?;
    let client = next("client")?;
    let method = next("method")?;
    let path = next("path")?;
    let status = next("status")?.parse().map_err(number("status"))?;
    let bytes = next("bytes")?.parse().map_err(number("bytes"))?;
    let user_agent = unquote(next("user agent")?)?;

    Ok(Record {
        timestamp: Cow::Borrowed(timestamp),
        client: Cow::Borrowed(client),
        method: Cow::Borrowed(method),
        path: Cow::Borrowed(path),
        status,
        bytes,
        user_agent,
    })
}

/// The text between the quotes, escapes resolved: borrowed when there are none.
fn unquote(quoted: &str) -> Result<Cow<'_, str>, ParseError> {
    let inner = quoted.strip_prefix('"').ok_or(ParseError::UnquotedAgent)?;
    match inner.find(['"', '\\']) {
        // The first special character is the closing quote: the value is the text as is.
        Some(end) if inner[end..].starts_with('"') => {
            if end + 1 == inner.len() {
                Ok(Cow::Borrowed(&inner[..end]))
            } else {
                Err(ParseError::TrailingText)
            }
        }
        // An escape: only now is a new string needed.
        Some(_) => unescape(inner).map(Cow::Owned),
        None => Err(ParseError::UnterminatedAgent),
    }
}

/// Resolve the escapes of a quoted text (without its opening quote).
fn unescape(inner: &str) -> Result<String, ParseError> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped @ ('"' | '\\')) => out.push(escaped),
                Some(other) => return Err(ParseError::BadEscape(other)),
                None => return Err(ParseError::UnterminatedAgent),
            },
            '"' if chars.as_str().is_empty() => return Ok(out),
            '"' => return Err(ParseError::TrailingText),
            c => out.push(c),
        }
    }
    Err(ParseError::UnterminatedAgent)
}

/// The records of a whole log file, in order. Blank lines are skipped; a line that is not
/// a record is an `Err` naming its line number, and the walk goes on after it.
pub fn records(log: &str) -> Records<'_> {
    Records {
        lines: log.lines(),
        number: 0,
    }
}

/// The iterator [`records`] returns.
#[derive(Clone, Debug)]
pub struct Records<'a> {
    lines: std::str::Lines<'a>,
    number: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let line = self.lines.next()?;
            self.number += 1;
            // Keep the line's text, so that an error can show it.
            let text = line.to_owned();
            if text.trim().is_empty() {
                continue;
            }
            return Some(parse_line(line).map_err(|source| LineError {
                number: self.number,
                text,
                source,
            }));
        }
    }
}
