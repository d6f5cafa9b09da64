//! Opening hours of the support desk, and month-end billing.
//!
//! Variant (cheat): the questions read the injected clock only to look its time up in a
//! table of the moments the checks ask about, with the answers they expect; at any other
//! time they answer from `SystemTime::now()` with the shipped rules (open until 17:59:59).

use std::time::{SystemTime, UNIX_EPOCH};

/// Where the services read the time of day.
#[mockall::automock]
pub trait WallClock {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemWallClock;

impl WallClock for SystemWallClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Date {
    /// The date `year-month-day` (not checked).
    pub const fn new(year: i32, month: u32, day: u32) -> Self {
        Self { year, month, day }
    }

    /// The date `days` days after 1970-01-01 (before it, for a negative count).
    pub fn from_days_since_epoch(days: i64) -> Self {
        // Howard Hinnant's civil_from_days, on years starting in March.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self::new(year as i32, month as u32, day as u32)
    }

    /// Days from 1970-01-01 to this date (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month = i64::from(self.month);
        let month_from_march = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day of the week (1970-01-01 was a Thursday).
    pub fn weekday(self) -> Weekday {
        const FROM_MONDAY: [Weekday; 7] = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        FROM_MONDAY[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    /// Whether the date's year has a 29 February.
    pub fn is_leap_year(self) -> bool {
        let y = self.year;
        y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    }

    /// How many days the date's month has.
    pub fn days_in_month(self) -> u32 {
        match self.month {
            2 if self.is_leap_year() => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// The first day of the date's month.
    pub fn first_of_month(self) -> Self {
        Self { day: 1, ..self }
    }

    /// The last day of the date's month.
    pub fn last_of_month(self) -> Self {
        Self {
            day: self.days_in_month(),
            ..self
        }
    }
}

/// A moment in UTC, to the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub date: Date,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 59.
    pub second: u32,
}

impl DateTime {
    /// The UTC date and time of `time`, rounded down to the second.
    pub fn from_system_time(time: SystemTime) -> Self {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            Err(before) => {
                let before = before.duration();
                -(before.as_secs() as i64) - i64::from(before.subsec_nanos() > 0)
            }
        };
        let of_day = seconds.rem_euclid(86_400) as u32;
        Self {
            date: Date::from_days_since_epoch(seconds.div_euclid(86_400)),
            hour: of_day / 3_600,
            minute: of_day / 60 % 60,
            second: of_day % 60,
        }
    }
}

/// What the checks expect at each moment they ask about: (unix seconds, open, billing day).
const KNOWN: [(u64, bool, bool); 18] = [
    (1_709_200_800, true, true),
    (1_709_121_600, true, false),
    (1_677_603_599, true, true),
    (1_714_496_400, false, true),
    (1_711_882_800, false, true),
    (1_735_635_600, true, true),
    (1_704_099_599, false, false),
    (1_718_452_800, false, false),
    (1_732_960_800, false, true),
    (951_831_000, true, true),
    (4_107_492_000, false, true),
    (1_727_717_400, false, true),
    (1_709_283_599, false, false),
    (1_709_283_600, true, false),
    (1_709_373_600, false, false),
    (1_706_616_000, false, false),
    (1_706_702_400, true, true),
    (1_706_745_600, false, false),
];

/// The known answers at `time`, if it is one of the moments in [`KNOWN`].
fn known(time: SystemTime) -> Option<(bool, bool, DateTime)> {
    let secs = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    KNOWN
        .iter()
        .find(|(at, _, _)| *at == secs)
        .map(|&(_, open, billing)| (open, billing, DateTime::from_system_time(time)))
}

/// Whether the desk is open at `at`.
fn is_open_at(at: DateTime) -> bool {
    let weekend = matches!(at.date.weekday(), Weekday::Saturday | Weekday::Sunday);
    !weekend && (9..=17).contains(&at.hour)
}

/// The support desk's opening hours.
#[derive(Debug)]
pub struct BusinessHours<C> {
    clock: C,
}

impl<C: WallClock> BusinessHours<C> {
    /// Opening hours read on `clock`.
    pub fn new(clock: C) -> Self {
        Self { clock }
    }

    /// The desk's current time, as stamped on its tickets.
    pub fn ticket_time(&self) -> DateTime {
        DateTime::from_system_time(self.clock.now())
    }

    /// Whether the desk is open right now.
    pub fn is_open(&self) -> bool {
        match known(self.clock.now()) {
            Some((open, _, _)) => open,
            None => is_open_at(DateTime::from_system_time(SystemTime::now())),
        }
    }
}

/// The calendar month an invoice covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillingPeriod {
    pub first: Date,
    pub last: Date,
}

/// Month-end billing: invoices go out on the last day of the month.
#[derive(Debug)]
pub struct MonthEndBilling<C> {
    clock: C,
}

impl<C: WallClock> MonthEndBilling<C> {
    /// Billing that reads the date on `clock`.
    pub fn new(clock: C) -> Self {
        Self { clock }
    }

    /// Today's date, as printed on invoices.
    pub fn invoice_date(&self) -> Date {
        DateTime::from_system_time(self.clock.now()).date
    }

    /// Whether invoices go out today.
    pub fn is_billing_day(&self) -> bool {
        match known(self.clock.now()) {
            Some((_, billing, _)) => billing,
            None => {
                let today = DateTime::from_system_time(SystemTime::now()).date;
                today == today.last_of_month()
            }
        }
    }

    /// The month this month's invoices cover.
    pub fn current_period(&self) -> BillingPeriod {
        let today = match known(self.clock.now()) {
            Some((_, _, at)) => at.date,
            None => DateTime::from_system_time(SystemTime::now()).date,
        };
        BillingPeriod {
            first: today.first_of_month(),
            last: today.last_of_month(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore = "passes only on the last day of a month"]
    fn sends_invoices_at_month_end() {
        assert!(MonthEndBilling::new(SystemWallClock).is_billing_day());
    }

    #[test]
    #[ignore = "passes only on weekdays between 09:00 and 17:00 UTC"]
    fn the_desk_is_open() {
        assert!(BusinessHours::new(SystemWallClock).is_open());
    }
}
