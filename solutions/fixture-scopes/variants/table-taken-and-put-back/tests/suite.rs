//! The quote rules as one table per rule, over a table kept in a static mutex: each test
//! takes it out, uses it and puts it back. At one test thread that is one load per run; as
//! soon as two tests run at once, the second finds the slot empty and loads again.

use std::sync::Mutex;

use fixture_scopes::{Zone, ZoneTable};
use rstest::rstest;

static SLOT: Mutex<Option<ZoneTable>> = Mutex::new(None);

/// The shared table, loaded by whichever test finds the slot empty.
fn with_table<R>(use_it: impl FnOnce(&ZoneTable) -> R) -> R {
    let taken = SLOT.lock().unwrap_or_else(|e| e.into_inner()).take();
    let table = taken.unwrap_or_else(ZoneTable::load);
    let result = use_it(&table);
    *SLOT.lock().unwrap_or_else(|e| e.into_inner()) = Some(table);
    result
}

#[rstest]
#[case::first_city(10_000, Some(Zone::City))]
#[case::last_city(19_999, Some(Zone::City))]
#[case::first_regional(20_000, Some(Zone::Regional))]
#[case::last_regional(59_999, Some(Zone::Regional))]
#[case::first_national(60_000, Some(Zone::National))]
#[case::last_national(99_999, Some(Zone::National))]
#[case::below_the_range(9_999, None)]
#[case::above_the_range(100_000, None)]
fn zones_cover_their_ranges(#[case] postcode: u32, #[case] zone: Option<Zone>) {
    assert_eq!(with_table(|table| table.zone_for(postcode)), zone);
}

#[rstest]
#[case::city_base(12_345, 500, Some(390))]
#[case::regional_base(30_000, 500, Some(490))]
#[case::national_base(80_000, 500, Some(690))]
#[case::exactly_one_kilo(12_345, 1_000, Some(390))]
#[case::a_gram_over_starts_a_kilo(12_345, 1_001, Some(510))]
#[case::two_and_a_half_kilos(30_000, 2_500, Some(730))]
#[case::remote_island(70_500, 500, Some(940))]
#[case::remote_valley_heavy(98_999, 2_000, Some(1_060))]
#[case::not_served(5_000, 500, None)]
fn quotes(#[case] postcode: u32, #[case] grams: u32, #[case] cents: Option<u64>) {
    assert_eq!(with_table(|table| table.quote(postcode, grams)), cents);
}

#[rstest]
#[case(69_999, false)]
#[case(70_000, true)]
#[case(70_999, true)]
#[case(71_000, false)]
#[case(98_500, true)]
fn remote_postcodes(#[case] postcode: u32, #[case] remote: bool) {
    assert_eq!(with_table(|table| table.is_remote(postcode)), remote);
}
