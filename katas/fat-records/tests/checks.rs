//! The grader's checks for `fat-records`. Protected: fix `src/`, not these.
//!
//! Memory is measured with a counting global allocator: the heap bytes still held after
//! parsing a feed into a `Vec<Scan>` whose slots were reserved beforehand, counted over
//! every thread of the process (a helper thread's allocations count too), with the tests
//! taking turns so no other test allocates meanwhile. The count is exact and the same on
//! every run and every machine. `size_of` is read by the compiler: also exact.

use std::hint::black_box;
use std::mem::size_of;

use fat_records::{Scan, ScanError, Status};
use kata_toolkit::alloc::{human_bytes, measure_process};
use kata_toolkit::alone::take_turn;
use kata_toolkit::figure::{Figure, check, thousands};
use kata_toolkit::fixtures::proptest_config;
use proptest::prelude::*;
use rstest::rstest;

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// Scans in a measured feed: not a round number.
const SCANS: usize = 24_989;
/// One scan in this many carries a note.
const NOTE_EVERY: usize = 25;
/// The bar: heap bytes a scan may keep, beyond its own `size_of`. A scan without a note
/// needs none; the notes in the feed average about 1.2 bytes per scan.
const MAX_HEAP_PER_SCAN: f64 = 8.0;
/// The bar for `size_of::<Scan>()`: the reference packs a scan into 40 bytes; 48 leaves
/// room for one roomier but reasonable choice (an `i64` time, or a `String` note).
const MAX_SIZE: usize = 48;

const DEPOTS: [&str; 7] = ["LHR", "MAN", "EDI", "BHX", "BRS", "GLA", "NCL"];
const NOTES: [&str; 4] = [
    "Leave with the neighbour at 14",
    "Fragile, this way up",
    "Customer away until Monday, hold at depot",
    "Gate code 4471, ring twice",
];

/// What a scan says: the model the parser is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    parcel: u64,
    scanned_at: u32,
    depot: String,
    status: Status,
    weight_grams: u32,
    note: Option<String>,
}

impl Entry {
    /// The line the feed carries for this entry.
    fn line(&self) -> String {
        format!(
            "PX{:010},{},{},{},{},{}",
            self.parcel,
            self.scanned_at,
            self.depot,
            self.status.as_str(),
            self.weight_grams,
            self.note.as_deref().unwrap_or("")
        )
    }

    /// What the parsed scan says, field by field.
    fn of(scan: &Scan) -> Entry {
        Entry {
            parcel: scan.parcel(),
            scanned_at: scan.scanned_at(),
            depot: scan.depot().to_owned(),
            status: scan.status(),
            weight_grams: scan.weight_grams(),
            note: scan.note().map(str::to_owned),
        }
    }
}

/// The `i`th scan of a generated feed: the same on every run.
fn entry(i: usize) -> Entry {
    Entry {
        parcel: 48_000_000 + (i as u64 * 7_919) % 9_000_000_000,
        scanned_at: 1_714_564_803 + (i as u32 * 37) % 86_400,
        depot: DEPOTS[i % DEPOTS.len()].to_owned(),
        status: Status::ALL[i % Status::ALL.len()],
        weight_grams: 120 + (i as u32 * 7_817) % 31_000,
        note: (i % NOTE_EVERY == NOTE_EVERY - 1)
            .then(|| NOTES[i / NOTE_EVERY % NOTES.len()].to_owned()),
    }
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    (
        0u64..=9_999_999_999,
        any::<u32>(),
        "[A-Z]{3}",
        prop::sample::select(Status::ALL.to_vec()),
        any::<u32>(),
        prop::option::of("[^\r\n]{1,60}"),
    )
        .prop_map(
            |(parcel, scanned_at, depot, status, weight_grams, note)| Entry {
                parcel,
                scanned_at,
                depot,
                status,
                weight_grams,
                note,
            },
        )
}

mod parsing {
    use super::*;

    #[test]
    fn reads_every_field_of_a_line() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let scan =
            Scan::parse("PX0048213377,1714564803,LHR,out_for_delivery,1250,Leave it, please")
                .unwrap();
        assert_eq!(scan.parcel(), 48_213_377);
        assert_eq!(scan.scanned_at(), 1_714_564_803);
        assert_eq!(scan.depot(), "LHR");
        assert_eq!(scan.status(), Status::OutForDelivery);
        assert_eq!(scan.weight_grams(), 1250);
        assert_eq!(scan.note(), Some("Leave it, please"));
        let bare = Scan::parse("PX9999999999,0,EDI,delivered,0,").unwrap();
        assert_eq!(bare.parcel(), 9_999_999_999);
        assert_eq!(bare.note(), None);
        assert_eq!(bare.to_line(), "PX9999999999,0,EDI,delivered,0,");
    }

    #[test]
    fn a_copy_is_equal_and_independent() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let line = entry(NOTE_EVERY - 1).line();
        let scan = Scan::parse(&line).unwrap();
        let copy = scan.clone();
        #[allow(clippy::drop_non_drop, dropping_copy_types)]
        drop(scan);
        assert_eq!(copy.to_line(), line);
        assert_eq!(copy, Scan::parse(&line).unwrap());
        assert_ne!(copy, Scan::parse(&entry(1).line()).unwrap());
    }

    #[rstest]
    #[case::empty("", ScanError::Missing("scanned_at"))]
    #[case::no_note_field("PX0000000001,1,LHR,sorted,1", ScanError::Missing("note"))]
    #[case::parcel_prefix("PY0000000001,1,LHR,sorted,1,", ScanError::BadParcel)]
    #[case::parcel_short("PX000000001,1,LHR,sorted,1,", ScanError::BadParcel)]
    #[case::parcel_sign("PX+000000001,1,LHR,sorted,1,", ScanError::BadParcel)]
    #[case::time_negative("PX0000000001,-1,LHR,sorted,1,", ScanError::BadTime)]
    #[case::time_too_large("PX0000000001,4294967296,LHR,sorted,1,", ScanError::BadTime)]
    #[case::time_empty("PX0000000001,,LHR,sorted,1,", ScanError::BadTime)]
    #[case::depot_lower("PX0000000001,1,lhr,sorted,1,", ScanError::BadDepot)]
    #[case::depot_long("PX0000000001,1,LHRX,sorted,1,", ScanError::BadDepot)]
    #[case::depot_accent("PX0000000001,1,LHÉ,sorted,1,", ScanError::BadDepot)]
    #[case::status_unknown("PX0000000001,1,LHR,lost,1,", ScanError::UnknownStatus)]
    #[case::status_case("PX0000000001,1,LHR,Sorted,1,", ScanError::UnknownStatus)]
    #[case::weight_plus("PX0000000001,1,LHR,sorted,+1,", ScanError::BadWeight)]
    #[case::weight_too_large("PX0000000001,1,LHR,sorted,4294967296,", ScanError::BadWeight)]
    #[case::parcel_checked_first("PX1,x,lhr,lost,y,", ScanError::BadParcel)]
    fn refuses_malformed_lines(#[case] line: &str, #[case] expected: ScanError) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        assert_eq!(Scan::parse(line), Err(expected), "{line:?}");
    }

    #[test]
    fn every_written_line_reads_back() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(1_000), |(e in arb_entry())| {
            let line = e.line();
            let scan = Scan::parse(&line);
            prop_assert!(scan.is_ok(), "{:?}: {:?}", line, scan);
            let scan = scan.unwrap();
            prop_assert_eq!(Entry::of(&scan), e.clone(), "line {:?}", line);
            prop_assert_eq!(scan.to_line(), line);
        });
    }

    #[test]
    fn a_whole_feed_reads_back() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        for i in 0..2_000 {
            let e = entry(i);
            let scan = Scan::parse(&e.line()).unwrap();
            assert_eq!(Entry::of(&scan), e);
        }
    }
}

mod heap_per_record {
    use super::*;

    #[test]
    fn a_scan_keeps_almost_no_heap() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let lines: Vec<String> = (0..SCANS).map(|i| entry(i).line()).collect();
        let note_bytes: usize = (0..SCANS)
            .filter_map(|i| entry(i).note.map(|n| n.len()))
            .sum();
        // The slots are reserved before measuring: the figure is what each scan keeps
        // beyond its own size.
        let mut scans: Vec<Scan> = Vec::with_capacity(SCANS);
        let ((), stats) = measure_process(|| {
            for line in &lines {
                scans.push(Scan::parse(line).expect("a generated line parses"));
            }
        });
        black_box(&scans);
        for (i, scan) in scans.iter().enumerate() {
            assert_eq!(Entry::of(scan), entry(i), "scan {i} reads back");
        }
        let per_scan = stats.retained as f64 / SCANS as f64;
        check(
            Figure::at_most(
                "heap bytes kept per scan",
                per_scan,
                MAX_HEAP_PER_SCAN,
                " B",
            ),
            &format!(
                "{} scans keep {} of heap beyond their {} bytes each ({} allocations \
                 while parsing); their notes add up to {} in all",
                thousands(SCANS as u64),
                human_bytes(stats.retained),
                size_of::<Scan>(),
                thousands(stats.count),
                human_bytes(note_bytes as u64),
            ),
        );
        drop(scans);
    }
}

mod record_size {
    use super::*;

    #[test]
    fn a_scan_is_small() {
        let _attest = kata_attest::attest();
        let size = size_of::<Scan>();
        check(
            Figure::at_most("size_of::<Scan>()", size as f64, MAX_SIZE as f64, " B"),
            &format!(
                "a Scan is {size} bytes before any heap it owns; twenty million of them \
                 sit in one Vec"
            ),
        );
    }
}
