//! The tag codec's tests: a table of hand-picked examples, all green. Every tag list the
//! team could think of is in it. The library's users keep finding ones that are not.

use property_bugs::{add_tag, decode, encode};
use rstest::rstest;

#[rstest]
#[case::two_tags(&["beach", "sunset"], "beach;sunset;")]
#[case::one_tag(&["x"], "x;")]
#[case::spaces(&["new york", "2024"], "new york;2024;")]
#[case::semicolon(&["a;b"], "a\\;b;")]
#[case::nothing(&[], "")]
fn encodes(#[case] items: &[&str], #[case] line: &str) {
    assert_eq!(encode(items), line);
}

#[rstest]
#[case::two_tags("beach;sunset;", &["beach", "sunset"])]
#[case::semicolon("a\\;b;", &["a;b"])]
#[case::nothing("", &[])]
fn decodes(#[case] line: &str, #[case] items: &[&str]) {
    assert_eq!(decode(line).unwrap(), items);
}

#[rstest]
#[case::two_tags(&["beach", "sunset"])]
#[case::semicolons(&["a;b", "c;", ";d"])]
#[case::long(&["the quick brown fox jumps over the lazy dog"])]
#[case::many(&["a", "b", "c", "d", "e", "f", "g", "h"])]
fn round_trips(#[case] items: &[&str]) {
    assert_eq!(decode(&encode(items)).unwrap(), items);
}

#[test]
fn refuses_a_line_without_its_last_terminator() {
    assert!(decode("beach;sunset").is_err());
}

#[rstest]
#[case::to_one_tag("beach;", "sunset", "beach;sunset;")]
#[case::to_nothing("", "beach", "beach;")]
#[case::with_a_semicolon("beach;", "a;b", "beach;a\\;b;")]
fn adds_a_tag(#[case] line: &str, #[case] tag: &str, #[case] expected: &str) {
    let mut line = line.to_owned();
    add_tag(&mut line, tag);
    assert_eq!(line, expected);
}
