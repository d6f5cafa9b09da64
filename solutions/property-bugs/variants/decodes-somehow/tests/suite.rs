//! Every encoded list can be decoded.

use kata_toolkit::fixtures::proptest_config;
use property_bugs::{decode, encode};
use proptest::prelude::*;

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn encoded_lists_decode(items in prop::collection::vec("[ab;\\\\\nné]{0,6}", 0..5)) {
        prop_assert!(decode(&encode(&items)).is_ok());
    }
}
