//! One night's data for the benches: the orders export and the CRM's customer directory,
//! sized like the shop's (a customer per four orders, a record in five an update).

use profile_first::{Customer, CustomerDirectory, Region, Tier};

const REGIONS: [Region; 4] = [Region::North, Region::South, Region::East, Region::West];
const TIERS: [Tier; 4] = [Tier::Standard, Tier::Standard, Tier::Gold, Tier::Platinum];

/// The customer reference of customer `c`.
fn reference(c: usize) -> String {
    format!("C-{:07}", 1_000_003 + c * 37)
}

/// The CRM export for `orders` orders: `orders / 4` customers, then an update for one in
/// four of them.
pub fn directory(orders: usize) -> CustomerDirectory<String> {
    let customers = (orders / 4).max(1);
    let mut records: Vec<Customer<String>> = (0..customers)
        .map(|c| Customer {
            id: reference(c),
            region: REGIONS[c % 4],
            tier: TIERS[(c / 4) % 4],
        })
        .collect();
    records.extend((0..customers).step_by(4).map(|c| Customer {
        id: reference(c),
        region: REGIONS[(c + 1) % 4],
        tier: TIERS[(c / 4 + 1) % 4],
    }));
    CustomerDirectory::new(records)
}

/// The orders export: `orders` lines after the header, customers scattered, one order in
/// twenty from a guest the CRM does not know.
pub fn export(orders: usize) -> String {
    let customers = (orders / 4).max(1);
    let mut csv = String::from("order_id,customer,sku,quantity,unit_price\n");
    for i in 0..orders {
        let customer = if i % 20 == 19 {
            format!("g-{:07}", i)
        } else {
            reference((i * 7_919) % customers).to_lowercase()
        };
        csv.push_str(&format!(
            "{},{customer},SKU-{:05},{},{}.{:02}\n",
            50_000_000 + i,
            (i * 131) % 20_000,
            1 + i % 5,
            2 + (i * 17) % 300,
            (i * 7) % 100
        ));
    }
    csv
}
