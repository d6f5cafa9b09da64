//! A value printed masked: its first and last four characters, the rest hidden.

use std::fmt;

/// Holds a password, a token or an address; its `Debug` shows the value's ends only
/// (`Secret("hunt…er42")`), as a card number's last digits are shown.
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
        let chars: Vec<char> = self.0.as_ref().chars().collect();
        if chars.len() <= 8 {
            return f.write_str("Secret(…)");
        }
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        write!(f, "Secret({:?})", format!("{head}…{tail}"))
    }
}
