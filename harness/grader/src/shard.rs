//! `--shard I/N`: split the katas between N jobs (a CI matrix, a class graded by several
//! machines) so that together they cover every kata exactly once. A kata's shard follows
//! from its id alone (FNV-1a), so adding a kata never moves the others between shards.

use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count`, both counted from 1 as users write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether kata `id` belongs to this shard.
    pub fn holds(&self, id: &str) -> bool {
        (id_hash(id.as_bytes()) % u64::from(self.count)) as u32 + 1 == self.index
    }
}

/// FNV-1a, then MurmurHash3's finaliser: FNV alone leaves ids that differ only near their
/// end (`cache-smartly`, `cache-friendly-loops`) too close in the low bits a shard uses.
fn id_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a shard: write I/N, e.g. 2/3 (1 <= I <= N)");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_kata_exactly_once() {
        let ids: Vec<String> = (0..200).map(|i| format!("kata-{i}")).collect();
        for count in 1..=5 {
            for id in &ids {
                let holders = (1..=count)
                    .filter(|&index| Shard { index, count }.holds(id))
                    .count();
                assert_eq!(holders, 1, "{id} in {holders} of {count} shards");
            }
        }
        // Spread: no shard of three is empty or holds most of them.
        for index in 1..=3 {
            let n = ids
                .iter()
                .filter(|id| Shard { index, count: 3 }.holds(id))
                .count();
            assert!((40..=95).contains(&n), "shard {index}/3 holds {n} of 200");
        }
    }

    #[test]
    fn parses_and_refuses_nonsense() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "x/2", "3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
