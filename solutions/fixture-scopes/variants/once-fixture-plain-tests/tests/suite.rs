//! One shared table, one test per rule.
use fixture_scopes::{Zone, ZoneTable};
use rstest::{fixture, rstest};

#[fixture]
#[once]
fn table() -> ZoneTable {
    ZoneTable::load()
}

#[rstest]
fn zone_edges(table: &ZoneTable) {
    assert_eq!(table.zone_for(19_999), Some(Zone::City));
    assert_eq!(table.zone_for(20_000), Some(Zone::Regional));
    assert_eq!(table.zone_for(59_999), Some(Zone::Regional));
    assert_eq!(table.zone_for(60_000), Some(Zone::National));
    assert_eq!(table.zone_for(9_999), None);
}

#[rstest]
fn base_prices_and_kilos(table: &ZoneTable) {
    assert_eq!(table.quote(12_345, 1_000), Some(390));
    assert_eq!(table.quote(12_345, 1_001), Some(510));
    assert_eq!(table.quote(30_000, 100), Some(490));
    assert_eq!(table.quote(80_000, 100), Some(690));
}

#[rstest]
fn remote_surcharge(table: &ZoneTable) {
    assert_eq!(table.quote(70_000, 100), Some(940));
    assert!(!table.is_remote(71_000));
}
