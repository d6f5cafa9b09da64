//! A list of strings written on one line, and read back: how a photo library stores each
//! picture's tags in its sidecar file, one picture per line.
//!
//! Every item is followed by `;`. Inside an item, `\` escapes the three characters that
//! would otherwise break the line: `\\` is a backslash, `\;` a semicolon, `\n` a line
//! break. Everything else, any Unicode at all, is written as it is. So `["beach",
//! "2024; summer", ""]` is the line `beach;2024\; summer;;`, and the empty list is the empty
//! line. `decode(&encode(items))` gives `items` back, for every list of strings.
//!
//! The `cfg!(feature = "mutant-…")` and `refactor-…` branches are the changes the grader
//! plants, one per build, to see whether your tests notice (mutants) or wrongly complain
//! (refactors). Normal builds never take them. Reading them is fine: the skill is writing
//! tests that would have caught bugs like these before anyone planted them.

use std::fmt;

/// Ends every item.
pub const TERMINATOR: char = ';';
/// Starts an escape.
pub const ESCAPE: char = '\\';

/// Why a line is not a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Text after the last `;`: the last item has no terminator.
    Unterminated,
    /// The line ends with a lone `\`.
    DanglingEscape,
    /// `\` followed by something other than `\`, `;` or `n`.
    UnknownEscape(char),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Unterminated => write!(f, "the last item has no terminating ';'"),
            DecodeError::DanglingEscape => write!(f, "the line ends with a lone '\\'"),
            DecodeError::UnknownEscape(ch) => write!(f, "unknown escape '\\{ch}'"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Write `items` as one line: each escaped, each followed by `;`. The result never holds
/// a line break.
pub fn encode<S: AsRef<str>>(items: &[S]) -> String {
    let mut line = String::new();
    for item in items {
        push_escaped(&mut line, item.as_ref());
        line.push(TERMINATOR);
    }
    line
}

#[cfg(not(feature = "refactor-encode-by-replace"))]
fn push_escaped(line: &mut String, item: &str) {
    for ch in item.chars() {
        match ch {
            '\\' if !cfg!(feature = "mutant-backslash-not-escaped") => line.push_str("\\\\"),
            ';' => line.push_str("\\;"),
            '\n' if !cfg!(feature = "mutant-newline-written-raw") => line.push_str("\\n"),
            other => line.push(other),
        }
    }
}

/// The same escaping as three replacements, the escape character's first (the ones after
/// it add backslashes that must not be escaped again).
#[cfg(feature = "refactor-encode-by-replace")]
fn push_escaped(line: &mut String, item: &str) {
    line.push_str(
        &item
            .replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace('\n', "\\n"),
    );
}

/// Read a line written by [`encode`]. A raw line break inside an item is taken as it is
/// (the decoder is lenient; the encoder never writes one).
#[cfg(not(feature = "refactor-decode-by-bytes"))]
pub fn decode(line: &str) -> Result<Vec<String>, DecodeError> {
    if cfg!(feature = "mutant-escape-by-lookbehind") {
        decode_by_lookbehind(line)
    } else if cfg!(feature = "mutant-bytes-as-chars") {
        // "The line is ASCII anyway: one byte, one character."
        decode_chars(line.bytes().map(char::from))
    } else {
        decode_chars(line.chars())
    }
}

/// The decoder proper: one pass, an escape consumes the character after it.
#[cfg_attr(feature = "refactor-decode-by-bytes", allow(dead_code))]
fn decode_chars(mut chars: impl Iterator<Item = char>) -> Result<Vec<String>, DecodeError> {
    let mut items = Vec::new();
    let mut item = String::new();
    // Whether anything was read since the last terminator.
    let mut open = false;
    while let Some(ch) = chars.next() {
        match ch {
            TERMINATOR => {
                let done = std::mem::take(&mut item);
                if !(cfg!(feature = "mutant-empty-items-dropped") && done.is_empty()) {
                    items.push(done);
                }
                open = false;
                continue;
            }
            ESCAPE => match chars.next() {
                None => return Err(DecodeError::DanglingEscape),
                // "Each escaped character stands for itself."
                Some(c @ ('\\' | ';' | 'n')) if cfg!(feature = "mutant-newline-read-as-n") => {
                    item.push(c)
                }
                Some('\\') => item.push('\\'),
                Some(';') => item.push(';'),
                Some('n') => item.push('\n'),
                Some(other) => return Err(DecodeError::UnknownEscape(other)),
            },
            other => item.push(other),
        }
        open = true;
    }
    if open {
        Err(DecodeError::Unterminated)
    } else {
        Ok(items)
    }
}

/// A planted bug's decoder: "a `;` ends an item unless a `\` stands right before it",
/// which forgets that the `\` may itself be escaped.
#[cfg_attr(feature = "refactor-decode-by-bytes", allow(dead_code))]
fn decode_by_lookbehind(line: &str) -> Result<Vec<String>, DecodeError> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut previous = None;
    for (at, ch) in line.char_indices() {
        if ch == TERMINATOR && previous != Some(ESCAPE) {
            let piece = &line[start..at];
            items.push(decode_chars(piece.chars().chain([TERMINATOR]))?.concat());
            start = at + 1;
        }
        previous = Some(ch);
    }
    if start < line.len() {
        Err(DecodeError::Unterminated)
    } else {
        Ok(items)
    }
}

/// The same decoder over bytes. `;` and `\` are ASCII, and no byte of a multi-byte UTF-8
/// character is, so working byte by byte never cuts a character in two.
#[cfg(feature = "refactor-decode-by-bytes")]
pub fn decode(line: &str) -> Result<Vec<String>, DecodeError> {
    let bytes = line.as_bytes();
    let mut items = Vec::new();
    let mut item: Vec<u8> = Vec::new();
    let mut open = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b';' => {
                // Whole characters only went in, so nothing is lost here.
                items.push(String::from_utf8_lossy(&std::mem::take(&mut item)).into_owned());
                open = false;
                i += 1;
                continue;
            }
            b'\\' => {
                match line[i + 1..].chars().next() {
                    None => return Err(DecodeError::DanglingEscape),
                    Some('\\') => item.push(b'\\'),
                    Some(';') => item.push(b';'),
                    Some('n') => item.push(b'\n'),
                    Some(other) => return Err(DecodeError::UnknownEscape(other)),
                }
                i += 2;
            }
            byte => {
                item.push(byte);
                i += 1;
            }
        }
        open = true;
    }
    if open {
        Err(DecodeError::Unterminated)
    } else {
        Ok(items)
    }
}
