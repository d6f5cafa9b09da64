//! The grader's checks for `hot-loop-allocations`. Protected: fix `src/`, not these.
//!
//! Cost is measured as heap allocations, counted by a global allocator on every thread of
//! the process (work handed to another thread still counts), with the tests taking turns
//! so that no other test allocates meanwhile: the same count on every run and every
//! machine, however busy it is. A feed of about 100,000 lines may allocate a handful of
//! times in all (the output growing, say), not a few times per line. The batch sizes are
//! never round and change from run to run, so no code can recognise the measured batch.

use hot_loop_allocations::{OrderLine, normalise, render, render_into};

use kata_toolkit::alloc::measure_process;
use kata_toolkit::alone::take_turn;
use kata_toolkit::complexity::unround_doubling;
use kata_toolkit::figure::{Figure, Series, check, report_series, thousands};
use kata_toolkit::fixtures::proptest_config;
use proptest::prelude::*;
use rstest::rstest;

#[global_allocator]
static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;

/// The bar: allocations per line.
const MAX_PER_LINE: f64 = 0.01;

/// Lines in the measured batches: a smaller one (about 12,000) and a large one (about
/// 100,000), each a little above its base by an amount that changes from run to run.
/// Large enough that a constant number of allocations (the output buffer and its growth)
/// is far below the bar per line.
fn batch_sizes() -> [u64; 2] {
    let sizes = unround_doubling(12_000, 96_000);
    [sizes[0], sizes[sizes.len() - 1]]
}

fn line(
    order_id: u64,
    sku: &str,
    title: &str,
    quantity: u32,
    price: u64,
    tags: &[&str],
) -> OrderLine {
    OrderLine {
        order_id,
        sku: sku.to_owned(),
        title: title.to_owned(),
        quantity,
        unit_price_cents: price,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// A night's batch, as it arrives: untidy titles and tags, repeats among the tags.
fn batch(n: u64) -> Vec<OrderLine> {
    (0..n)
        .map(|i| OrderLine {
            order_id: 1_000_000 + i / 3,
            sku: format!("sku-{:05}-b", i % 40_000),
            title: format!("  Garden hose; {} m, green\n", 10 + i % 30),
            quantity: 1 + (i % 7) as u32,
            unit_price_cents: 199 + (i * 7_919) % 50_000,
            tags: vec![
                " Gift".into(),
                "FRAGILE ".into(),
                "gift".into(),
                "   ".into(),
            ],
        })
        .collect()
}

/// The feed as the spec describes it, written the plain way.
fn render_model(lines: &[OrderLine]) -> String {
    let money = |c: u64| format!("{}.{:02}", c / 100, c % 100);
    lines
        .iter()
        .map(|l| {
            format!(
                "{};{};{};{};{};{};{}\n",
                l.order_id,
                l.sku.to_ascii_uppercase(),
                l.title.replace(';', ",").replace(['\n', '\r'], " "),
                l.quantity,
                money(l.unit_price_cents),
                money(u64::from(l.quantity) * l.unit_price_cents),
                l.tags.join("|")
            )
        })
        .collect()
}

/// The tidy-up as the spec describes it, written the plain way.
fn normalise_model(lines: &[OrderLine]) -> Vec<OrderLine> {
    lines
        .iter()
        .map(|l| {
            let mut tags: Vec<String> = Vec::new();
            for t in l.tags.iter().map(|t| t.trim().to_ascii_lowercase()) {
                if !t.is_empty() && !tags.contains(&t) {
                    tags.push(t);
                }
            }
            OrderLine {
                title: l.title.trim().to_owned(),
                tags,
                ..l.clone()
            }
        })
        .collect()
}

fn any_line() -> impl Strategy<Value = OrderLine> {
    (
        0u64..10_000_000,
        "[a-zA-Z0-9-]{0,12}",
        "[ a-zA-Z0-9;,\n\r\téß]{0,24}",
        0u32..1_000,
        0u64..10_000_000,
        prop::collection::vec("[ \ta-zA-Z]{0,6}", 0..5),
    )
        .prop_map(
            |(order_id, sku, title, quantity, unit_price_cents, tags)| OrderLine {
                order_id,
                sku,
                title,
                quantity,
                unit_price_cents,
                tags,
            },
        )
}

mod render_output {
    use super::*;

    #[rstest]
    #[case::plain(
        line(42, "ab-12", "Tea pot", 2, 1_250, &["gift", "fragile"]),
        "42;AB-12;Tea pot;2;12.50;25.00;gift|fragile\n"
    )]
    #[case::no_tags(line(7, "x", "Cup", 1, 5, &[]), "7;X;Cup;1;0.05;0.05;\n")]
    #[case::separator_in_title(
        line(8, "k-1", "Mugs; set of 4", 3, 999, &["sale"]),
        "8;K-1;Mugs, set of 4;3;9.99;29.97;sale\n"
    )]
    #[case::line_breaks_in_title(
        line(9, "k-2", "Two\nlines\r\n", 10, 100, &["a", "b", "c"]),
        "9;K-2;Two lines  ;10;1.00;10.00;a|b|c\n"
    )]
    #[case::free(line(10, "free-1", "Sticker", 5, 0, &["promo"]), "10;FREE-1;Sticker;5;0.00;0.00;promo\n")]
    fn renders_one_line(#[case] input: OrderLine, #[case] expected: &str) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        assert_eq!(render(&[input]), expected);
    }

    #[test]
    fn appends_to_what_the_buffer_holds() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut out = String::from("# feed v2\n");
        render_into(&mut out, &[line(1, "a", "A", 1, 100, &[])]);
        render_into(&mut out, &[line(2, "b", "B", 2, 100, &["x"])]);
        assert_eq!(out, "# feed v2\n1;A;A;1;1.00;1.00;\n2;B;B;2;1.00;2.00;x\n");
    }

    #[test]
    fn an_empty_batch_renders_nothing() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        assert_eq!(render(&[]), "");
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(256), |(lines in prop::collection::vec(any_line(), 0..20))| {
            prop_assert_eq!(render(&lines), render_model(&lines));
        });
    }
}

mod render_allocations {
    use super::*;

    #[test]
    fn allocates_a_constant_amount_per_batch() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        // The worse of the two batches, per line; both are the curve.
        let mut worst = (0.0, 0, 0);
        let mut points = Vec::new();
        for size in batch_sizes() {
            let lines = batch(size);
            let (feed, stats) = measure_process(|| render(&lines));
            assert!(feed == render_model(&lines), "the feed must not change");
            let per_line = stats.count as f64 / size as f64;
            points.push((size as f64, per_line));
            if per_line >= worst.0 {
                worst = (per_line, size, stats.count);
            }
        }
        report_series(Series {
            name: "allocations per line rendered".into(),
            x: "lines".into(),
            y: "allocations per line".into(),
            log_log: false,
            points,
            bar: Some(MAX_PER_LINE),
        });
        let (per_line, size, count) = worst;
        check(
            Figure::at_most("allocations per line rendered", per_line, MAX_PER_LINE, ""),
            &format!(
                "rendering {} lines made {} heap allocations: the work per line allocates",
                thousands(size),
                thousands(count)
            ),
        );
    }
}

mod normalise_output {
    use super::*;

    #[rstest]
    #[case::already_tidy(
        line(1, "a", "Tea pot", 1, 1, &["gift", "sale"]),
        line(1, "a", "Tea pot", 1, 1, &["gift", "sale"])
    )]
    #[case::whitespace_around_the_title(
        line(1, "a", " \t Tea pot \n", 1, 1, &[]),
        line(1, "a", "Tea pot", 1, 1, &[])
    )]
    #[case::tags_trimmed_and_lower_cased(
        line(1, "a", "x", 1, 1, &[" Gift ", "FRAGILE"]),
        line(1, "a", "x", 1, 1, &["gift", "fragile"])
    )]
    #[case::empty_and_repeated_tags_dropped(
        line(1, "a", "x", 1, 1, &["sale", "  ", "", "SALE", "gift", " sale"]),
        line(1, "a", "x", 1, 1, &["sale", "gift"])
    )]
    #[case::blank_title(line(1, "a", "   ", 1, 1, &[]), line(1, "a", "", 1, 1, &[]))]
    #[case::inner_whitespace_kept(
        line(1, "a", " Mug  set ", 1, 1, &["big  box"]),
        line(1, "a", "Mug  set", 1, 1, &["big  box"])
    )]
    fn tidies_one_line(#[case] input: OrderLine, #[case] expected: OrderLine) {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        let mut lines = vec![input];
        normalise(&mut lines);
        assert_eq!(lines, vec![expected]);
    }

    #[test]
    fn agrees_with_the_model() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        proptest!(proptest_config(256), |(lines in prop::collection::vec(any_line(), 0..20))| {
            let expected = normalise_model(&lines);
            let mut actual = lines;
            normalise(&mut actual);
            prop_assert_eq!(actual, expected);
        });
    }
}

mod normalise_allocations {
    use super::*;

    #[test]
    fn allocates_a_constant_amount_per_batch() {
        let _attest = kata_attest::attest();
        let _turn = take_turn();
        // The worse of the two batches, per line; both are the curve.
        let mut worst = (0.0, 0, 0);
        let mut points = Vec::new();
        for size in batch_sizes() {
            let mut lines = batch(size);
            let expected = normalise_model(&lines);
            let ((), stats) = measure_process(|| normalise(&mut lines));
            assert!(lines == expected, "the tidied lines must not change");
            let per_line = stats.count as f64 / size as f64;
            points.push((size as f64, per_line));
            if per_line >= worst.0 {
                worst = (per_line, size, stats.count);
            }
        }
        report_series(Series {
            name: "allocations per line tidied".into(),
            x: "lines".into(),
            y: "allocations per line".into(),
            log_log: false,
            points,
            bar: Some(MAX_PER_LINE),
        });
        let (per_line, size, count) = worst;
        check(
            Figure::at_most("allocations per line tidied", per_line, MAX_PER_LINE, ""),
            &format!(
                "tidying {} lines made {} heap allocations: the work per line allocates",
                thousands(size),
                thousands(count)
            ),
        );
    }
}
