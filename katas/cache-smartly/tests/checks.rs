//! The grader's checks for `cache-smartly`. Protected: fix `src/`, not these.
//!
//! Nothing here is timed. The checks count what the pricer does to the things it is
//! built on, which live in the protected crate `backend/`: how many patterns it compiles
//! (`patterns_compiled`, process-wide, only grows) and how many times it asks the
//! catalogue (`Catalogue::fetches`). Memory is measured with a counting global allocator
//! (`kata_toolkit::alloc`): the peak of live heap bytes while a pricer serves a million
//! different SKUs. Every answer is compared with a model that asks a second catalogue
//! with the same seed (drawn anew in each process) and applies the rules directly. The
//! tests take turns, so no other test compiles or allocates while one counts.

use std::fmt::Write as _;

use cache_smartly::Pricer;
use cache_smartly_backend::{Catalogue, Pattern, Rule, patterns_compiled};
use kata_toolkit::alloc::{CountingAlloc, human_bytes, measure};
use kata_toolkit::figure::{Figure, check, thousands};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// The pricer's capacity in every check.
const CAPACITY: usize = 4_096;

const CATEGORIES: [&str; 5] = ["GARDEN", "TOY", "KITCHEN", "BOOK", "LAMP"];
const SIZES: [&str; 4] = ["", "-S", "-M", "-XL"];

/// A seed drawn anew in each process: the catalogue's prices cannot be known in advance.
fn fresh_seed() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(0xCA7A_1095_u64)
}

/// SKU number `i`, written into `buf` (no allocation once `buf` has grown).
fn write_sku(i: u64, buf: &mut String) {
    buf.clear();
    let mixed = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    let category = CATEGORIES[(mixed % 5) as usize];
    let size = SIZES[((mixed / 5) % 4) as usize];
    write!(buf, "{category}-{i:07}{size}").expect("writing to a String");
}

fn sku(i: u64) -> String {
    let mut buf = String::new();
    write_sku(i, &mut buf);
    buf
}

fn rules() -> Vec<Rule> {
    vec![
        Rule::new("GARDEN-*", 15),
        Rule::new("*-XL", 10),
        Rule::new("TOY-00[0-4]*", 20),
        Rule::new("BOOK-*7?", 5),
    ]
}

/// The rules after the spring sale starts.
fn spring_rules() -> Vec<Rule> {
    vec![
        Rule::new("GARDEN-*", 30),
        Rule::new("LAMP-*-[SM]", 25),
        Rule::new("*-XL", 10),
    ]
}

/// The model: a second catalogue with the same seed (and the same changes), and the
/// rules applied directly.
struct Model {
    catalogue: Catalogue,
    rules: Vec<(Pattern, Rule)>,
}

impl Model {
    fn new(seed: u64, rules: &[Rule]) -> Self {
        let mut model = Model {
            catalogue: Catalogue::new(seed),
            rules: Vec::new(),
        };
        model.set_rules(rules);
        model
    }

    fn set_rules(&mut self, rules: &[Rule]) {
        self.rules = rules
            .iter()
            .map(|r| (r.compile().expect("valid"), r.clone()))
            .collect();
    }

    fn price(&self, sku: &str) -> Option<u64> {
        let base = self.catalogue.fetch(sku)?;
        Some(
            self.rules
                .iter()
                .find(|(p, _)| p.matches(sku))
                .map_or(base, |(_, r)| r.apply(base)),
        )
    }
}

/// A pricer and its model over a fresh seed.
fn pricer_and_model(rules: Vec<Rule>) -> (Pricer, Model) {
    let seed = fresh_seed();
    let model = Model::new(seed, &rules);
    let pricer = Pricer::new(Catalogue::new(seed), rules, CAPACITY).expect("valid rules");
    (pricer, model)
}

/// A small deterministic random walk for traffic.
struct Traffic(u64);

impl Traffic {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

mod prices_right {
    use super::*;

    #[test]
    fn prices_are_the_base_price_less_the_first_matching_rule() {
        let _attest = kata_attest::attest();
        let _turn = kata_toolkit::alone::take_turn();
        let (mut pricer, model) = pricer_and_model(rules());
        let mut traffic = Traffic(0x0DDB_1A5E_5BAD_5EED);
        let mut unknown = 0;
        for _ in 0..5_000 {
            let s = sku(traffic.next() % 1_500);
            let got = pricer.price(&s);
            unknown += u32::from(got.is_none());
            assert_eq!(got, model.price(&s), "price of {s}");
        }
        assert!(unknown > 0, "some SKUs are not sold: their price is None");
    }

    #[test]
    fn rules_that_do_not_compile_are_refused() {
        let _attest = kata_attest::attest();
        let _turn = kata_toolkit::alone::take_turn();
        let seed = fresh_seed();
        let bad = vec![Rule::new("GARDEN-*", 15), Rule::new("TOY-[0-", 20)];
        assert!(Pricer::new(Catalogue::new(seed), bad.clone(), CAPACITY).is_err());
        let (mut pricer, model) = pricer_and_model(rules());
        assert!(
            pricer.set_rules(bad).is_err(),
            "a rule that does not compile"
        );
        for i in 0..200 {
            let s = sku(i);
            assert_eq!(
                pricer.price(&s),
                model.price(&s),
                "refused rules change nothing"
            );
        }
    }
}

mod compiled_once {
    use super::*;

    #[test]
    fn patterns_are_compiled_when_the_rules_change_not_per_lookup() {
        let _attest = kata_attest::attest();
        let _turn = kata_toolkit::alone::take_turn();
        let (mut pricer, mut model) = pricer_and_model(rules());
        let mut traffic = Traffic(0x5EED_CAFE_F00D_0001);
        let mut compiled = 0;
        let mut lookups = 0_u64;
        for round in 0..2 {
            if round == 1 {
                let before = patterns_compiled();
                pricer.set_rules(spring_rules()).expect("valid rules");
                let at_set = patterns_compiled() - before;
                assert!(
                    at_set <= spring_rules().len() as u64,
                    "setting {} rules compiled {at_set} patterns: compile each once",
                    spring_rules().len()
                );
                model.set_rules(&spring_rules());
            }
            for _ in 0..20_000 {
                let s = sku(traffic.next() % 6_000);
                let before = patterns_compiled();
                let got = pricer.price(&s);
                compiled += patterns_compiled() - before;
                lookups += 1;
                // (Whether prices follow a rule change is `fresh-after-update`'s question.)
                if round == 0 {
                    assert_eq!(got, model.price(&s), "price of {s}");
                }
            }
        }
        check(
            Figure::at_most(
                &format!("patterns compiled during {} lookups", thousands(lookups)),
                compiled as f64,
                0.0,
                "",
            ),
            &format!(
                "{} patterns were compiled while pricing; the rules only changed once",
                thousands(compiled)
            ),
        );
    }
}

mod bounded {
    use super::*;

    /// A million different SKUs, one after another.
    const DISTINCT: u64 = 1_000_003;
    /// The bar: a generous 512 bytes per entry the pricer may keep.
    const MAX_PEAK: u64 = CAPACITY as u64 * 512;

    #[test]
    fn a_million_different_skus_fit_in_the_capacity() {
        let _attest = kata_attest::attest();
        let _turn = kata_toolkit::alone::take_turn();
        let (mut pricer, model) = pricer_and_model(rules());
        let mut buf = String::with_capacity(32);
        let mut wrong = Vec::new();
        let ((), stats) = measure(|| {
            for i in 0..DISTINCT {
                write_sku(i, &mut buf);
                let got = pricer.price(&buf);
                if i % 997 == 0 && got != model.price(&buf) {
                    wrong.push(buf.clone());
                }
            }
        });
        assert!(wrong.is_empty(), "wrong prices for {wrong:?}");
        check(
            Figure::at_most(
                "peak heap while pricing a million different SKUs (capacity 4,096)",
                stats.peak_live as f64,
                MAX_PEAK as f64,
                "bytes",
            ),
            &format!(
                "the pricer held up to {} at once, {} per SKU of its capacity: \
                 whatever it keeps must stay bounded however many SKUs it sees",
                human_bytes(stats.peak_live),
                human_bytes(stats.peak_live / CAPACITY as u64)
            ),
        );
    }
}

mod fresh_after_update {
    use super::*;

    const SKUS: u64 = 2_000;

    /// Price every SKU once more and count the answers that differ from the model.
    fn stale_answers(pricer: &mut Pricer, model: &Model, first: &mut Option<String>) -> u64 {
        let mut stale = 0;
        for i in 0..SKUS {
            let s = sku(i);
            let (got, want) = (pricer.price(&s), model.price(&s));
            if got != want {
                stale += 1;
                first.get_or_insert_with(|| format!("{s}: priced {got:?}, now {want:?}"));
            }
        }
        stale
    }

    #[test]
    fn prices_follow_price_changes_and_rule_changes() {
        let _attest = kata_attest::attest();
        let _turn = kata_toolkit::alone::take_turn();
        let (mut pricer, mut model) = pricer_and_model(rules());
        let mut first = None;
        // Everything priced once: whatever the pricer keeps, it now has.
        let warm = stale_answers(&mut pricer, &model, &mut first);
        assert_eq!(warm, 0, "prices before any change: {first:?}");
        let mut stale = 0;
        let mut traffic = Traffic(0xFEED_0FC0_FFEE);
        for _ in 0..5 {
            // Price changes: SKUs already priced, SKUs not sold until now.
            for _ in 0..150 {
                let s = sku(traffic.next() % SKUS);
                let cents = 100 + traffic.next() % 50_000;
                pricer.update_price(&s, cents);
                model.catalogue.set_price(&s, cents);
            }
            stale += stale_answers(&mut pricer, &model, &mut first);
        }
        pricer.set_rules(spring_rules()).expect("valid rules");
        model.set_rules(&spring_rules());
        stale += stale_answers(&mut pricer, &model, &mut first);
        check(
            Figure::at_most(
                "stale prices after price and rule changes (12,000 lookups)",
                stale as f64,
                0.0,
                "",
            ),
            &format!(
                "{} answers were out of date; the first: {}",
                thousands(stale),
                first.as_deref().unwrap_or("")
            ),
        );
    }
}

mod cache_works {
    use super::*;

    const LOOKUPS: u64 = 200_000;
    /// The bar: catalogue fetches per distinct SKU asked for.
    const MAX_FETCHES_PER_SKU: f64 = 1.5;

    #[test]
    fn popular_skus_are_fetched_about_once() {
        let _attest = kata_attest::attest();
        let _turn = kata_toolkit::alone::take_turn();
        let (mut pricer, _) = pricer_and_model(rules());
        let mut traffic = Traffic(0xB16B_00B5_0BAD_F00D);
        let mut seen = std::collections::HashSet::new();
        let mut tail = 1_000_000;
        let before = pricer.catalogue().fetches();
        for n in 0..LOOKUPS {
            // Four lookups in five are for a thousand popular SKUs; the rest are the tail,
            // each asked for once.
            let i = if traffic.next().is_multiple_of(5) {
                tail += 1;
                tail
            } else {
                traffic.next() % 1_000
            };
            let s = sku(i);
            pricer.price(&s);
            seen.insert(i);
            // A popular SKU's price changes now and then; the rules change once.
            if n % 5_000 == 4_999 {
                pricer.update_price(&sku(traffic.next() % 1_000), 1_999);
            }
            if n == LOOKUPS / 2 {
                pricer.set_rules(spring_rules()).expect("valid rules");
            }
        }
        let fetches = pricer.catalogue().fetches() - before;
        let per_sku = fetches as f64 / seen.len() as f64;
        check(
            Figure::at_most(
                "catalogue fetches per distinct SKU over 200,000 lookups",
                (per_sku * 100.0).round() / 100.0,
                MAX_FETCHES_PER_SKU,
                "",
            ),
            &format!(
                "{} fetches for {} distinct SKUs: the popular ones are fetched again and again",
                thousands(fetches),
                thousands(seen.len() as u64)
            ),
        );
    }
}
