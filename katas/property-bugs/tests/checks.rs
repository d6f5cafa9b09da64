//! The kata's check on the library's tagging code (`src/`): adding a tag to a line must
//! give the line of the longer list, for every tag. Protected.

mod hidden_edge_cases {
    use kata_toolkit::figure::{Figure, check};
    use kata_toolkit::fixtures::Seeded;
    use property_bugs::{add_tag, decode, encode};
    use proptest::prelude::*;

    /// Tags with something the format treats specially, one edge each.
    const EDGES: [&str; 14] = [
        "",
        ";",
        "\\",
        "\n",
        "\\;",
        "\\\\",
        "tag\\",
        "\\n",
        "two\nlines",
        ";;",
        "é",
        "🦀;",
        "\r\n",
        "a\\;b\\",
    ];

    /// Whether adding `tag` to the line of `items` gives the line of `items` + `tag`.
    fn adds_cleanly(items: &[String], tag: &str) -> bool {
        let mut line = encode(items);
        add_tag(&mut line, tag);
        let mut longer = items.to_vec();
        longer.push(tag.to_owned());
        line == encode(&longer) && decode(&line) == Ok(longer)
    }

    fn special_strings() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just(';'),
                Just('\\'),
                Just('\n'),
                Just('n'),
                Just('x'),
                Just('ß'),
                any::<char>(),
            ],
            0..6,
        )
        .prop_map(String::from_iter)
    }

    #[test]
    fn every_tag_adds_cleanly() {
        let _attest = kata_attest::attest();
        let lists: [Vec<String>; 3] = [
            vec![],
            vec!["beach".into()],
            vec!["".into(), "a;b".into(), "c\\".into()],
        ];
        let mut failing = Vec::new();
        let mut tried = 0;
        for items in &lists {
            for tag in EDGES {
                tried += 1;
                if !adds_cleanly(items, tag) {
                    failing.push(format!("{tag:?} added to {items:?}"));
                }
            }
        }
        // And tags nobody listed: the same 2,000 on every run.
        let mut seeded = Seeded::new(24);
        for _ in 0..2_000 {
            let items = seeded.value(prop::collection::vec(special_strings(), 0..4));
            let tag = seeded.value(special_strings());
            tried += 1;
            if !adds_cleanly(&items, &tag) {
                failing.push(format!("{tag:?} added to {items:?}"));
            }
        }
        check(
            Figure::at_most(
                "tags that do not add cleanly",
                failing.len() as f64,
                0.0,
                &format!(" of {tried}"),
            ),
            &format!(
                "{} of {tried} tags added to a line did not read back as the longer list, e.g. {}",
                failing.len(),
                failing.first().map_or("", String::as_str)
            ),
        );
    }
}
