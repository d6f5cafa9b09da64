//! A table per thread, not per run.
use fixture_scopes::{Zone, ZoneTable};
use rstest::{fixture, rstest};

thread_local! {
    static TABLE: &'static ZoneTable = Box::leak(Box::new(ZoneTable::load()));
}

#[fixture]
fn table() -> &'static ZoneTable {
    TABLE.with(|t| *t)
}

#[rstest]
#[case(19_999, Some(Zone::City))]
#[case(20_000, Some(Zone::Regional))]
#[case(60_000, Some(Zone::National))]
#[case(9_999, None)]
fn edges(table: &ZoneTable, #[case] postcode: u32, #[case] zone: Option<Zone>) {
    assert_eq!(table.zone_for(postcode), zone);
}

#[rstest]
fn quotes(table: &ZoneTable) {
    assert_eq!(table.quote(12_345, 1_001), Some(510));
    assert_eq!(table.quote(80_000, 500), Some(690));
    assert_eq!(table.quote(70_000, 500), Some(940));
}
