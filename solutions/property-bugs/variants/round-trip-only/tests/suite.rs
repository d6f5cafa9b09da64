//! One property: every list of tags comes back as it went in.

use kata_toolkit::fixtures::proptest_config;
use property_bugs::{decode, encode};
use proptest::prelude::*;

fn tag() -> impl Strategy<Value = String> {
    "[ab;\\\\\nné€]{0,6}"
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn round_trip(items in prop::collection::vec(tag(), 0..5)) {
        prop_assert_eq!(decode(&encode(&items)), Ok(items));
    }
}
