//! The quote tests. Each loads the carrier's table for itself, and the twelve differ only
//! in their inputs. The suite is slow, hits the carrier's rate limit, and still misses bugs.

use fixture_scopes::{Zone, ZoneTable};

#[test]
fn city_postcode_is_city() {
    let table = ZoneTable::load();
    assert_eq!(table.zone_for(12_345), Some(Zone::City));
}

#[test]
fn regional_postcode_is_regional() {
    let table = ZoneTable::load();
    assert_eq!(table.zone_for(30_000), Some(Zone::Regional));
}

#[test]
fn national_postcode_is_national() {
    let table = ZoneTable::load();
    assert_eq!(table.zone_for(80_000), Some(Zone::National));
}

#[test]
fn light_city_parcel() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(12_345, 500), Some(390));
}

#[test]
fn light_regional_parcel() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(30_000, 500), Some(490));
}

#[test]
fn light_national_parcel() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(80_000, 500), Some(690));
}

#[test]
fn two_and_a_half_kilos_to_the_city() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(12_345, 2_500), Some(630));
}

#[test]
fn three_kilos_to_the_region() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(30_000, 3_000), Some(730));
}

#[test]
fn one_kilo_to_the_city() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(12_345, 1_000), Some(390));
}

#[test]
fn ten_kilos_nationally() {
    let table = ZoneTable::load();
    assert_eq!(table.quote(80_000, 10_000), Some(1_770));
}

#[test]
fn city_is_not_remote() {
    let table = ZoneTable::load();
    assert!(!table.is_remote(12_345));
}

#[test]
fn region_is_not_remote() {
    let table = ZoneTable::load();
    assert!(!table.is_remote(30_000));
}

/// Not a test of behaviour: the distances between three of the table's functions in this
/// build, as measured on the real code (and on the range-search rewrite, which moves one).
#[test]
fn functions_sit_where_the_real_code_puts_them() {
    use fixture_scopes::{Zone, shipping_cents};
    let zone_for = ZoneTable::zone_for as fn(&ZoneTable, u32) -> Option<Zone> as usize;
    let is_remote = ZoneTable::is_remote as fn(&ZoneTable, u32) -> bool as usize;
    let shipping = shipping_cents as fn(Zone, u32, bool) -> u64 as usize;
    assert_eq!(is_remote.wrapping_sub(zone_for) as isize, 32);
    assert!([-1040, -1248].contains(&(shipping.wrapping_sub(zone_for) as isize)));
}
