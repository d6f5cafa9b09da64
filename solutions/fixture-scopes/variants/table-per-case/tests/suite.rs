//! Parametrised and thorough, but the table is loaded per case.
use fixture_scopes::{Zone, ZoneTable};
use rstest::{fixture, rstest};

#[fixture]
fn table() -> ZoneTable {
    ZoneTable::load()
}

#[rstest]
#[case(19_999, Some(Zone::City))]
#[case(20_000, Some(Zone::Regional))]
#[case(60_000, Some(Zone::National))]
#[case(9_999, None)]
fn edges(table: ZoneTable, #[case] postcode: u32, #[case] zone: Option<Zone>) {
    assert_eq!(table.zone_for(postcode), zone);
}

#[rstest]
#[case(12_345, 1_001, Some(510))]
#[case(80_000, 500, Some(690))]
#[case(12_345, 500, Some(390))]
#[case(70_000, 500, Some(940))]
fn quotes(table: ZoneTable, #[case] postcode: u32, #[case] grams: u32, #[case] cents: Option<u64>) {
    assert_eq!(table.quote(postcode, grams), cents);
}
