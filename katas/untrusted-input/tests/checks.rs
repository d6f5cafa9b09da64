//! The grader's checks for `untrusted-input`. Protected: fix `src/`, not these.
//!
//! The decoder is fed payloads nobody should trust. Nothing here depends on timing: the
//! malformed inputs come from a fixed seed, and memory is measured as bytes requested from
//! a counting allocator, on every thread of the process (work handed to another thread
//! still counts), with the tests taking turns so that no other test allocates meanwhile.
//! Valid batches are also written by the checks themselves, so decoding is tested against
//! an oracle that does not go through `encode`.
//!
//! A decoder that panics would take the test down with it, so every call goes through
//! `catch_unwind` and a panic is counted (and reported) like any other wrong answer. Panics
//! still print their message, which is where to look for the line that panicked.

use std::panic::catch_unwind;

use kata_toolkit::alloc::{human_bytes, measure_process};
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check, report, thousands};
use kata_toolkit::fixtures::proptest_config;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use rstest::rstest;
use untrusted_input::{
    DecodeError, EncodeError, MAGIC, MAX_SCANS, Scan, ScanBatch, ScanKind, decode, encode,
};

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// What one call to `decode` did: returned (either way), or panicked with a message.
type Outcome = Result<Result<ScanBatch, DecodeError>, String>;

fn decode_caught(bytes: &[u8]) -> Outcome {
    catch_unwind(|| decode(bytes)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

fn hex(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().take(48).map(|b| format!("{b:02x}")).collect();
    let more = if bytes.len() > 48 { " …" } else { "" };
    format!("[{}{more}] ({} bytes)", shown.join(" "), bytes.len())
}

fn scan(kind: ScanKind, sku: &str, quantity: u32, scanned_at_ms: u64) -> Scan {
    Scan {
        kind,
        sku: sku.to_owned(),
        quantity,
        scanned_at_ms,
    }
}

/// Two scans from one handheld. Its layout, byte by byte:
/// magic 0..4, device length 4, device 5..15, count 15..19,
/// scan 0: kind 19, SKU length 20, SKU 21..26, quantity 26..30, time 30..38,
/// scan 1: kind 38, SKU length 39, SKU 40..47, quantity 47..51, time 51..59.
fn sample_batch() -> ScanBatch {
    ScanBatch {
        device: "scanner-07".to_owned(),
        scans: vec![
            scan(ScanKind::Picked, "SKU-1", 3, 1_714_550_400_000),
            scan(ScanKind::Received, "BOLT-M8", 500, 1_714_550_460_000),
        ],
    }
}

fn sample_bytes() -> Vec<u8> {
    encode(&sample_batch()).expect("the sample batch encodes")
}

fn arb_kind() -> impl Strategy<Value = ScanKind> {
    prop_oneof![
        Just(ScanKind::Received),
        Just(ScanKind::Picked),
        Just(ScanKind::Counted),
    ]
}

fn arb_batch() -> impl Strategy<Value = ScanBatch> {
    let scan = (
        arb_kind(),
        "[A-Z0-9-]{0,12}|\\PC{0,4}",
        any::<u32>(),
        any::<u64>(),
    )
        .prop_map(|(kind, sku, quantity, scanned_at_ms)| Scan {
            kind,
            sku,
            quantity,
            scanned_at_ms,
        });
    (
        "[a-z0-9-]{0,12}|\\PC{0,4}",
        prop::collection::vec(scan, 0..6),
    )
        .prop_map(|(device, scans)| ScanBatch { device, scans })
}

mod round_trip {
    use super::*;

    #[test]
    fn the_sample_batch_has_the_documented_layout() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut expected = b"SCN1\x0ascanner-07\x02\x00\x00\x00".to_vec();
        expected.extend_from_slice(b"\x01\x05SKU-1\x03\x00\x00\x00");
        expected.extend_from_slice(&1_714_550_400_000u64.to_le_bytes());
        expected.extend_from_slice(b"\x00\x07BOLT-M8\xf4\x01\x00\x00");
        expected.extend_from_slice(&1_714_550_460_000u64.to_le_bytes());
        assert_eq!(sample_bytes(), expected, "the wire format must not change");
        assert_eq!(decode(&expected), Ok(sample_batch()));
    }

    /// The wire format written by the checks themselves, field by field as the crate's
    /// documentation lays it out: an oracle that does not go through `encode`.
    fn written_by_hand(batch: &ScanBatch) -> Vec<u8> {
        fn text(out: &mut Vec<u8>, text: &str) {
            out.push(u8::try_from(text.len()).expect("a short text"));
            out.extend_from_slice(text.as_bytes());
        }
        let mut out = MAGIC.to_vec();
        text(&mut out, &batch.device);
        out.extend_from_slice(&(batch.scans.len() as u32).to_le_bytes());
        for scan in &batch.scans {
            out.push(match scan.kind {
                ScanKind::Received => 0,
                ScanKind::Picked => 1,
                ScanKind::Counted => 2,
            });
            text(&mut out, &scan.sku);
            out.extend_from_slice(&scan.quantity.to_le_bytes());
            out.extend_from_slice(&scan.scanned_at_ms.to_le_bytes());
        }
        out
    }

    #[test]
    fn batches_written_without_encode_decode_to_themselves() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(256), |(batch in arb_batch())| {
            // A device no other check uses: these bytes never went through `encode`.
            let batch = ScanBatch { device: format!("by-hand/{}", batch.device), ..batch };
            prop_assert_eq!(decode(&written_by_hand(&batch)), Ok(batch));
        });
    }

    #[test]
    fn an_empty_batch_round_trips() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = ScanBatch::default();
        let bytes = encode(&batch).unwrap();
        assert_eq!(bytes, b"SCN1\x00\x00\x00\x00\x00");
        assert_eq!(decode(&bytes), Ok(batch));
    }

    #[test]
    fn the_encoder_refuses_a_text_the_format_cannot_carry() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut batch = sample_batch();
        batch.scans[1].sku = "X".repeat(256);
        assert_eq!(
            encode(&batch),
            Err(EncodeError::TextTooLong {
                field: "SKU",
                len: 256
            })
        );
    }

    #[test]
    fn every_valid_batch_decodes_to_itself() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(512), |(batch in arb_batch())| {
            let bytes = encode(&batch).unwrap();
            prop_assert_eq!(decode(&bytes), Ok(batch));
        });
    }
}

mod limits {
    use super::*;

    #[test]
    fn a_count_above_the_limit_is_refused_where_it_stands() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut bytes = b"SCN1\x00".to_vec();
        bytes.extend_from_slice(&(MAX_SCANS + 1).to_le_bytes());
        assert_eq!(
            decode_caught(&bytes),
            Ok(Err(DecodeError::TooManyScans {
                offset: 5,
                count: MAX_SCANS + 1
            })),
            "a batch claiming more than MAX_SCANS scans, payload {}",
            hex(&bytes)
        );
    }

    #[test]
    fn a_large_genuine_batch_still_decodes() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let batch = ScanBatch {
            device: "dock-door-3".to_owned(),
            scans: (0..100_000u32)
                .map(|i| {
                    scan(
                        ScanKind::Counted,
                        "PALLET",
                        i,
                        1_714_550_400_000 + u64::from(i),
                    )
                })
                .collect(),
        };
        let bytes = encode(&batch).unwrap();
        assert!(
            decode_caught(&bytes) == Ok(Ok(batch)),
            "a genuine batch of 100,000 scans ({} bytes) must decode to itself",
            bytes.len()
        );
    }
}

mod typed_errors {
    use super::*;

    fn variant(error: &DecodeError) -> &'static str {
        match error {
            DecodeError::BadMagic { .. } => "BadMagic",
            DecodeError::Truncated { .. } => "Truncated",
            DecodeError::InvalidUtf8 { .. } => "InvalidUtf8",
            DecodeError::UnknownKind { .. } => "UnknownKind",
            DecodeError::TooManyScans { .. } => "TooManyScans",
            DecodeError::TrailingBytes { .. } => "TrailingBytes",
        }
    }

    fn edited(edit: fn(&mut Vec<u8>)) -> Vec<u8> {
        let mut bytes = sample_bytes();
        edit(&mut bytes);
        bytes
    }

    /// The ten malformed payloads: name, bytes, the variant wanted and the byte it names.
    fn malformed() -> Vec<(&'static str, Vec<u8>, &'static str, usize)> {
        vec![
            ("empty", Vec::new(), "Truncated", 0),
            ("shorter than the magic", b"SCN".to_vec(), "Truncated", 0),
            ("wrong magic", edited(|b| b[3] = b'2'), "BadMagic", 0),
            (
                "device id longer than the payload",
                edited(|b| b[4] = 200),
                "Truncated",
                5,
            ),
            (
                "device id not UTF-8",
                edited(|b| b[7] = 0xff),
                "InvalidUtf8",
                7,
            ),
            (
                "SKU longer than the payload",
                edited(|b| b[20] = 250),
                "Truncated",
                21,
            ),
            ("SKU not UTF-8", edited(|b| b[42] = 0xc3), "InvalidUtf8", 42),
            (
                "unknown scan kind",
                edited(|b| b[38] = 7),
                "UnknownKind",
                38,
            ),
            (
                "cut inside a scan time",
                edited(|b| b.truncate(55)),
                "Truncated",
                51,
            ),
            (
                "bytes after the last scan",
                edited(|b| b.extend_from_slice(b"\x00\x01")),
                "TrailingBytes",
                59,
            ),
        ]
    }

    /// What is wrong with `decode`'s answer to `bytes`, if anything.
    fn judge(bytes: &[u8], expected: &str, offset: usize) -> Result<(), String> {
        match decode_caught(bytes) {
            Err(panic) => Err(format!(
                "decode panicked (\"{panic}\") on {}; wanted Err({expected} at byte {offset})",
                hex(bytes)
            )),
            Ok(Ok(batch)) => Err(format!(
                "decode accepted {} as {batch:?}; wanted Err({expected} at byte {offset})",
                hex(bytes)
            )),
            Ok(Err(error)) if (variant(&error), error.offset()) != (expected, offset) => {
                Err(format!(
                    "decode returned {error:?} for {}; wanted {expected} at byte {offset}",
                    hex(bytes)
                ))
            }
            Ok(Err(error)) if !error.to_string().contains(&offset.to_string()) => {
                Err(format!("the message \"{error}\" should name byte {offset}"))
            }
            Ok(Err(_)) => Ok(()),
        }
    }

    /// All ten at once, for the figure: how many are refused as documented.
    #[test]
    fn every_malformed_payload_is_refused_right() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let cases = malformed();
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(name, bytes, expected, offset)| {
                judge(bytes, expected, *offset)
                    .err()
                    .map(|why| format!("{name}: {why}"))
            })
            .collect();
        check(
            Figure::at_least(
                &format!(
                    "malformed payloads of {} refused with the right error at the right byte",
                    cases.len()
                ),
                (cases.len() - wrong.len()) as f64,
                cases.len() as f64,
                "",
            ),
            &format!(
                "{} of {} refused wrongly; the first, {}",
                wrong.len(),
                cases.len(),
                wrong.first().map(String::as_str).unwrap_or("")
            ),
        );
    }

    #[rstest]
    #[case::empty(0)]
    #[case::shorter_than_the_magic(1)]
    #[case::wrong_magic(2)]
    #[case::device_id_longer_than_the_payload(3)]
    #[case::device_id_not_utf8(4)]
    #[case::sku_longer_than_the_payload(5)]
    #[case::sku_not_utf8(6)]
    #[case::unknown_scan_kind(7)]
    #[case::cut_inside_a_scan_time(8)]
    #[case::bytes_after_the_last_scan(9)]
    fn malformed_payloads_are_refused_with_what_and_where(#[case] index: usize) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let (_, bytes, expected, offset) = &malformed()[index];
        if let Err(why) = judge(bytes, expected, *offset) {
            panic!("{why}");
        }
    }
}

mod no_panics {
    use super::*;

    /// Malformed inputs tried.
    const CASES: u32 = 10_000;
    /// The search stops at this many panics: enough to show the decoder panics, few enough
    /// that their messages stay readable.
    const STOP_AT: u32 = 10;

    #[derive(Clone, Debug)]
    enum Damage {
        Cut(Index),
        Set(Index, u8),
        Insert(Index, Vec<u8>),
    }

    fn arb_damage() -> impl Strategy<Value = Damage> {
        prop_oneof![
            any::<Index>().prop_map(Damage::Cut),
            (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Set(i, b)),
            (any::<Index>(), prop::collection::vec(any::<u8>(), 1..6))
                .prop_map(|(i, b)| Damage::Insert(i, b)),
        ]
    }

    fn damaged(batch: &ScanBatch, damage: &[Damage]) -> Vec<u8> {
        let mut bytes = encode(batch).unwrap();
        for d in damage {
            match d {
                Damage::Cut(i) => bytes.truncate(i.index(bytes.len() + 1)),
                Damage::Set(i, b) if !bytes.is_empty() => {
                    let at = i.index(bytes.len());
                    bytes[at] = *b;
                }
                Damage::Set(..) => {}
                Damage::Insert(i, extra) => {
                    let at = i.index(bytes.len() + 1);
                    bytes.splice(at..at, extra.iter().copied());
                }
            }
        }
        bytes
    }

    /// Valid batches cut short, with bytes overwritten or inserted; random bytes; random
    /// bytes after a correct magic.
    fn arb_malformed() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            6 => (arb_batch(), prop::collection::vec(arb_damage(), 1..3))
                .prop_map(|(batch, damage)| damaged(&batch, &damage)),
            1 => prop::collection::vec(any::<u8>(), 0..24),
            1 => prop::collection::vec(any::<u8>(), 0..24).prop_map(|tail| {
                let mut bytes = MAGIC.to_vec();
                bytes.extend(tail);
                bytes
            }),
        ]
    }

    #[test]
    fn arbitrary_malformed_payloads_never_panic() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut runner = TestRunner::new(proptest_config(CASES));
        let strategy = arb_malformed();
        let (mut tried, mut panics) = (0u32, 0u32);
        let mut first: Option<(Vec<u8>, String)> = None;
        while tried < CASES && panics < STOP_AT {
            let input = strategy
                .new_tree(&mut runner)
                .expect("a malformed input")
                .current();
            tried += 1;
            if let Err(message) = decode_caught(&input) {
                panics += 1;
                first.get_or_insert((input, message));
            }
        }
        let first = first
            .map(|(input, message)| format!("; the first was \"{message}\" on {}", hex(&input)))
            .unwrap_or_default();
        check(
            // Named for the payloads actually tried: the search stops early at STOP_AT.
            Figure::at_most(
                &format!(
                    "panics decoding {} malformed payloads",
                    thousands(u64::from(tried))
                ),
                f64::from(panics),
                0.0,
                "",
            ),
            &format!(
                "decode panicked on {panics} of the first {tried} malformed payloads (the search \
                 stops at {STOP_AT}){first}"
            ),
        );
    }
}

mod hostile_allocation {
    use super::*;

    /// The bar: bytes a decode may request, whatever a payload claims.
    const MAX_BYTES: u64 = 64 * 1024;

    /// 10 bytes: magic, an empty device id, a count of 1,000,000 scans, and one stray byte.
    fn ten_byte_payload() -> Vec<u8> {
        let mut bytes = b"SCN1\x00".to_vec();
        bytes.extend_from_slice(&1_000_000u32.to_le_bytes());
        bytes.push(0);
        bytes
    }

    /// 23 bytes: a count of 999,999 scans followed by one genuine scan.
    fn one_real_scan_payload() -> Vec<u8> {
        let mut bytes = b"SCN1\x00".to_vec();
        bytes.extend_from_slice(&999_999u32.to_le_bytes());
        bytes.extend_from_slice(b"\x01\x00");
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&1_714_550_400_000u64.to_le_bytes());
        bytes
    }

    #[test]
    fn a_lying_count_costs_almost_nothing() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut results = Vec::new();
        for payload in [ten_byte_payload(), one_real_scan_payload()] {
            let (outcome, stats) = measure_process(|| decode_caught(&payload));
            results.push((payload, outcome, stats));
        }
        let figures: Vec<Figure> = results
            .iter()
            .map(|(payload, _, stats)| {
                report(Figure::at_most(
                    &format!(
                        "bytes requested decoding a {}-byte hostile payload",
                        payload.len()
                    ),
                    stats.bytes as f64,
                    MAX_BYTES as f64,
                    "bytes",
                ))
            })
            .collect();
        for ((payload, outcome, stats), figure) in results.iter().zip(&figures) {
            assert!(
                figure.passes(),
                "{figure}: {} claims {} scans and the decoder asked the allocator for {} \
                 before finding out they are not there ({stats})",
                hex(payload),
                u32::from_le_bytes(payload[5..9].try_into().unwrap()),
                human_bytes(stats.bytes),
            );
            match outcome {
                Ok(Err(_)) => {}
                Ok(Ok(batch)) => panic!(
                    "decode accepted {} with {} scans; it claims far more than it holds",
                    hex(payload),
                    batch.scans.len()
                ),
                Err(panic) => panic!("decode panicked (\"{panic}\") on {}", hex(payload)),
            }
        }
    }
}
