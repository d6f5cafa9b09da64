//! The checkout's tests: each makes the checkout it needs, with the configuration it names,
//! so none depends on which ran first.

use early_binding::{Checkout, Config, FRANCE, GERMANY};
use rstest::rstest;

fn total(config: Config, lines: &[u64], voucher: u64) -> u64 {
    let mut checkout = Checkout::new(config);
    for &line in lines {
        checkout.add(line);
    }
    checkout.apply_voucher(voucher).total_cents()
}

#[rstest]
#[case::german_small(GERMANY, &[1_000], 0, 1_773)]
#[case::french_small(FRANCE, &[1_000], 0, 1_908)]
#[case::german_big_ships_free(GERMANY, &[3_000, 2_000], 0, 5_950)]
#[case::french_exactly_at_the_threshold(FRANCE, &[3_000, 2_000], 0, 6_000)]
#[case::german_a_cent_under_the_threshold(GERMANY, &[4_201], 0, 5_582)]
#[case::german_exactly_at_the_threshold(GERMANY, &[4_202], 0, 5_000)]
#[case::vat_rounds_half_up(GERMANY, &[1_003], 0, 1_777)]
#[case::french_voucher(FRANCE, &[2_999], 50, 2_508)]
#[case::german_voucher(GERMANY, &[4_999], 10, 5_355)]
fn totals(
    #[case] config: Config,
    #[case] lines: &[u64],
    #[case] voucher: u64,
    #[case] expected: u64,
) {
    assert_eq!(total(config, lines, voucher), expected);
}

#[test]
fn two_countries_side_by_side() {
    let mut france = Checkout::new(FRANCE);
    let mut germany = Checkout::new(GERMANY);
    france.add(1_000);
    germany.add(1_000);
    assert_eq!(
        (france.total_cents(), germany.total_cents()),
        (1_908, 1_773)
    );
}
