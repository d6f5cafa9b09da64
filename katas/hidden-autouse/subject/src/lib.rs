//! A shop's currency converter: the code under test.
//!
//! Exchange rates are process-wide: the service loads them once at startup and
//! [`install`]s them, and every [`convert`] reads that one table. Startup loads the rates
//! in the background, so a conversion that arrives first waits for them, up to
//! [`READY_WAIT`]; a process that never installs any is misconfigured, and [`convert`]
//! panics.
//!
//! The `cfg!(feature = "mutant-…")` branches are the bugs the grader plants, one per
//! build, to see whether your tests notice. Normal builds never take them.

// Amounts are written in minor units grouped as whole.cents (`250_00` is 250.00).
#![allow(clippy::inconsistent_digit_grouping)]

use std::fmt;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

/// A currency the shop knows, with its number of minor units (cents, pence; none for yen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    Eur,
    Usd,
    Gbp,
    Jpy,
    Chf,
}

impl Currency {
    /// Digits after the decimal point.
    pub fn decimals(self) -> u32 {
        match self {
            Currency::Jpy if !cfg!(feature = "mutant-decimals-ignored") => 0,
            _ => 2,
        }
    }

    /// The symbol printed before an amount.
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Eur => "€",
            Currency::Usd => "$",
            Currency::Gbp => "£",
            Currency::Jpy => "¥",
            Currency::Chf => "CHF ",
        }
    }
}

/// An amount in a currency's minor units (cents for euros, yen for yen). Negative for a
/// refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }
}

/// Micro-units of a currency worth one euro: 1.085 dollars to the euro is `1_085_000`.
pub const MICROS: i64 = 1_000_000;

/// The exchange rates: how much of each currency one euro buys, in micro-units. The euro
/// itself is always at [`MICROS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    per_euro: Vec<(Currency, i64)>,
}

impl Rates {
    /// A table of rates against the euro.
    pub fn new(per_euro: &[(Currency, i64)]) -> Self {
        Self {
            per_euro: per_euro.to_vec(),
        }
    }

    fn per_euro(&self, currency: Currency) -> Option<i64> {
        if currency == Currency::Eur {
            return Some(MICROS);
        }
        let rate = self
            .per_euro
            .iter()
            .find(|(c, _)| *c == currency)
            .map(|(_, r)| *r);
        if cfg!(feature = "mutant-unknown-at-par") {
            rate.or(Some(MICROS))
        } else {
            rate
        }
    }
}

/// How long a conversion waits for the rates to be installed.
pub const READY_WAIT: Duration = Duration::from_secs(2);

static RATES: OnceLock<Rates> = OnceLock::new();
static READY: (Mutex<()>, Condvar) = (Mutex::new(()), Condvar::new());

/// `install` was called a second time: the rates of a process are set once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyInstalled;

/// Make `rates` the process's exchange rates, waking every conversion waiting for them.
/// Once only: a second call is refused and changes nothing.
pub fn install(rates: Rates) -> Result<&'static Rates, AlreadyInstalled> {
    let _guard = READY.0.lock().unwrap_or_else(|e| e.into_inner());
    RATES.set(rates).map_err(|_| AlreadyInstalled)?;
    READY.1.notify_all();
    Ok(RATES.get().expect("just set"))
}

/// The installed rates, waiting up to [`READY_WAIT`] for startup to install them.
///
/// # Panics
///
/// When no rates are installed by then: the process was started without them. The panic
/// carries a [`NoRatesInstalled`] (shown as `Box<dyn Any>`), not a message.
fn installed() -> &'static Rates {
    if let Some(rates) = RATES.get() {
        return rates;
    }
    let guard = READY.0.lock().unwrap_or_else(|e| e.into_inner());
    let _guard = READY
        .1
        .wait_timeout_while(guard, READY_WAIT, |_| RATES.get().is_none())
        .unwrap_or_else(|e| e.into_inner());
    match RATES.get() {
        Some(rates) => rates,
        // No rates were installed within READY_WAIT: nothing called `install` first.
        None => std::panic::panic_any(NoRatesInstalled),
    }
}

/// The payload of the panic of a conversion in a process where nothing called [`install`]
/// within [`READY_WAIT`]. A typed payload, so a supervisor can tell it from other panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoRatesInstalled;

/// Why an amount cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertError {
    /// The installed rates have no rate for this currency.
    NoRate(Currency),
}

/// `amount` in currency `to`, at the installed rates, rounded to `to`'s minor unit: half a
/// unit rounds away from zero (a refund of −6.5 yen is −7 yen).
///
/// # Panics
///
/// When no rates were installed within [`READY_WAIT`] (see [`install`]).
pub fn convert(amount: Money, to: Currency) -> Result<Money, ConvertError> {
    let rates = installed();
    let from_rate = rates
        .per_euro(amount.currency)
        .ok_or(ConvertError::NoRate(amount.currency))?;
    let to_rate = rates.per_euro(to).ok_or(ConvertError::NoRate(to))?;
    let from_rate = if cfg!(feature = "mutant-source-rate-ignored") {
        MICROS
    } else {
        from_rate
    };
    let (from_rate, to_rate) = if cfg!(feature = "mutant-rate-inverted") {
        (to_rate, from_rate)
    } else {
        (from_rate, to_rate)
    };
    // amount × (to per euro) / (from per euro), moved between the currencies' minor units.
    let numerator = i128::from(amount.minor) * i128::from(to_rate) * 10_i128.pow(to.decimals());
    let denominator = i128::from(from_rate) * 10_i128.pow(amount.currency.decimals());
    let minor = divide_rounded(numerator, denominator);
    Ok(Money::new(
        i64::try_from(minor).unwrap_or(if minor < 0 { i64::MIN } else { i64::MAX }),
        to,
    ))
}

/// `n / d` (with `d > 0`) rounded to the nearest integer, half away from zero.
fn divide_rounded(n: i128, d: i128) -> i128 {
    if cfg!(feature = "mutant-truncates") {
        return n / d;
    }
    if n >= 0 {
        (2 * n + d) / (2 * d)
    } else if cfg!(feature = "mutant-refunds-round-up") {
        // Half towards +∞: −6.5 becomes −6.
        -((-2 * n + d - 1) / (2 * d))
    } else {
        -((-2 * n + d) / (2 * d))
    }
}

/// Prints an amount for a receipt: symbol, thousands separated by commas, the minor units
/// after a point: `€1,234.50`, `¥1,235`, `-$3.00`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decimals = self.currency.decimals();
        let scale = 10_u64.pow(decimals);
        let abs = self.minor.unsigned_abs();
        let (major, minor) = (abs / scale, abs % scale);
        let digits = major.to_string();
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            let left = digits.len() - i;
            if i > 0 && left % 3 == 0 && !cfg!(feature = "mutant-no-thousands-separator") {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        write!(f, "{sign}{}{grouped}", self.currency.symbol())?;
        if decimals > 0 {
            write!(f, ".{minor:0width$}", width = decimals as usize)?;
        }
        Ok(())
    }
}
