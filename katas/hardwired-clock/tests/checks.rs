//! The grader's checks for `hardwired-clock`. Protected: fix `src/`, not these.
//!
//! Every check says what time it is: a stub clock that answers a fixed time, or a mockall
//! `MockWallClock` with expectations. None of them depends on today's date.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hardwired_clock::{
    BillingPeriod, BusinessHours, Date, DateTime, MockWallClock, MonthEndBilling, WallClock,
    Weekday,
};
use kata_toolkit::figure::{Figure, check};
use rstest::rstest;

/// `secs` seconds after 1970-01-01 00:00:00 UTC.
fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// A stub: always answers the same time, and expects nothing.
struct StoppedClock(SystemTime);

impl WallClock for StoppedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// A mock that answers `time` and must be read at least once.
fn mock_at(time: SystemTime) -> MockWallClock {
    let mut clock = MockWallClock::new();
    clock.expect_now().times(1..).return_const(time);
    clock
}

/// A fixed moment and what the services must answer then.
struct Case {
    when: &'static str,
    unix_secs: u64,
    open: bool,
    billing_day: bool,
    period: (Date, Date),
}

const fn period(year: i32, month: u32, last_day: u32) -> (Date, Date) {
    (Date::new(year, month, 1), Date::new(year, month, last_day))
}

const CASES: [Case; 12] = [
    Case {
        when: "Thu 2024-02-29 10:00:00 (leap day)",
        unix_secs: 1_709_200_800,
        open: true,
        billing_day: true,
        period: period(2024, 2, 29),
    },
    Case {
        when: "Wed 2024-02-28 12:00:00 (not the end of February in a leap year)",
        unix_secs: 1_709_121_600,
        open: true,
        billing_day: false,
        period: period(2024, 2, 29),
    },
    Case {
        when: "Tue 2023-02-28 16:59:59 (last second of opening)",
        unix_secs: 1_677_603_599,
        open: true,
        billing_day: true,
        period: period(2023, 2, 28),
    },
    Case {
        when: "Tue 2024-04-30 17:00:00 (closing time)",
        unix_secs: 1_714_496_400,
        open: false,
        billing_day: true,
        period: period(2024, 4, 30),
    },
    Case {
        when: "Sun 2024-03-31 11:00:00 (weekend month end)",
        unix_secs: 1_711_882_800,
        open: false,
        billing_day: true,
        period: period(2024, 3, 31),
    },
    Case {
        when: "Tue 2024-12-31 09:00:00 (opening time, year end)",
        unix_secs: 1_735_635_600,
        open: true,
        billing_day: true,
        period: period(2024, 12, 31),
    },
    Case {
        when: "Mon 2024-01-01 08:59:59 (a second before opening)",
        unix_secs: 1_704_099_599,
        open: false,
        billing_day: false,
        period: period(2024, 1, 31),
    },
    Case {
        when: "Sat 2024-06-15 12:00:00 (weekend)",
        unix_secs: 1_718_452_800,
        open: false,
        billing_day: false,
        period: period(2024, 6, 30),
    },
    Case {
        when: "Sat 2024-11-30 10:00:00 (weekend month end)",
        unix_secs: 1_732_960_800,
        open: false,
        billing_day: true,
        period: period(2024, 11, 30),
    },
    Case {
        when: "Tue 2000-02-29 13:30:00 (leap day of a century leap year)",
        unix_secs: 951_831_000,
        open: true,
        billing_day: true,
        period: period(2000, 2, 29),
    },
    Case {
        when: "Sun 2100-02-28 10:00:00 (2100 is not a leap year)",
        unix_secs: 4_107_492_000,
        open: false,
        billing_day: true,
        period: period(2100, 2, 28),
    },
    Case {
        when: "Mon 2024-09-30 17:30:00 (after closing)",
        unix_secs: 1_727_717_400,
        open: false,
        billing_day: true,
        period: period(2024, 9, 30),
    },
];

/// What the services answer, in the order a case lists them.
fn answers<C: WallClock>(
    hours: &BusinessHours<C>,
    billing: &MonthEndBilling<C>,
) -> (bool, bool, (Date, Date)) {
    let BillingPeriod { first, last } = billing.current_period();
    (hours.is_open(), billing.is_billing_day(), (first, last))
}

mod fixed_dates {
    use super::*;

    #[test]
    fn answers_right_on_all_twelve_dates() {
        let _attest = kata_attest::attest();
        let mut right = 0;
        let mut wrong = Vec::new();
        for case in &CASES {
            let time = at(case.unix_secs);
            let got = answers(
                &BusinessHours::new(StoppedClock(time)),
                &MonthEndBilling::new(StoppedClock(time)),
            );
            if got == (case.open, case.billing_day, case.period) {
                right += 1;
            } else {
                wrong.push(case.when);
            }
        }
        check(
            Figure::at_least(
                "fixed dates answered right",
                f64::from(right),
                12.0,
                " of 12",
            ),
            &format!(
                "at a fixed time given by the clock, opening hours, billing day or billing period came out wrong on: {}",
                wrong.join("; ")
            ),
        );
    }

    /// What the README's rules say at `unix_secs`, worked out here day by day from
    /// 1970-01-01 (slow and plain, sharing no code with the kata): (open, billing day,
    /// billing period).
    fn by_the_rules(unix_secs: u64) -> (bool, bool, (Date, Date)) {
        let month_length = |year: i32, month: u32| match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let days = unix_secs / 86_400;
        let (mut year, mut month, mut day) = (1970, 1, 1);
        for _ in 0..days {
            day += 1;
            if day > month_length(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
        // 1970-01-01 was a Thursday: 0 is Monday here.
        let weekday = (days + 3) % 7;
        let hour = unix_secs % 86_400 / 3_600;
        let last = month_length(year, month);
        (
            weekday < 5 && (9..17).contains(&hour),
            day == last,
            (Date::new(year, month, 1), Date::new(year, month, last)),
        )
    }

    #[test]
    fn answers_right_around_the_twelve_dates() {
        let _attest = kata_attest::attest();
        // Every hour for a day and a half either side of each fixed moment, and the
        // seconds either side of opening and closing time on each of those days.
        let mut moments = Vec::new();
        for case in &CASES {
            for hours in -36..=36_i64 {
                moments.push(case.unix_secs.saturating_add_signed(hours * 3_600));
            }
            let midnight = case.unix_secs - case.unix_secs % 86_400;
            for day in [midnight - 86_400, midnight, midnight + 86_400] {
                for second in [9 * 3_600 - 1, 9 * 3_600, 17 * 3_600 - 1, 17 * 3_600] {
                    moments.push(day + second);
                }
            }
        }
        let wrong: Vec<String> = moments
            .iter()
            .filter_map(|&secs| {
                let time = at(secs);
                let got = answers(
                    &BusinessHours::new(StoppedClock(time)),
                    &MonthEndBilling::new(StoppedClock(time)),
                );
                let want = by_the_rules(secs);
                (got != want)
                    .then(|| format!("{secs} s after the epoch: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "the answers must follow the rules at every moment, not only the twelve: wrong at {} of {} moments around them, first {}",
            wrong.len(),
            moments.len(),
            wrong.first().map(String::as_str).unwrap_or_default()
        );
    }

    #[rstest]
    #[case::leap_day(0)]
    #[case::leap_year_28_february(1)]
    #[case::last_second_open(2)]
    #[case::closing_time(3)]
    #[case::weekend_month_end(4)]
    #[case::opening_time_year_end(5)]
    #[case::before_opening(6)]
    #[case::weekend(7)]
    #[case::saturday_month_end(8)]
    #[case::century_leap_day(9)]
    #[case::century_without_leap_day(10)]
    #[case::after_closing(11)]
    fn answers_right_at(#[case] index: usize) {
        let _attest = kata_attest::attest();
        let case = &CASES[index];
        let time = at(case.unix_secs);
        // Each service must read its own clock at least once: the mocks check it when
        // they are dropped at the end of the test.
        let hours = BusinessHours::new(mock_at(time));
        let billing = MonthEndBilling::new(mock_at(time));
        assert_eq!(hours.is_open(), case.open, "open at {}?", case.when);
        assert_eq!(
            billing.is_billing_day(),
            case.billing_day,
            "billing day at {}?",
            case.when
        );
        let BillingPeriod { first, last } = billing.current_period();
        assert_eq!(
            (first, last),
            case.period,
            "billing period at {}",
            case.when
        );
    }
}

mod mock_clock {
    use super::*;

    /// A mock whose time the test moves; it must be read at least `reads` times.
    fn movable(reads: usize) -> (MockWallClock, Arc<Mutex<SystemTime>>) {
        let now = Arc::new(Mutex::new(UNIX_EPOCH));
        let reading = Arc::clone(&now);
        let mut clock = MockWallClock::new();
        clock
            .expect_now()
            .times(reads..)
            .returning(move || *reading.lock().unwrap());
        (clock, now)
    }

    #[test]
    fn the_desk_reads_the_clock_for_every_question() {
        let _attest = kata_attest::attest();
        let (clock, now) = movable(3);
        let hours = BusinessHours::new(clock);
        for (secs, open, when) in [
            (1_709_283_599, false, "Fri 2024-03-01 08:59:59"),
            (1_709_283_600, true, "Fri 2024-03-01 09:00:00"),
            (1_709_373_600, false, "Sat 2024-03-02 10:00:00"),
        ] {
            *now.lock().unwrap() = at(secs);
            assert_eq!(hours.is_open(), open, "open at {when}?");
        }
    }

    #[test]
    fn billing_reads_the_clock_for_every_question() {
        let _attest = kata_attest::attest();
        let (clock, now) = movable(3);
        let billing = MonthEndBilling::new(clock);
        *now.lock().unwrap() = at(1_706_616_000);
        assert!(
            !billing.is_billing_day(),
            "Tue 2024-01-30 is no billing day"
        );
        *now.lock().unwrap() = at(1_706_702_400);
        assert!(billing.is_billing_day(), "Wed 2024-01-31 is a billing day");
        *now.lock().unwrap() = at(1_706_745_600);
        assert_eq!(
            billing.current_period(),
            BillingPeriod {
                first: Date::new(2024, 2, 1),
                last: Date::new(2024, 2, 29),
            },
            "billing period on Thu 2024-02-01 00:00:00"
        );
    }
}

mod calendar {
    use super::*;

    #[rstest]
    #[case::epoch(0, Date::new(1970, 1, 1), Weekday::Thursday)]
    #[case::day_before_epoch(-1, Date::new(1969, 12, 31), Weekday::Wednesday)]
    #[case::leap_day_2000(11_016, Date::new(2000, 2, 29), Weekday::Tuesday)]
    #[case::leap_day_2024(19_782, Date::new(2024, 2, 29), Weekday::Thursday)]
    #[case::after_february_2100(47_541, Date::new(2100, 3, 1), Weekday::Monday)]
    #[case::march_1900(-25_508, Date::new(1900, 3, 1), Weekday::Thursday)]
    fn days_and_dates_agree(#[case] days: i64, #[case] date: Date, #[case] weekday: Weekday) {
        let _attest = kata_attest::attest();
        assert_eq!(Date::from_days_since_epoch(days), date);
        assert_eq!(date.days_since_epoch(), days);
        assert_eq!(date.weekday(), weekday);
    }

    #[test]
    fn consecutive_days_are_consecutive_dates() {
        let _attest = kata_attest::attest();
        let mut previous = Date::from_days_since_epoch(-80_000);
        for days in -79_999..80_000 {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days);
            let next_day = if previous.day == previous.days_in_month() {
                let (year, month) = if previous.month == 12 {
                    (previous.year + 1, 1)
                } else {
                    (previous.year, previous.month + 1)
                };
                Date::new(year, month, 1)
            } else {
                Date::new(previous.year, previous.month, previous.day + 1)
            };
            assert_eq!(date, next_day, "the day after {previous:?}");
            previous = date;
        }
    }

    #[rstest]
    #[case::leap_2024(Date::new(2024, 2, 10), 29)]
    #[case::common_2023(Date::new(2023, 2, 10), 28)]
    #[case::century_leap_2000(Date::new(2000, 2, 10), 29)]
    #[case::century_common_2100(Date::new(2100, 2, 10), 28)]
    #[case::april(Date::new(2024, 4, 10), 30)]
    #[case::december(Date::new(2024, 12, 10), 31)]
    fn months_have_their_length(#[case] date: Date, #[case] days: u32) {
        let _attest = kata_attest::attest();
        assert_eq!(date.days_in_month(), days);
        assert_eq!(date.last_of_month(), Date::new(date.year, date.month, days));
        assert_eq!(date.first_of_month(), Date::new(date.year, date.month, 1));
    }

    #[test]
    fn system_times_read_as_utc() {
        let _attest = kata_attest::attest();
        let leap_day = DateTime::from_system_time(at(1_709_200_800));
        assert_eq!(
            leap_day,
            DateTime {
                date: Date::new(2024, 2, 29),
                hour: 10,
                minute: 0,
                second: 0,
            }
        );
        let before_epoch = DateTime::from_system_time(UNIX_EPOCH - Duration::from_millis(500));
        assert_eq!(
            before_epoch,
            DateTime {
                date: Date::new(1969, 12, 31),
                hour: 23,
                minute: 59,
                second: 59,
            }
        );
    }
}
