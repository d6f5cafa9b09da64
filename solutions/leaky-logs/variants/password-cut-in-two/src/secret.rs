//! A value that must never be printed.

use std::fmt;

/// Holds a password, a token or an address. Its `Debug` prints `Secret([redacted])`; it
/// has no `Display`, so it cannot end up in a `format!` or a log field by accident. Code
/// that needs the value asks for it by name: [`Secret::expose`].
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

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let password = Secret::new("hunter2".to_owned());
        assert_eq!(format!("{password:?}"), "Secret([redacted])");
        assert_eq!(password.expose(), "hunter2");
    }
}
