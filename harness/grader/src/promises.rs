//! What a kata's README promises of each check's figure, held to the manifest and to what
//! the checks print.
//!
//! Every README has a checks table, one row per check: `` | `id` | points | text | ``. A
//! row that promises a figure says what the shipped code measures and what is wanted, in
//! words a learner reads: "12 of 24 as shipped, 24 wanted", "27.4 MiB at 100k rows as
//! shipped, at most 256 KiB wanted". Two places keep those words true:
//!
//! - [`against_manifest`] (the tidy test, no build): the text before " as shipped" is the
//!   manifest's `shipped_figure`, which the grade shows beside the learner's figure, so
//!   README and grade say the same thing;
//! - [`against_grade`] (`cargo kata verify`, after grading the kata as shipped): the shipped
//!   code prints a figure for every row that promises one (and every check it fails
//!   that prints a figure has a row that promises it), its value is the manifest's
//!   `shipped_figure` (within display rounding, or within a factor of two when the
//!   figure says `≈`), and the number before " wanted" is the check's own bar, on the
//!   side the words say ("at most", "at least"). A flake or isolation check may want
//!   "all" (runs, tests): its bar is the count of them, which the learner's tests change.

use crate::checks::{CheckResult, FigureView};
use crate::manifest::{Check, CheckKind, Expect};

/// A row of the checks table: the third cell, what the check measures and promises.
pub fn row<'a>(readme: &'a str, check_id: &str) -> Option<&'a str> {
    let start = format!("| `{check_id}` | ");
    let line = readme.lines().find(|l| l.starts_with(&start))?;
    line.split('|').nth(3).map(str::trim)
}

/// The figure a row promises: the shipped value's words and the wanted words, when the
/// row promises one.
#[derive(Debug, Clone, PartialEq)]
pub struct Promise<'a> {
    /// The words before " as shipped", when the row has them.
    pub shipped: Option<&'a str>,
    /// The words before " wanted" back to the clause's start ("at most 256 KiB").
    pub wanted: &'a str,
}

/// What `row_text` promises, when it names what is wanted. Checks that guard the kata
/// rather than measure the fix (`tamper`, `policy`) promise nothing here.
pub fn promise(row_text: &str) -> Option<Promise<'_>> {
    let end = row_text.find(" wanted")?;
    let start = clause_start(&row_text[..end]);
    let wanted = row_text[start..end].trim();
    let shipped = row_text[..start].find(" as shipped").map(|at| {
        let before = &row_text[..at];
        before[clause_start_shipped(before)..].trim()
    });
    Some(Promise { shipped, wanted })
}

/// Where the clause that ends `text` starts: after the last ", ", ": ", "; " or "(".
fn clause_start(text: &str) -> usize {
    [", ", ": ", "; ", "("]
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|at| at + sep.len()))
        .max()
        .unwrap_or(0)
}

/// Where the shipped words that end `text` start: after the last ": " or "; ". Unlike the
/// wanted words, a shipped figure may hold ", " itself ("≈ 191 (one per item, on 2 cores)").
fn clause_start_shipped(text: &str) -> usize {
    [": ", "; "]
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|at| at + sep.len()))
        .max()
        .unwrap_or(0)
}

/// The manifest's side: a row's shipped words are the manifest's `shipped_figure`, and a
/// check with a `shipped_figure` has a row that says it.
pub fn against_manifest(readme: &str, check: &Check) -> Vec<String> {
    if matches!(check.kind, CheckKind::Tamper | CheckKind::Policy) {
        return Vec::new();
    }
    let id = &check.id;
    let said = row(readme, id).and_then(promise).and_then(|p| p.shipped);
    match (check.shipped_figure.as_deref(), said) {
        (Some(figure), Some(said)) if said == figure => Vec::new(),
        (Some(figure), Some(said)) => vec![format!(
            "`{id}`: the README says `{said} as shipped`, kata.toml's shipped_figure is `{figure}`"
        )],
        (Some(figure), None) => vec![format!(
            "`{id}`: kata.toml's shipped_figure is `{figure}`, the README's row does not say `{figure} as shipped, … wanted`"
        )],
        (None, Some(said)) => vec![format!(
            "`{id}`: the README says `{said} as shipped`, kata.toml has no shipped_figure (the grade shows it beside the learner's figure)"
        )],
        (None, None) => Vec::new(),
    }
}

/// The grade's side: what the shipped code printed for each check against the README's
/// promise and the manifest's shipped figure.
pub fn against_grade(readme: &str, checks: &[&Check], shipped: &[CheckResult]) -> Vec<String> {
    let mut problems = Vec::new();
    for check in checks {
        if matches!(check.kind, CheckKind::Tamper | CheckKind::Policy) {
            continue;
        }
        let id = &check.id;
        let Some(result) = shipped.iter().find(|r| &r.id == id) else {
            continue;
        };
        let promised = row(readme, id).and_then(promise);
        match (&result.figure, promised) {
            (None, Some(p)) => problems.push(format!(
                "`{id}`: the README promises a figure (`{} wanted`), the shipped grade printed none",
                p.wanted
            )),
            // A check the shipped code already passes guards what works; its row may
            // leave the figure out. One that fails is the kata's lesson: its row says
            // what the learner will see and what will pass.
            (Some(_), None) if check.shipped == Expect::Passes => {}
            (Some(figure), None) => problems.push(format!(
                "`{id}`: the shipped grade printed `{}`, the README's row says nothing of it (`… as shipped, … wanted`)",
                figure.measured()
            )),
            (Some(figure), Some(p)) => {
                let everything = matches!(check.kind, CheckKind::Flake | CheckKind::Isolation)
                    && (p.wanted.starts_with("all") || p.wanted.starts_with("every"));
                if !everything {
                    problems.extend(wanted_agrees(id, p.wanted, figure));
                }
                if let Some(said) = &check.shipped_figure {
                    problems.extend(shipped_agrees(id, said, figure));
                }
            }
            (None, None) => {}
        }
    }
    problems
}

/// The wanted words against the check's bar: the same number, on the side the words say.
fn wanted_agrees(id: &str, wanted: &str, figure: &FigureView) -> Option<String> {
    // A bar that follows the machine ("at most cores + 2") cannot be one number.
    if wanted.contains("cores") {
        return None;
    }
    let at_least = figure.goal == "at_least";
    let side_wrong = (wanted.starts_with("at most") || wanted.starts_with("under")) && at_least
        || wanted.starts_with("at least") && !at_least;
    let agrees = quantity(wanted).is_some_and(|q| close(q, figure.bar, 0.01));
    (side_wrong || !agrees).then(|| {
        format!(
            "`{id}`: the README wants `{wanted}`, the check's bar is `{} {}`",
            if at_least { "at least" } else { "at most" },
            figure.describe_bar()
        )
    })
}

/// The manifest's shipped figure against the value the shipped code measured.
fn shipped_agrees(id: &str, said: &str, figure: &FigureView) -> Option<String> {
    let approximate = said.starts_with('≈') || said.starts_with("about");
    let tolerance = if approximate { 1.0 } else { 0.05 };
    let agrees = quantity(said).is_some_and(|q| close(q, figure.value, tolerance));
    (!agrees).then(|| {
        format!(
            "`{id}`: kata.toml and the README say `{said}` as shipped, the shipped code measured `{}`{}",
            figure.value_text(),
            if approximate {
                " (an `≈` figure may be off by up to a factor of two)"
            } else {
                ""
            }
        )
    })
}

/// Whether `said` is `measured` within `tolerance` (relative; with `1.0`, a factor of two
/// either way), or both are within display rounding of zero.
fn close(said: f64, measured: f64, tolerance: f64) -> bool {
    if said.abs() < 0.005 || measured.abs() < 0.005 {
        return (said - measured).abs() < 0.005;
    }
    if tolerance >= 1.0 {
        let ratio = said / measured;
        return (0.5..=2.0).contains(&ratio);
    }
    (said - measured).abs() <= tolerance * measured.abs()
}

/// The first number in `text`, with thousands separators, scaled by a byte unit right
/// after it ("256 KiB" → 262,144; "1,000 ms" → 1,000; "0 B" → 0).
pub fn quantity(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let mut end = 0;
    let bytes = rest.as_bytes();
    while end < bytes.len() {
        let c = bytes[end];
        let joins_digits = (c == b',' || c == b'.')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
            && end > 0;
        if c.is_ascii_digit() || joins_digits {
            end += 1;
        } else {
            break;
        }
    }
    let number: f64 = rest[..end].replace(',', "").parse().ok()?;
    let unit = rest[end..].trim_start();
    let scale = [
        ("KiB", 1024.0),
        ("MiB", 1024.0 * 1024.0),
        ("GiB", 1024.0 * 1024.0 * 1024.0),
    ]
    .iter()
    .find(|(name, _)| unit.starts_with(name))
    .map_or(1.0, |(_, scale)| *scale);
    Some(number * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(value: f64, bar: f64, goal: &str, unit: &str) -> FigureView {
        FigureView {
            name: "figure".into(),
            value,
            bar,
            goal: goal.into(),
            unit: unit.into(),
            shipped: None,
        }
    }

    #[test]
    fn a_row_gives_its_shipped_and_wanted_words() {
        let readme = "| check | points | figure |\n|---|---|---|\n\
            | `peak-heap` | 3 | peak heap aggregating 10k, 100k and 1M rows: 27.4 MiB at 100k rows as shipped, at most 256 KiB wanted |\n\
            | `boundary` | 3 | decisions right: 12 of 24 as shipped, 24 wanted |\n\
            | `policy` | 1 | your code uses nothing forbidden |\n";
        let p = promise(row(readme, "peak-heap").unwrap()).unwrap();
        assert_eq!(p.shipped, Some("27.4 MiB at 100k rows"));
        assert_eq!(p.wanted, "at most 256 KiB");
        let p = promise(row(readme, "boundary").unwrap()).unwrap();
        assert_eq!((p.shipped, p.wanted), (Some("12 of 24"), "24"));
        assert_eq!(promise(row(readme, "policy").unwrap()), None);
        assert_eq!(row(readme, "missing"), None);
    }

    fn check(toml_text: &str) -> Check {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn a_grade_is_held_to_the_readme_row_both_ways() {
        let readme = "| `boundary` | 3 | decisions right: 12 of 24 as shipped, 24 wanted |\n\
            | `silent` | 1 | says nothing of a figure |\n\
            | `kept` | 1 | already passes, keep it |\n";
        let boundary =
            check("id = 'boundary'\nkind = 'test'\nshipped = 'fails'\nshipped_figure = '12 of 24'");
        let silent = check("id = 'silent'\nkind = 'test'\nshipped = 'fails'");
        let kept = check("id = 'kept'\nkind = 'test'\nshipped = 'passes'");
        let graded = |c: &Check, f: Option<FigureView>| {
            let mut r = CheckResult::new(c, crate::checks::Outcome::Fail, None);
            r.figure = f;
            r
        };
        let checks = [&boundary, &silent, &kept];
        let as_promised = [
            graded(&boundary, Some(figure(12.0, 24.0, "at_least", " of 24"))),
            graded(&silent, None),
            graded(&kept, Some(figure(1.0, 1.0, "at_least", ""))),
        ];
        assert_eq!(
            against_grade(readme, &checks, &as_promised),
            Vec::<String>::new()
        );
        let broken = [
            graded(&boundary, None),
            graded(&silent, Some(figure(3.0, 0.0, "at_most", ""))),
            graded(&kept, None),
        ];
        let problems = against_grade(readme, &checks, &broken);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("`boundary`: the README promises a figure"));
        assert!(problems[1].contains("`silent`: the shipped grade printed `figure = 3"));
    }

    #[test]
    fn quantities_read_separators_and_byte_units() {
        assert_eq!(quantity("1,000,001 events"), Some(1_000_001.0));
        assert_eq!(quantity("at most 256 KiB"), Some(262_144.0));
        assert_eq!(quantity("≈ 1.5 s"), Some(1.5));
        assert_eq!(
            quantity("+24.5 MiB by 100k rows"),
            Some(24.5 * 1024.0 * 1024.0)
        );
        assert_eq!(quantity("0 B"), Some(0.0));
        assert_eq!(quantity("every one"), None);
    }

    #[test]
    fn the_wanted_words_must_name_the_bar_on_its_side() {
        let f = figure(3.0, 262_144.0, "at_most", "bytes");
        assert_eq!(wanted_agrees("x", "at most 256 KiB", &f), None);
        assert!(wanted_agrees("x", "at most 64 KiB", &f).is_some());
        assert!(wanted_agrees("x", "at least 256 KiB", &f).is_some());
        let f = figure(12.0, 24.0, "at_least", " of 24");
        assert_eq!(wanted_agrees("x", "24", &f), None);
        assert_eq!(wanted_agrees("x", "24 of 24", &f), None);
        assert!(wanted_agrees("x", "under 24", &f).is_some());
    }

    #[test]
    fn the_shipped_words_must_match_the_measured_value() {
        let f = figure(28_730_982.0, 262_144.0, "at_most", "bytes");
        assert_eq!(shipped_agrees("x", "27.4 MiB at 100k rows", &f), None);
        assert!(shipped_agrees("x", "2.74 MiB at 100k rows", &f).is_some());
        let f = figure(1.31, 0.5, "at_most", " s");
        assert_eq!(
            shipped_agrees("x", "≈ 1.0 s", &f),
            None,
            "≈ allows a factor of two"
        );
        assert!(shipped_agrees("x", "1.0 s", &f).is_some());
        assert!(shipped_agrees("x", "≈ 3.0 s", &f).is_some());
        let f = figure(0.0, 1.0, "at_least", "");
        assert_eq!(shipped_agrees("x", "0 of 1", &f), None);
        assert!(
            shipped_agrees("x", "one per item", &f).is_some(),
            "no number, no agreement"
        );
    }
}
