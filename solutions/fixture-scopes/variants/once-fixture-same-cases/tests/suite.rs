//! The shipped inputs as one table over a shared fixture.
use fixture_scopes::{Zone, ZoneTable};
use rstest::{fixture, rstest};

#[fixture]
#[once]
fn table() -> ZoneTable {
    ZoneTable::load()
}

#[rstest]
#[case(12_345, Some(Zone::City))]
#[case(30_000, Some(Zone::Regional))]
#[case(80_000, Some(Zone::National))]
fn zones(table: &ZoneTable, #[case] postcode: u32, #[case] zone: Option<Zone>) {
    assert_eq!(table.zone_for(postcode), zone);
}

#[rstest]
#[case(12_345, 500, Some(390))]
#[case(30_000, 500, Some(490))]
#[case(80_000, 500, Some(690))]
#[case(12_345, 2_500, Some(630))]
#[case(30_000, 3_000, Some(730))]
#[case(12_345, 1_000, Some(390))]
#[case(80_000, 10_000, Some(1_770))]
fn quotes(
    table: &ZoneTable,
    #[case] postcode: u32,
    #[case] grams: u32,
    #[case] cents: Option<u64>,
) {
    assert_eq!(table.quote(postcode, grams), cents);
}
