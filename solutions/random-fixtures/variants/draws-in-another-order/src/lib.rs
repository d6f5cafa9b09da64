//! Customers for tests and demos, and the CSV export the nightly CRM sync reads.
//!
//! Variant (partial): every fake value comes from the `rng` passed in, but the email and
//! city are drawn before the name, so a seed gives the same users every time, just not the
//! ones pinned for `Seeded::new(42)`.

use std::borrow::Cow;
use std::fmt::Write;

use fake::Fake;
use fake::faker::address::en::CityName;
use fake::faker::internet::en::SafeEmail;
use fake::faker::name::{de_de, en, fr_fr};
use fake::rand::{Rng, RngExt};

/// A customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub city: String,
}

/// The first line of every export.
pub const HEADER: &str = "id,name,email,city";

/// Why an export could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The first line is not [`HEADER`].
    #[error("expected the header `{HEADER}`, found `{found}`")]
    Header { found: String },
    /// A row does not have four fields.
    #[error("line {line}: expected 4 fields, found {found}")]
    FieldCount { line: usize, found: usize },
    /// A row's id is not a number.
    #[error("line {line}: `{value}` is not a user id")]
    Id { line: usize, value: String },
    /// A quoted field is still open at the end of the text.
    #[error("line {line}: a quoted field is never closed")]
    UnclosedQuote { line: usize },
}

/// `n` customers with ids `1..=n`, drawn from `rng`.
pub fn sample_users<R: Rng + ?Sized>(rng: &mut R, n: usize) -> Vec<User> {
    (1..=n as u64).map(|id| sample_user(rng, id)).collect()
}

fn sample_user<R: Rng + ?Sized>(rng: &mut R, id: u64) -> User {
    // Contact details first, then the name.
    let email: String = SafeEmail().fake_with_rng(rng);
    let city: String = CityName().fake_with_rng(rng);
    // A quarter of our customers sign up from France or Germany.
    let (first, last): (String, String) = match rng.random_range(0..8) {
        0 => (
            fr_fr::FirstName().fake_with_rng(rng),
            fr_fr::LastName().fake_with_rng(rng),
        ),
        1 => (
            de_de::FirstName().fake_with_rng(rng),
            de_de::LastName().fake_with_rng(rng),
        ),
        _ => (
            en::FirstName().fake_with_rng(rng),
            en::LastName().fake_with_rng(rng),
        ),
    };
    // Names the way people type them into the signup form.
    let name = match rng.random_range(0..10) {
        0 => format!("{last}, {first}"),
        1 => {
            let nickname: String = en::FirstName().fake_with_rng(rng);
            format!("{first} \"{nickname}\" {last}")
        }
        _ => format!("{first} {last}"),
    };
    User {
        id,
        name,
        email,
        city,
    }
}

/// The users as CSV: [`HEADER`], then one line per user.
pub fn to_csv(users: &[User]) -> String {
    let mut out = String::with_capacity(64 * (users.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for user in users {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            user.id,
            field(&user.name),
            field(&user.email),
            field(&user.city)
        );
    }
    out
}

/// A field as RFC 4180 writes it: in quotes, with quotes doubled, when it holds a comma, a
/// quote or a line break; as it is otherwise, so plain rows look as they always did.
fn field(value: &str) -> Cow<'_, str> {
    if value.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(value)
    }
}

/// Read back what [`to_csv`] wrote.
pub fn from_csv(text: &str) -> Result<Vec<User>, CsvError> {
    let mut records = Records::new(text);
    let header = records.next().transpose()?.unwrap_or_default();
    if header.1.join(",") != HEADER {
        return Err(CsvError::Header {
            found: header.1.join(","),
        });
    }
    records
        .map(|record| {
            let (line, fields) = record?;
            user_from(line, fields)
        })
        .collect()
}

fn user_from(line: usize, fields: Vec<String>) -> Result<User, CsvError> {
    let [id, name, email, city]: [String; 4] =
        fields
            .try_into()
            .map_err(|fields: Vec<String>| CsvError::FieldCount {
                line,
                found: fields.len(),
            })?;
    let Ok(id) = id.parse() else {
        return Err(CsvError::Id { line, value: id });
    };
    Ok(User {
        id,
        name,
        email,
        city,
    })
}

/// The records of a CSV text, each with the line it starts on. A record ends at a line
/// break outside quotes (`\n` or `\r\n`); inside quotes every character is data, and `""`
/// is one quote.
struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            chars: text.chars().peekable(),
            line: 1,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(usize, Vec<String>), CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.chars.peek()?;
        let start = self.line;
        let mut fields = Vec::with_capacity(4);
        let mut current = String::new();
        let mut quoted = false;
        while let Some(c) = self.chars.next() {
            if c == '\n' {
                self.line += 1;
            }
            match c {
                '"' if quoted && self.chars.peek() == Some(&'"') => {
                    self.chars.next();
                    current.push('"');
                }
                '"' if quoted => quoted = false,
                '"' if current.is_empty() => quoted = true,
                ',' if !quoted => fields.push(std::mem::take(&mut current)),
                '\r' if !quoted && self.chars.peek() == Some(&'\n') => {}
                '\n' if !quoted => {
                    fields.push(current);
                    return Some(Ok((start, fields)));
                }
                _ => current.push(c),
            }
        }
        if quoted {
            return Some(Err(CsvError::UnclosedQuote { line: start }));
        }
        fields.push(current);
        Some(Ok((start, fields)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fake::rand::SeedableRng;
    use fake::rand::rngs::StdRng;

    #[test]
    fn exports_a_header_and_one_line_per_user() {
        let users = sample_users(&mut StdRng::seed_from_u64(7), 20);
        let csv = to_csv(&users);
        assert!(csv.starts_with("id,name,email,city\n"));
        assert_eq!(from_csv(&csv).map(|u| u.len()), Ok(20));
    }

    #[test]
    fn sample_users_survive_the_export() {
        for seed in 0..50 {
            let users = sample_users(&mut StdRng::seed_from_u64(seed), 20);
            assert_eq!(from_csv(&to_csv(&users)), Ok(users), "seed {seed}");
        }
    }
}
