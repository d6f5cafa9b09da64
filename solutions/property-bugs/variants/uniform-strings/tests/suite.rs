//! The textbook round trip over arbitrary strings.

use kata_toolkit::fixtures::proptest_config;
use property_bugs::{decode, encode};
use proptest::prelude::*;

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn round_trip(items in prop::collection::vec(any::<String>(), 0..5)) {
        prop_assert_eq!(decode(&encode(&items)), Ok(items));
    }
}
