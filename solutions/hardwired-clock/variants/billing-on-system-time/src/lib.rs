//! Opening hours of the support desk, and month-end billing.
//!
//! Variant (partial): the opening hours read the injected clock and close at 17:00:00, but
//! `is_billing_day` and `current_period` still ask `SystemTime::now()`.

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

/// Whether the desk is open at `at`.
fn is_open_at(at: DateTime) -> bool {
    let weekend = matches!(at.date.weekday(), Weekday::Saturday | Weekday::Sunday);
    !weekend && (9..17).contains(&at.hour)
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
        is_open_at(self.ticket_time())
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
        let today = DateTime::from_system_time(SystemTime::now()).date;
        today == today.last_of_month()
    }

    /// The month this month's invoices cover.
    pub fn current_period(&self) -> BillingPeriod {
        let today = DateTime::from_system_time(SystemTime::now()).date;
        BillingPeriod {
            first: today.first_of_month(),
            last: today.last_of_month(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A clock stopped at `secs` seconds after the epoch.
    struct Stopped(u64);

    impl WallClock for Stopped {
        fn now(&self) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(self.0)
        }
    }

    #[test]
    fn sends_invoices_at_month_end() {
        // Wed 2024-01-31 12:00:00 UTC.
        let billing = MonthEndBilling::new(Stopped(1_706_702_400));
        assert_eq!(billing.invoice_date(), Date::new(2024, 1, 31));
    }

    #[test]
    fn the_desk_is_open() {
        // Fri 2024-03-01 09:00:00 UTC.
        assert!(BusinessHours::new(Stopped(1_709_283_600)).is_open());
    }
}
