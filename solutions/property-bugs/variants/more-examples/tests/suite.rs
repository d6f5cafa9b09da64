//! More examples, chosen by hand.

use property_bugs::{decode, encode};
use rstest::rstest;

#[rstest]
#[case::two_tags(&["beach", "sunset"], "beach;sunset;")]
#[case::semicolons(&["a;b;c"], "a\\;b\\;c;")]
#[case::empty_tag(&["", "x"], ";x;")]
#[case::accents(&["café", "Zürich"], "café;Zürich;")]
#[case::nothing(&[], "")]
#[case::spaces(&["  "], "  ;")]
fn encodes_and_decodes(#[case] items: &[&str], #[case] line: &str) {
    assert_eq!(encode(items), line);
    assert_eq!(decode(line).unwrap(), items);
}

#[test]
fn refuses_a_line_without_its_last_terminator() {
    assert!(decode("beach;sunset").is_err());
}
