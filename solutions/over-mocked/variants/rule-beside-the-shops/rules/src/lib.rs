//! The shop's own pricing rules, which the engine asks through [`DiscountRule`].

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use over_mocked_subject::{Cents, DiscountRule};

/// The order discount the shop advertises: 5 % off an order of 100 € or more, 10 % off
/// one of 200 € or more (judged on the goods' subtotal, bulk savings included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VolumeDiscount;

impl DiscountRule for VolumeDiscount {
    fn percent_off(&self, subtotal: Cents) -> u32 {
        // The higher tier first: every order of 200 € also clears 100 €.
        if subtotal >= 200_00 {
            10
        } else if subtotal >= 100_00 {
            5
        } else {
            0
        }
    }
}

/// A stand-in for the shop's rule, the advertised tiers done right, which the variant's
/// tests use in place of `VolumeDiscount`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandInTiers;

impl DiscountRule for StandInTiers {
    fn percent_off(&self, subtotal: Cents) -> u32 {
        match subtotal {
            200_00.. => 10,
            100_00.. => 5,
            _ => 0,
        }
    }
}
