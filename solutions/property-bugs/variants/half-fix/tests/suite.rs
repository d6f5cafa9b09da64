//! Reference tests for the tag codec and `add_tag`: the shipped examples, properties that
//! say what each promises for *every* list, and the cases those properties found, pinned
//! as examples once shrunk.
//!
//! The properties run on the toolkit's fixed-seed config: the same 512 cases on every run,
//! so a failure is reproducible and the suite cannot be green one run and red the next.

use kata_toolkit::fixtures::proptest_config;
use property_bugs::{DecodeError, add_tag, decode, encode};
use proptest::prelude::*;
use rstest::rstest;

/// Characters weighted towards the ones the format treats specially. Drawn uniformly from
/// all of Unicode, a `;` or a `\` turns up about once in a million characters, and the
/// bugs hiding behind them are never reached.
fn tag_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => Just(';'),
        3 => Just('\\'),
        2 => Just('\n'),
        2 => Just('n'),
        3 => prop::char::range('a', 'c'),
        1 => Just('é'),
        1 => Just('日'),
        1 => Just('🦀'),
        1 => any::<char>(),
    ]
}

/// Tags of 0 to 7 characters (the empty tag included), lists of 0 to 5 tags.
fn tags() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::collection::vec(tag_char(), 0..8).prop_map(String::from_iter),
        0..6,
    )
}

proptest! {
    #![proptest_config(proptest_config(512))]

    /// The codec's one promise: what goes in comes back out, exactly.
    #[test]
    fn every_list_round_trips(items in tags()) {
        prop_assert_eq!(decode(&encode(&items)), Ok(items));
    }

    /// The same promise over proptest's own idea of a string: anything printable, any
    /// script.
    #[test]
    fn arbitrary_strings_round_trip(items in prop::collection::vec(any::<String>(), 0..4)) {
        prop_assert_eq!(decode(&encode(&items)), Ok(items));
    }

    /// A round trip cannot see everything: a line break written raw comes back fine, and
    /// still breaks the one-list-per-line file. The format's own rule, as a property.
    #[test]
    fn an_encoded_list_is_one_line(items in tags()) {
        let line = encode(&items);
        prop_assert!(!line.contains('\n'), "{:?} encoded as {:?}", items, line);
    }
}

/// The smallest failing inputs the properties shrank to, kept as plain examples: they
/// name the edge each bug lived on, and stay even if the generators change.
#[rstest]
#[case::one_empty_tag(&[""], ";")]
#[case::empty_between(&["a", "", "b"], "a;;b;")]
#[case::backslash(&["\\"], "\\\\;")]
#[case::backslash_then_semicolon(&["\\;"], "\\\\\\;;")]
#[case::line_break(&["\n"], "\\n;")]
#[case::a_real_n(&["n"], "n;")]
#[case::non_ascii(&["é"], "é;")]
#[case::emoji(&["🦀;🦀"], "🦀\\;🦀;")]
fn pinned_edges(#[case] items: &[&str], #[case] line: &str) {
    assert_eq!(encode(items), line);
    assert_eq!(decode(line).unwrap(), items);
}

#[rstest]
#[case::two_tags(&["beach", "sunset"], "beach;sunset;")]
#[case::semicolon(&["a;b"], "a\\;b;")]
#[case::nothing(&[], "")]
fn examples(#[case] items: &[&str], #[case] line: &str) {
    assert_eq!(encode(items), line);
    assert_eq!(decode(line).unwrap(), items);
}

#[rstest]
#[case::unterminated("beach;sunset", DecodeError::Unterminated)]
#[case::dangling_escape("beach\\", DecodeError::DanglingEscape)]
#[case::unknown_escape("be\\ach;", DecodeError::UnknownEscape('a'))]
fn refuses_a_malformed_line(#[case] line: &str, #[case] expected: DecodeError) {
    assert_eq!(decode(line), Err(expected));
}

#[rstest]
#[case::to_one_tag("beach;", "sunset", "beach;sunset;")]
#[case::to_nothing("", "beach", "beach;")]
#[case::with_a_semicolon("beach;", "a;b", "beach;a\\;b;")]
#[case::empty_tag("beach;", "", "beach;;")]
fn adds_a_tag(#[case] line: &str, #[case] tag: &str, #[case] expected: &str) {
    let mut line = line.to_owned();
    add_tag(&mut line, tag);
    assert_eq!(line, expected);
}
