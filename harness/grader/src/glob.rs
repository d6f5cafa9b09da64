//! The small glob language of a manifest's `paths`: `/`-separated, relative to the kata's
//! folder; `*` and `?` match within one segment, `**` matches any number of segments.

/// Whether `pattern` is well formed; an error says what is wrong.
pub fn validate(pattern: &str) -> Result<(), String> {
    if pattern.is_empty() {
        return Err("an empty path pattern".into());
    }
    if pattern.starts_with('/') || pattern.contains('\\') || pattern.split('/').any(|s| s == "..") {
        return Err(format!(
            "`{pattern}` must be relative to the kata's folder, with `/` separators and no `..`"
        ));
    }
    if pattern.split('/').any(|s| s.contains("**") && s != "**") {
        return Err(format!("`{pattern}`: `**` must be a whole path segment"));
    }
    Ok(())
}

/// Whether the relative path `path` (with `/` separators) matches `pattern`.
///
/// ```
/// use kata_grader::glob::matches;
/// assert!(matches("tests/**", "tests/checks.rs"));
/// assert!(matches("tests/**", "tests/data/a.csv"));
/// assert!(matches("src/*.rs", "src/lib.rs"));
/// assert!(!matches("src/*.rs", "src/bin/main.rs"));
/// assert!(matches("Cargo.toml", "Cargo.toml"));
/// ```
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    match_segments(&pattern, &path)
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => {
                match_segment(first.as_bytes(), segment.as_bytes())
                    && match_segments(rest, path_rest)
            }
            None => false,
        },
    }
}

fn match_segment(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| match_segment(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && match_segment(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && match_segment(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_star_matches_zero_or_more_segments() {
        assert!(matches("**/*.rs", "lib.rs"));
        assert!(matches("**/*.rs", "a/b/lib.rs"));
        assert!(!matches("tests/**", "src/lib.rs"));
        assert!(matches("tests/**", "tests"));
    }

    #[test]
    fn rejects_escaping_patterns() {
        assert!(validate("../x").is_err());
        assert!(validate("/abs").is_err());
        assert!(validate("a**").is_err());
        assert!(validate("src/**").is_ok());
    }
}
