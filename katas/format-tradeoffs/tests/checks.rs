//! The grader's checks for `format-tradeoffs`. Protected: fix `src/`, not these.
//!
//! The cache's blobs are judged by a reader that is not yours: postcard's own decoder,
//! reading into the checks' own copy of the schema (`wire` below), and postcard's own
//! encoder writing blobs for your decoder to read. The public JSON is judged against the
//! checks' own copy of the contract (`edge` below) and a snapshot. Size is a count of
//! bytes. Speed is a ratio against the shipped pretty JSON measured in the same process,
//! interleaved, as a median of many rounds (`kata_toolkit::ratio::speedup`), never an
//! absolute time.

use std::hint::black_box;

use format_tradeoffs::{
    Badge, Currency, Hit, ResultsPage, decode_blob, encode_blob, to_public_json,
};
use kata_toolkit::alloc::human_bytes;
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::proptest_config;
use kata_toolkit::ratio::{RatioConfig, speedup};
use proptest::prelude::*;
use serde_json::Value;

/// The bar: blob bytes as a share of the same page in compact JSON.
const MAX_SHARE_OF_JSON: f64 = 0.60;
/// The bar: how many times faster than the shipped pretty JSON a blob is written and
/// read back. postcard is about 8 times faster in a debug build (as the checks run),
/// and more in release; 3 is near the geometric middle.
const MIN_SPEEDUP: f64 = 3.0;

/// The blob's schema, as the cache's other readers know it: postcard, the fields in
/// this order, no names, no tags beyond postcard's own.
mod wire {
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Page {
        pub query: String,
        pub generated_at_ms: u64,
        pub total_hits: u32,
        pub hits: Vec<Hit>,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Hit {
        pub product_id: u64,
        pub title: String,
        pub price_cents: u32,
        pub list_price_cents: Option<u32>,
        pub currency: Currency,
        pub rating: f32,
        pub reviews: u32,
        pub score: f64,
        pub in_stock: bool,
        pub badges: Vec<Badge>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
    pub enum Currency {
        Eur,
        Gbp,
        Usd,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum Badge {
        BestSeller,
        NewIn,
        Discount { percent: u8 },
        ShipsIn { days: u8 },
    }
}

/// The public JSON's contract, as the apps know it.
mod edge {
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page {
        pub query: String,
        pub generated_at_ms: u64,
        pub total_hits: u32,
        pub hits: Vec<Hit>,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Hit {
        pub product_id: u64,
        pub title: String,
        pub price_cents: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub list_price_cents: Option<u32>,
        pub currency: Currency,
        pub rating: f32,
        pub reviews: u32,
        pub score: f64,
        pub in_stock: bool,
        pub badges: Vec<Badge>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "UPPERCASE")]
    pub enum Currency {
        Eur,
        Gbp,
        Usd,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    pub enum Badge {
        BestSeller,
        NewIn,
        Discount { percent: u8 },
        ShipsIn { days: u8 },
    }
}

/// The page in the wire schema, field by field.
fn to_wire(page: &ResultsPage) -> wire::Page {
    wire::Page {
        query: page.query.clone(),
        generated_at_ms: page.generated_at_ms,
        total_hits: page.total_hits,
        hits: page
            .hits
            .iter()
            .map(|h| wire::Hit {
                product_id: h.product_id,
                title: h.title.clone(),
                price_cents: h.price_cents,
                list_price_cents: h.list_price_cents,
                currency: match h.currency {
                    Currency::Eur => wire::Currency::Eur,
                    Currency::Gbp => wire::Currency::Gbp,
                    Currency::Usd => wire::Currency::Usd,
                },
                rating: h.rating,
                reviews: h.reviews,
                score: h.score,
                in_stock: h.in_stock,
                badges: h
                    .badges
                    .iter()
                    .map(|b| match *b {
                        Badge::BestSeller => wire::Badge::BestSeller,
                        Badge::NewIn => wire::Badge::NewIn,
                        Badge::Discount { percent } => wire::Badge::Discount { percent },
                        Badge::ShipsIn { days } => wire::Badge::ShipsIn { days },
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The page in the public contract, field by field.
fn to_edge(page: &ResultsPage) -> edge::Page {
    edge::Page {
        query: page.query.clone(),
        generated_at_ms: page.generated_at_ms,
        total_hits: page.total_hits,
        hits: page
            .hits
            .iter()
            .map(|h| edge::Hit {
                product_id: h.product_id,
                title: h.title.clone(),
                price_cents: h.price_cents,
                list_price_cents: h.list_price_cents,
                currency: match h.currency {
                    Currency::Eur => edge::Currency::Eur,
                    Currency::Gbp => edge::Currency::Gbp,
                    Currency::Usd => edge::Currency::Usd,
                },
                rating: h.rating,
                reviews: h.reviews,
                score: h.score,
                in_stock: h.in_stock,
                badges: h
                    .badges
                    .iter()
                    .map(|b| match *b {
                        Badge::BestSeller => edge::Badge::BestSeller,
                        Badge::NewIn => edge::Badge::NewIn,
                        Badge::Discount { percent } => edge::Badge::Discount { percent },
                        Badge::ShipsIn { days } => edge::Badge::ShipsIn { days },
                    })
                    .collect(),
            })
            .collect(),
    }
}

const TITLES: [&str; 6] = [
    "Trail running shoe, men's",
    "Trail running shoe, women's, wide fit",
    "Waterproof running jacket",
    "Merino running socks (3 pairs)",
    "Hydration vest 5 l",
    "Head torch 400 lm, rechargeable",
];

/// The `p`th page a busy search cluster caches: 48 hits, the same on every run.
fn busy_page(p: u64) -> ResultsPage {
    let hits = (0..48u64)
        .map(|i| {
            let k = p * 48 + i;
            Hit {
                product_id: 40_000_000 + (k * 7_919) % 9_000_000,
                title: format!("{} {}", TITLES[(k % 6) as usize], 36 + k % 12),
                price_cents: 1_999 + (k as u32 * 131) % 20_000,
                list_price_cents: k
                    .is_multiple_of(3)
                    .then_some(2_999 + (k as u32 * 17) % 30_000),
                currency: [Currency::Eur, Currency::Gbp, Currency::Usd][(p % 3) as usize],
                rating: (30 + k % 21) as f32 / 10.0,
                reviews: (k as u32 * 37) % 5_000,
                score: 1.0 / (1.0 + k as f64 * 0.37),
                in_stock: !k.is_multiple_of(5),
                badges: match k % 4 {
                    0 => vec![Badge::BestSeller],
                    1 => vec![Badge::Discount { percent: 15 }, Badge::ShipsIn { days: 2 }],
                    2 => vec![],
                    _ => vec![Badge::NewIn],
                },
            }
        })
        .collect();
    ResultsPage {
        query: format!("trail running shoes size {}", 36 + p % 12),
        generated_at_ms: 1_714_564_803_118 + p * 1_000,
        total_hits: 1_234 + p as u32,
        hits,
    }
}

/// A small page with every case the contract has.
fn sample_page() -> ResultsPage {
    ResultsPage {
        query: "trail shoes \"waterproof\"".to_owned(),
        generated_at_ms: 1_714_564_803_118,
        total_hits: 213,
        hits: vec![
            Hit {
                product_id: 48_213_377,
                title: "Trail running shoe, men's".to_owned(),
                price_cents: 8_999,
                list_price_cents: Some(11_999),
                currency: Currency::Eur,
                rating: 4.5,
                reviews: 1_287,
                score: 0.9731,
                in_stock: true,
                badges: vec![Badge::Discount { percent: 25 }, Badge::BestSeller],
            },
            Hit {
                product_id: 48_213_378,
                title: "Chaussure de trail, femme".to_owned(),
                price_cents: 7_499,
                list_price_cents: None,
                currency: Currency::Gbp,
                rating: 3.9,
                reviews: 42,
                score: 0.5,
                in_stock: false,
                badges: vec![Badge::NewIn, Badge::ShipsIn { days: 3 }],
            },
            Hit {
                product_id: 7,
                title: String::new(),
                price_cents: 0,
                list_price_cents: None,
                currency: Currency::Usd,
                rating: 0.0,
                reviews: 0,
                score: -1.25,
                in_stock: true,
                badges: vec![],
            },
        ],
    }
}

fn arb_hit() -> impl Strategy<Value = Hit> {
    let badge = prop_oneof![
        Just(Badge::BestSeller),
        Just(Badge::NewIn),
        any::<u8>().prop_map(|percent| Badge::Discount { percent }),
        any::<u8>().prop_map(|days| Badge::ShipsIn { days }),
    ];
    (
        (
            any::<u64>(),
            "\\PC{0,40}",
            any::<u32>(),
            any::<Option<u32>>(),
        ),
        prop::sample::select(vec![Currency::Eur, Currency::Gbp, Currency::Usd]),
        (0u8..=50, any::<u32>(), -1e9f64..1e9, any::<bool>()),
        prop::collection::vec(badge, 0..4),
    )
        .prop_map(
            |(
                (product_id, title, price_cents, list_price_cents),
                currency,
                (rating, reviews, score, in_stock),
                badges,
            )| Hit {
                product_id,
                title,
                price_cents,
                list_price_cents,
                currency,
                rating: f32::from(rating) / 10.0,
                reviews,
                score,
                in_stock,
                badges,
            },
        )
}

fn arb_page() -> impl Strategy<Value = ResultsPage> {
    (
        "\\PC{0,30}",
        any::<u64>(),
        any::<u32>(),
        prop::collection::vec(arb_hit(), 0..6),
    )
        .prop_map(|(query, generated_at_ms, total_hits, hits)| ResultsPage {
            query,
            generated_at_ms,
            total_hits,
            hits,
        })
}

/// Parse JSON text the checks were given (a malformed text fails the check).
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

mod public_json {
    use super::*;

    /// The public JSON of a page with every case, as the apps have always received it.
    #[test]
    fn keeps_its_published_shape() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let value = json(&to_public_json(&sample_page()));
        // The kata, its solution and its variants sit at different depths: find the
        // kata's snapshots folder from whichever crate runs these checks.
        let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|dir| dir.join("katas/format-tradeoffs/tests/snapshots"))
            .find(|dir| dir.is_dir())
            .expect("katas/format-tradeoffs/tests/snapshots above the crate under test");
        insta::with_settings!({
            snapshot_path => snapshots,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_json_snapshot!("public_page", value);
        });
    }

    /// Any page's public JSON is what the contract says, key for key.
    #[test]
    fn follows_the_contract_for_any_page() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(256), |(page in arb_page())| {
            let wanted = json(&serde_json::to_string(&to_edge(&page)).unwrap());
            prop_assert_eq!(json(&to_public_json(&page)), wanted);
        });
    }
}

mod blob_round_trip {
    use super::*;

    /// postcard's own decoder reads every blob you write, into the checks' own types.
    #[test]
    fn blobs_are_postcard() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(256), |(page in arb_page())| {
            let blob = encode_blob(&page);
            let read = postcard::take_from_bytes::<wire::Page>(&blob);
            prop_assert!(read.is_ok(), "postcard cannot read the blob: {:?}", read.err());
            let (read, rest) = read.unwrap();
            prop_assert_eq!(read, to_wire(&page));
            prop_assert!(rest.is_empty(), "{} bytes after the page", rest.len());
        });
    }

    /// Your decoder reads every blob postcard's own encoder writes.
    #[test]
    fn reads_postcard_blobs() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(256), |(page in arb_page())| {
            let blob = postcard::to_allocvec(&to_wire(&page)).unwrap();
            let read = decode_blob(&blob);
            prop_assert!(read.is_ok(), "a postcard blob was refused: {:?}", read.err());
            prop_assert_eq!(read.unwrap(), page);
        });
    }

    /// A cut-off blob (a cache node that died mid-write) is an error, not a panic and not
    /// a page.
    #[test]
    fn refuses_cut_off_blobs() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let blob = postcard::to_allocvec(&to_wire(&sample_page())).unwrap();
        for len in 0..blob.len() {
            assert!(
                decode_blob(&blob[..len]).is_err(),
                "the first {len} of {} bytes read as a page",
                blob.len()
            );
        }
    }
}

mod blob_size {
    use super::*;

    #[test]
    fn blobs_are_compact() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (mut blob_bytes, mut json_bytes) = (0, 0);
        for p in 0..20 {
            let page = busy_page(p);
            blob_bytes += encode_blob(&page).len();
            json_bytes += serde_json::to_vec(&to_edge(&page)).unwrap().len();
        }
        check(
            Figure::at_most(
                "blob bytes as a share of compact JSON",
                blob_bytes as f64 / json_bytes as f64,
                MAX_SHARE_OF_JSON,
                "",
            ),
            &format!(
                "20 busy pages take {} as blobs, {} as compact JSON",
                human_bytes(blob_bytes as u64),
                human_bytes(json_bytes as u64)
            ),
        );
    }
}

mod blob_speed {
    use super::*;

    #[test]
    fn blobs_are_much_faster_than_pretty_json() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let page = busy_page(7);
        let shipped = to_edge(&page);
        let ratio = speedup(
            || {
                let blob = serde_json::to_vec_pretty(black_box(&shipped)).unwrap();
                serde_json::from_slice::<edge::Page>(&blob).unwrap()
            },
            || {
                let blob = encode_blob(black_box(&page));
                decode_blob(&blob).expect("a blob reads back")
            },
            RatioConfig::default(),
        );
        check(
            Figure::at_least(
                "speed-up writing and reading a blob against pretty JSON",
                ratio.median,
                MIN_SPEEDUP,
                "x",
            ),
            &format!("a 48-hit page, written and read back: {ratio}"),
        );
    }
}
