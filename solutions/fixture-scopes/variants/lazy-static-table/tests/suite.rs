//! A process-wide table, loaded on first use.
use std::sync::LazyLock;

use fixture_scopes::{Zone, ZoneTable};

static TABLE: LazyLock<ZoneTable> = LazyLock::new(ZoneTable::load);

#[test]
fn zones() {
    for (postcode, zone) in [
        (10_000, Some(Zone::City)),
        (19_999, Some(Zone::City)),
        (20_000, Some(Zone::Regional)),
        (60_000, Some(Zone::National)),
        (9_999, None),
        (100_000, None),
    ] {
        assert_eq!(TABLE.zone_for(postcode), zone, "{postcode}");
    }
}

#[test]
fn quotes() {
    for (postcode, grams, cents) in [
        (12_345, 1_000, Some(390)),
        (12_345, 1_001, Some(510)),
        (30_000, 500, Some(490)),
        (80_000, 500, Some(690)),
        (98_600, 500, Some(940)),
        (1, 500, None),
    ] {
        assert_eq!(TABLE.quote(postcode, grams), cents, "{postcode} {grams}");
    }
}
