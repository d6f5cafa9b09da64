//! "Did you mean …?" for mistyped kata names.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
///
/// ```
/// let katas = ["sleepy-retry", "quadratic-dedupe"];
/// assert_eq!(kata_grader::suggest::nearest("sleepy-rerty", katas), Some("sleepy-retry"));
/// assert_eq!(kata_grader::suggest::nearest("dedupe", katas), Some("quadratic-dedupe"));
/// assert_eq!(kata_grader::suggest::nearest("zzz", katas), None);
/// ```
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = if candidate.contains(input.as_str()) && input.len() >= 3 {
            // A fragment of the name ("dedupe") is as good as a one-letter typo.
            1
        } else {
            levenshtein(&input, candidate)
        };
        let limit = (candidate.len().max(input.len()) / 3).max(2);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
    }
}
