//! The grader's checks for `random-fixtures`. Protected: fix `src/`, not these.
//!
//! Every input here comes from a fixed seed: the same users, the same strings, the same
//! verdict on every run.

use kata_toolkit::figure::{Figure, check};
use kata_toolkit::fixtures::{Seeded, proptest_config};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRunner};
use random_fixtures::{CsvError, HEADER, User, from_csv, sample_users, to_csv};
use rstest::rstest;

fn user(id: u64, name: &str, email: &str, city: &str) -> User {
    User {
        id,
        name: name.to_owned(),
        email: email.to_owned(),
        city: city.to_owned(),
    }
}

mod seeded_fixtures {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_users() {
        let _attest = kata_attest::attest();
        let first = sample_users(Seeded::new(7).rng(), 50);
        let again = sample_users(Seeded::new(7).rng(), 50);
        let same = first.iter().zip(&again).filter(|(a, b)| a == b).count();
        check(
            Figure::at_least(
                "users the same on a second run from seed 7",
                same as f64,
                50.0,
                " of 50",
            ),
            "two runs from the same seed built different users, so a failing fixture cannot be replayed",
        );
    }

    #[test]
    fn different_seeds_give_different_users() {
        let _attest = kata_attest::attest();
        let a = sample_users(Seeded::new(1).rng(), 20);
        let b = sample_users(Seeded::new(2).rng(), 20);
        assert_ne!(a, b, "seeds 1 and 2 gave the same users");
        assert_eq!(a.len(), 20);
        let ids: Vec<u64> = a.iter().map(|u| u.id).collect();
        assert_eq!(ids, (1..=20).collect::<Vec<u64>>(), "ids are 1..=n");
    }
}

mod snapshot {
    use super::*;

    /// The pinned users as insta stored them: a header between `---` lines, then the value
    /// as `{:#?}` prints it.
    const PINNED: &str = include_str!("snapshots/users_from_seed_42.snap");

    #[test]
    fn users_from_seed_42_are_pinned() {
        let _attest = kata_attest::attest();
        let users = sample_users(Seeded::new(42).rng(), 16);
        // Compared here first, so that a difference is reported in plain words at this
        // line. Maintainers re-pin with `INSTA_UPDATE=always`, which lets insta rewrite it.
        if std::env::var("INSTA_UPDATE").as_deref() != Ok("always") {
            let pinned = PINNED
                .splitn(3, "---\n")
                .nth(2)
                .unwrap_or_default()
                .trim_end();
            let built = format!("{users:#?}");
            let differs = pinned
                .lines()
                .zip(built.lines())
                .enumerate()
                .find(|(_, (want, got))| want != got);
            if let Some((line, (want, got))) = differs {
                panic!(
                    "the 16 users built from Seeded::new(42) are not the ones pinned in \
                     tests/snapshots/users_from_seed_42.snap: line {} of the value is `{}`, \
                     pinned `{}`",
                    line + 1,
                    got.trim(),
                    want.trim()
                );
            }
            assert_eq!(
                built.lines().count(),
                pinned.lines().count(),
                "the users built from Seeded::new(42) print longer or shorter than the pinned ones"
            );
        }
        // The kata, its solution and its variants sit at different depths: find the
        // kata's snapshots folder from whichever crate runs these checks.
        let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|dir| dir.join("katas/random-fixtures/tests/snapshots"))
            .find(|dir| dir.is_dir())
            .expect("katas/random-fixtures/tests/snapshots above the crate under test");
        insta::with_settings!({
            snapshot_path => snapshots,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_debug_snapshot!("users_from_seed_42", users);
        });
    }
}

mod round_trip {
    use super::*;

    /// What breaks hand-written CSV: commas, quotes, line breaks, and letters outside ASCII.
    const AWKWARD: &[char] = &[
        ',', '"', '\n', '\r', ' ', 'é', 'ß', 'ø', 'Ł', 'ñ', 'ü', '中', '🦀',
    ];

    /// Strings rich in awkward characters, among plain letters and any other character.
    fn awkward_string() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            5 => prop::char::range('a', 'z'),
            4 => prop::sample::select(AWKWARD),
            1 => any::<char>(),
        ];
        prop::collection::vec(piece, 0..10).prop_map(|chars| chars.into_iter().collect())
    }

    fn users() -> impl Strategy<Value = Vec<User>> {
        let one = (
            any::<u64>(),
            awkward_string(),
            awkward_string(),
            awkward_string(),
        )
            .prop_map(|(id, name, email, city)| User {
                id,
                name,
                email,
                city,
            });
        prop::collection::vec(one, 0..5)
    }

    /// The toolkit's fixed-seed config, on proptest's cheaper generator: 10,000 cases
    /// must stay quick in a debug build.
    fn fast_config(cases: u32) -> proptest::test_runner::Config {
        proptest::test_runner::Config {
            rng_algorithm: RngAlgorithm::XorShift,
            ..proptest_config(cases)
        }
    }

    fn round_trips(users: &[User]) -> bool {
        from_csv(&to_csv(users)).as_deref() == Ok(users)
    }

    #[test]
    fn no_failure_in_ten_thousand_cases() {
        let _attest = kata_attest::attest();
        let mut runner = TestRunner::new(fast_config(10_000));
        let mut failures = 0;
        let mut first_failure = None;
        let strategy = users();
        for _ in 0..10_000 {
            let case = strategy.new_tree(&mut runner).expect("a case").current();
            if !round_trips(&case) {
                failures += 1;
                first_failure.get_or_insert(case);
            }
        }
        check(
            Figure::at_most(
                "round-trip failures in 10,000 cases",
                f64::from(failures),
                0.0,
                "",
            ),
            &format!(
                "users written with to_csv and read back with from_csv came back different or not at all; first failing input: {first_failure:?}"
            ),
        );
    }

    /// `to_csv` writes the header, then one row per user, each depending on that user
    /// alone: so the rows of users exported one at a time, put together under one
    /// header, are an export of them all, and must read back as them all. Each list is
    /// read back twice over (its users, then the same users again), a list no other check
    /// exports whole: only a reader that understands the format gets it back.
    #[test]
    fn rows_written_one_at_a_time_read_back_together() {
        let _attest = kata_attest::attest();
        let header_line = format!("{HEADER}\n");
        let mut runner = TestRunner::new(fast_config(2_000));
        let strategy = users();
        let mut failures = 0;
        let mut first_failure = None;
        for _ in 0..2_000 {
            let case = strategy.new_tree(&mut runner).expect("a case").current();
            let twice: Vec<User> = case.iter().chain(&case).cloned().collect();
            let mut text = header_line.clone();
            for user in &twice {
                let alone = to_csv(std::slice::from_ref(user));
                let row = alone
                    .strip_prefix(&header_line)
                    .expect("to_csv writes the header line first");
                text.push_str(row);
            }
            if from_csv(&text).as_deref() != Ok(&twice[..]) {
                failures += 1;
                first_failure.get_or_insert(twice);
            }
        }
        assert_eq!(
            failures, 0,
            "users exported one at a time and read back together came back different or not at all in {failures} of 2,000 cases; first failing input: {first_failure:?}"
        );
    }

    #[test]
    fn every_list_of_users_round_trips() {
        let _attest = kata_attest::attest();
        proptest!(fast_config(10_000), |(users in users())| {
            prop_assert_eq!(from_csv(&to_csv(&users)), Ok(users));
        });
    }

    #[rstest]
    #[case::comma("Lovelace, Ada")]
    #[case::quote("Robert \"Bob\" Smith")]
    #[case::comma_and_quote("\"Lovelace, Ada\"")]
    #[case::accent("Élodie Fournier")]
    #[case::sharp_s("Jürgen Weiß")]
    #[case::line_break("Ada\nLovelace")]
    #[case::crlf("Ada\r\nLovelace")]
    #[case::trailing_carriage_return("Ada Lovelace\r")]
    #[case::empty("")]
    fn a_name_round_trips(#[case] name: &str) {
        let _attest = kata_attest::attest();
        let users = vec![
            user(1, name, "ada@example.com", "London"),
            user(2, "Alan Turing", "alan@example.org", name),
        ];
        assert_eq!(
            from_csv(&to_csv(&users)),
            Ok(users),
            "the name {name:?} did not survive the export"
        );
    }
}

mod export_format {
    use super::*;

    #[test]
    fn plain_rows_are_written_as_before() {
        let _attest = kata_attest::attest();
        let users = vec![
            user(1, "Ada Lovelace", "ada@example.com", "London"),
            user(2, "Alan Turing", "alan@example.org", "Wilmslow"),
        ];
        assert_eq!(
            to_csv(&users),
            "id,name,email,city\n1,Ada Lovelace,ada@example.com,London\n2,Alan Turing,alan@example.org,Wilmslow\n",
            "rows with nothing to escape are read by other tools: keep them as they are"
        );
        assert_eq!(to_csv(&[]), "id,name,email,city\n");
        assert_eq!(from_csv("id,name,email,city\n"), Ok(vec![]));
    }

    #[test]
    fn malformed_input_is_an_error() {
        let _attest = kata_attest::attest();
        assert!(
            matches!(from_csv(""), Err(CsvError::Header { .. })),
            "empty text has no header"
        );
        assert!(
            matches!(from_csv("name,email\n"), Err(CsvError::Header { .. })),
            "wrong header"
        );
        assert!(
            matches!(
                from_csv("id,name,email,city\n1,Ada,ada@example.com,London\n2,Alan\n"),
                Err(CsvError::FieldCount { line: 3, .. })
            ),
            "line 3 has two fields"
        );
        assert!(
            matches!(
                from_csv("id,name,email,city\nx,Ada,ada@example.com,London\n"),
                Err(CsvError::Id { line: 2, .. })
            ),
            "line 2's id is not a number"
        );
    }
}
