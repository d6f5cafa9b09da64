//! Hand a check's measured figure to the grader.
//!
//! A check measures something (an exponent, a count of calls, virtual milliseconds) and
//! compares it with a bar. [`report`] records that figure so `cargo kata grade` can show
//! it next to the verdict, whether the check passed or failed.
//!
//! The channel is a file named by the `KATA_FIGURES` environment variable, which the
//! grader sets for each run; one tab-separated line per figure, tagged with the name of
//! the test that reported it (libtest names each test's thread after the test) and
//! signed with the run's key from [`kata_attest`], so the grader ignores lines that the
//! code under test wrote. Outside
//! the grader the variable is unset and [`report`] only returns the figure.

use std::fmt;
use std::io::Write;

/// The environment variable naming the file figures are appended to.
pub const FIGURES_ENV: &str = "KATA_FIGURES";

/// Which side of the bar a passing value is on.
///
/// ```
/// use kata_toolkit::figure::{Figure, Goal};
/// let f = Figure::at_least("speed-up", 25.0, 10.0, "x");
/// assert_eq!(f.goal, Goal::AtLeast);
/// assert!(f.passes());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// The value must be at most the bar.
    AtMost,
    /// The value must be at least the bar.
    AtLeast,
}

/// A measured value and the bar it is held to.
///
/// ```
/// use kata_toolkit::figure::{Figure, Goal};
/// let f = Figure {
///     name: "store calls".to_owned(),
///     value: 12.0,
///     bar: 10.0,
///     goal: Goal::AtMost,
///     unit: String::new(),
/// };
/// assert!(!f.passes());
/// assert_eq!(f.to_string(), "store calls = 12 (bar <= 10)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What was measured, e.g. `"fitted exponent"`.
    pub name: String,
    /// The measured value.
    pub value: f64,
    /// The bar a passing value must reach.
    pub bar: f64,
    /// Which side of the bar passes.
    pub goal: Goal,
    /// Unit shown after the numbers (may be empty). The unit `"bytes"` is shown in
    /// binary multiples: `31.4 MiB`.
    pub unit: String,
}

impl Figure {
    /// A figure that passes when `value <= bar`.
    ///
    /// ```
    /// let f = kata_toolkit::figure::Figure::at_most("clients built", 1.0, 1.0, "");
    /// assert!(f.passes());
    /// ```
    pub fn at_most(name: &str, value: f64, bar: f64, unit: &str) -> Self {
        Self::new(name, value, bar, Goal::AtMost, unit)
    }

    /// A figure that passes when `value >= bar`.
    ///
    /// ```
    /// let f = kata_toolkit::figure::Figure::at_least("speed-up", 2.0, 3.0, "x");
    /// assert!(!f.passes());
    /// ```
    pub fn at_least(name: &str, value: f64, bar: f64, unit: &str) -> Self {
        Self::new(name, value, bar, Goal::AtLeast, unit)
    }

    fn new(name: &str, value: f64, bar: f64, goal: Goal, unit: &str) -> Self {
        Self {
            name: name.to_owned(),
            value,
            bar,
            goal,
            unit: unit.to_owned(),
        }
    }

    /// Whether the value is on the passing side of the bar.
    ///
    /// ```
    /// use kata_toolkit::figure::Figure;
    /// assert!(Figure::at_most("fitted exponent", 1.3, 1.3, "").passes()); // the bar itself passes
    /// assert!(!Figure::at_most("fitted exponent", 1.31, 1.3, "").passes());
    /// ```
    pub fn passes(&self) -> bool {
        match self.goal {
            Goal::AtMost => self.value <= self.bar,
            Goal::AtLeast => self.value >= self.bar,
        }
    }

    /// The bar as text, e.g. `"<= 1.30"`.
    ///
    /// ```
    /// use kata_toolkit::figure::Figure;
    /// assert_eq!(Figure::at_most("fitted exponent", 1.02, 1.3, "").bar_text(), "<= 1.30");
    /// assert_eq!(Figure::at_least("speed-up", 40.0, 20.0, "x").bar_text(), ">= 20x");
    /// ```
    pub fn bar_text(&self) -> String {
        let op = match self.goal {
            Goal::AtMost => "<=",
            Goal::AtLeast => ">=",
        };
        format!("{op} {}", with_unit(self.bar, &self.unit))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} (bar {})",
            self.name,
            with_unit(self.value, &self.unit),
            self.bar_text()
        )
    }
}

/// Numbers as people read them: integers without decimals, others with two.
///
/// ```
/// use kata_toolkit::figure::format_number;
/// assert_eq!(format_number(42.0), "42");
/// assert_eq!(format_number(1.0 / 3.0), "0.33");
/// ```
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// A count with thousands separators, for failure messages: `1000000` → `"1,000,000"`.
///
/// ```
/// use kata_toolkit::figure::thousands;
/// assert_eq!(thousands(1_000_000), "1,000,000");
/// assert_eq!(thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value with its unit: bytes in binary multiples, anything else as a number followed by
/// the unit text.
///
/// ```
/// use kata_toolkit::figure::with_unit;
/// assert_eq!(with_unit(32_925_696.0, "bytes"), "31.4 MiB");
/// assert_eq!(with_unit(2.0, " s"), "2 s");
/// ```
pub fn with_unit(value: f64, unit: &str) -> String {
    if unit == "bytes" {
        crate::alloc::human_bytes(value.max(0.0) as u64)
    } else {
        format!("{}{unit}", format_number(value))
    }
}

/// Record `figure` for the grader (when `KATA_FIGURES` is set) and return it.
///
/// Reporting never fails a test: if the file cannot be written the figure is simply not
/// shown. Assert on the returned figure as usual.
///
/// ```
/// use kata_toolkit::figure::{report, Figure};
/// let f = report(Figure::at_most("store calls", 10.0, 10.0, ""));
/// assert!(f.passes(), "{f}");
/// ```
pub fn report(figure: Figure) -> Figure {
    if std::env::var_os(FIGURES_ENV).is_some() {
        let test = std::thread::current().name().unwrap_or("").to_owned();
        let goal = match figure.goal {
            Goal::AtMost => "at_most",
            Goal::AtLeast => "at_least",
        };
        let line = format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            clean(&test),
            clean(&figure.name),
            figure.value,
            figure.bar,
            goal,
            clean(&figure.unit)
        );
        // Signed with the run's key (see `kata_attest`), so the grader shows only figures
        // a check reported, never ones the code under test wrote into the file. One write
        // of one short line: appends from parallel tests do not interleave.
        append_signed(line);
    }
    figure
}

/// A curve behind a figure: the points a check measured (operations against input size,
/// peak heap against rows), so a report can draw them.
///
/// ```
/// use kata_toolkit::figure::{report_series, Series};
/// let s = report_series(Series {
///     name: "element operations".into(),
///     x: "items".into(),
///     y: "operations".into(),
///     log_log: true,
///     points: vec![(512.0, 65_000.0), (1_024.0, 260_000.0)],
///     bar: None,
/// });
/// assert_eq!(s.points.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// What the curve shows, e.g. `"element operations"`.
    pub name: String,
    /// The x axis, with its unit: `"items"`.
    pub x: String,
    /// The y axis, with its unit: `"operations"`, `"bytes"`.
    pub y: String,
    /// Draw on log-log axes (a growth exponent is the slope there).
    pub log_log: bool,
    /// `(x, y)` in the order measured.
    pub points: Vec<(f64, f64)>,
    /// A level on the y axis the curve must stay under (or over), drawn as a dashed
    /// line: the check's bar, when it is in the y axis' unit. `None` for a growth
    /// exponent, whose bar is a slope the chart draws from the figure.
    pub bar: Option<f64>,
}

/// Record `series` for the grader's reports (when `KATA_FIGURES` is set) and return it,
/// signed like a figure, on a line of its own:
/// `series, test, name, x, y, log|lin, x:y;x:y…, bar or -, mac`.
pub fn report_series(series: Series) -> Series {
    if std::env::var_os(FIGURES_ENV).is_none() || series.points.is_empty() {
        return series;
    }
    let test = std::thread::current().name().unwrap_or("").to_owned();
    let points: Vec<String> = series
        .points
        .iter()
        .map(|(x, y)| format!("{x}:{y}"))
        .collect();
    let line = format!(
        "series\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        clean(&test),
        clean(&series.name),
        clean(&series.x),
        clean(&series.y),
        if series.log_log { "log" } else { "lin" },
        points.join(";"),
        series.bar.map_or_else(|| "-".to_owned(), |b| b.to_string())
    );
    append_signed(line);
    series
}

/// Sign `line` with the run's key and append it to the figures file in one write.
fn append_signed(mut line: String) {
    let Some(path) = std::env::var_os(FIGURES_ENV) else {
        return;
    };
    let mac = kata_attest::sign_figure(&line).unwrap_or_default();
    line.push('\t');
    line.push_str(&mac);
    line.push('\n');
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = file.write_all(line.as_bytes());
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Report `figure` and panic with `what_it_means` when it misses its bar.
///
/// The panic message states the figure and the bar, never the fix.
///
/// ```should_panic
/// use kata_toolkit::figure::{check, Figure};
/// check(Figure::at_most("clients built", 4.0, 1.0, ""), "a new client per call");
/// ```
#[track_caller]
pub fn check(figure: Figure, what_it_means: &str) -> Figure {
    let figure = report(figure);
    assert!(figure.passes(), "{figure}: {what_it_means}");
    figure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_sides() {
        assert!(Figure::at_most("x", 1.0, 1.0, "").passes());
        assert!(!Figure::at_most("x", 1.01, 1.0, "").passes());
        assert!(Figure::at_least("x", 3.0, 3.0, "").passes());
        assert!(!Figure::at_least("x", 2.9, 3.0, "").passes());
    }

    #[test]
    fn bytes_read_as_binary_multiples() {
        let f = Figure::at_most("peak heap at 1M rows", 32_925_696.0, 262_144.0, "bytes");
        assert_eq!(
            f.to_string(),
            "peak heap at 1M rows = 31.4 MiB (bar <= 256.0 KiB)"
        );
    }

    #[test]
    fn display_states_value_and_bar() {
        let f = Figure::at_most("fitted exponent", 2.004, 1.3, "");
        assert_eq!(f.to_string(), "fitted exponent = 2.00 (bar <= 1.30)");
        let g = Figure::at_most("suite time", 7.0, 1.0, " s");
        assert_eq!(g.to_string(), "suite time = 7 s (bar <= 1 s)");
    }
}
