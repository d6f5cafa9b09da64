//! Customers for tests and demos, and the CSV export the nightly CRM sync reads.
//!
//! Variant (valid): every fake value comes from the `rng` passed in; a field with a
//! backslash, comma or line break is written with backslash escapes instead of quotes (plain
//! rows unchanged), so each record is one line, read back with a character-wise unescape.

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
}

/// `n` customers with ids `1..=n`, drawn from `rng`.
pub fn sample_users<R: Rng + ?Sized>(rng: &mut R, n: usize) -> Vec<User> {
    (1..=n as u64).map(|id| sample_user(rng, id)).collect()
}

fn sample_user<R: Rng + ?Sized>(rng: &mut R, id: u64) -> User {
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
        email: SafeEmail().fake_with_rng(rng),
        city: CityName().fake_with_rng(rng),
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

/// A field with a backslash, a comma or a line break has each of them escaped with a
/// backslash (`\\`, `\,`, `\n`, `\r`); any other field is written as it is, so plain rows
/// look as they always did.
fn field(value: &str) -> Cow<'_, str> {
    if !value.contains(['\\', ',', '\n', '\r']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Read back what [`to_csv`] wrote. No line break is ever written inside a field, so every
/// line is one record.
pub fn from_csv(text: &str) -> Result<Vec<User>, CsvError> {
    let mut lines = text.split('\n');
    let header = lines.next().unwrap_or_default();
    if header != HEADER {
        return Err(CsvError::Header {
            found: header.to_owned(),
        });
    }
    let rows: Vec<&str> = lines.collect();
    // The text ends with a line break, so the last piece is empty.
    let rows = match rows.split_last() {
        Some((&"", rest)) => rest,
        _ => &rows[..],
    };
    rows.iter()
        .enumerate()
        .map(|(i, row)| user_from(i + 2, unescape_row(row)))
        .collect()
}

/// The fields of one row: an unescaped comma ends a field, a backslash takes the next
/// character as data.
fn unescape_row(row: &str) -> Vec<String> {
    let mut fields = Vec::with_capacity(4);
    let mut current = String::new();
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => current.push('\n'),
                Some('r') => current.push('\r'),
                Some(other) => current.push(other),
                None => current.push('\\'),
            },
            ',' => fields.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    fields.push(current);
    fields
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
