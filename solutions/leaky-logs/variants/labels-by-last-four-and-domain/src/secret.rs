//! A value printed as a label only: an address's domain, a long value's last four
//! characters.

use std::fmt;

/// Holds a password, a token or an address; its `Debug` shows enough to tell two apart
/// in a log (`Secret("…@gmail.com")`, `Secret("…wxyz")`) and nothing more.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wrap `value`.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value itself, for the one place that must use it (hashing, a header).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: AsRef<str>> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0.as_ref();
        let chars: Vec<char> = value.chars().collect();
        let label = match value.rsplit_once('@') {
            Some((_, domain)) => format!("…@{domain}"),
            None if chars.len() >= 16 => {
                let tail: String = chars[chars.len() - 4..].iter().collect();
                format!("…{tail}")
            }
            None => "…".to_owned(),
        };
        write!(f, "Secret({label:?})")
    }
}
