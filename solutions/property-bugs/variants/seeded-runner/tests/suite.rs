//! The properties run by hand on a seeded `TestRunner`: same cases every run.

use kata_toolkit::fixtures::{Seeded, seeded};
use property_bugs::{decode, encode};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rstest::rstest;

fn tags() -> impl Strategy<Value = Vec<String>> {
    let ch = prop_oneof![
        Just(';'),
        Just('\\'),
        Just('\n'),
        Just('n'),
        Just('x'),
        Just('ü'),
        Just('💡'),
    ];
    prop::collection::vec(
        prop::collection::vec(ch, 0..5).prop_map(String::from_iter),
        0..5,
    )
}

#[rstest]
fn round_trip(mut seeded: Seeded) {
    let outcome = seeded.runner().run(&tags(), |items| {
        let back = decode(&encode(&items)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, items);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[rstest]
fn one_line(mut seeded: Seeded) {
    let outcome = seeded.runner().run(&tags(), |items| {
        prop_assert!(!encode(&items).contains('\n'));
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[rstest]
#[case(&[""], ";")]
#[case(&["\\"], "\\\\;")]
#[case(&["\n"], "\\n;")]
#[case(&["ü"], "ü;")]
fn shrunk_cases(#[case] items: &[&str], #[case] line: &str) {
    assert_eq!(encode(items), line);
    assert_eq!(decode(line).unwrap(), items);
}
