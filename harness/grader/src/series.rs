//! The curves behind checks' figures (`kata_toolkit::figure::report_series`): operations
//! against input size, peak heap against rows. A check reports its points once; reports
//! draw them (`report/html.rs`). Read from the figures file only when signed under the
//! run's key, like figures.

use serde::{Deserialize, Serialize};

/// A curve a check reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The test that reported it (not serialized: the check it belongs to says).
    #[serde(skip)]
    pub test: String,
    /// What it shows.
    pub name: String,
    /// The x axis, with its unit.
    pub x: String,
    /// The y axis, with its unit.
    pub y: String,
    /// Drawn on log-log axes (a growth exponent is the slope there).
    pub log_log: bool,
    /// `(x, y)` in the order measured.
    pub points: Vec<(f64, f64)>,
    /// A level on the y axis the curve must stay under or over (the check's bar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bar: Option<f64>,
}

/// Parse the fields of a signed series line (without its leading `series` and its mac):
/// `test, name, x, y, log|lin, x:y;x:y…, bar or -`.
pub fn parse(fields: &[&str]) -> Option<Series> {
    let [test, name, x, y, scale, points, bar] = fields else {
        return None;
    };
    let bar = match *bar {
        "-" => None,
        level => Some(level.parse::<f64>().ok().filter(|b| b.is_finite())?),
    };
    let points = points
        .split(';')
        .map(|p| {
            let (a, b) = p.split_once(':')?;
            let (a, b): (f64, f64) = (a.parse().ok()?, b.parse().ok()?);
            (a.is_finite() && b.is_finite()).then_some((a, b))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Series {
        test: (*test).to_owned(),
        name: (*name).to_owned(),
        x: (*x).to_owned(),
        y: (*y).to_owned(),
        log_log: *scale == "log",
        points,
        bar,
    })
}

/// The least-squares slope of `ln y` on `ln x`: the growth exponent a log-log chart shows.
pub fn log_log_slope(points: &[(f64, f64)]) -> Option<f64> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    if logs.len() < 2 {
        return None;
    }
    let n = logs.len() as f64;
    let mx = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = logs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_points_and_refuses_garbage() {
        let s = parse(&[
            "t",
            "ops",
            "n",
            "operations",
            "log",
            "512:1024;1024:4096",
            "-",
        ])
        .unwrap();
        assert_eq!(s.points, vec![(512.0, 1024.0), (1024.0, 4096.0)]);
        assert!(s.log_log);
        assert_eq!(s.bar, None);
        let level = parse(&["t", "heap", "rows", "bytes", "lin", "1:2", "262144"]).unwrap();
        assert_eq!(level.bar, Some(262_144.0));
        assert!(parse(&["t", "ops", "n", "operations", "log", "512:x", "-"]).is_none());
        assert!(parse(&["t", "ops", "n", "operations", "log", "1:NaN", "-"]).is_none());
        assert!(parse(&["t", "heap", "rows", "bytes", "lin", "1:2", "inf"]).is_none());
        assert!(parse(&["t", "ops", "n", "operations", "log", "1:2"]).is_none());
        assert!(parse(&["t", "ops"]).is_none());
    }

    #[test]
    fn slope_of_a_quadratic_is_two() {
        let points: Vec<(f64, f64)> = [512.0, 1024.0, 2048.0]
            .iter()
            .map(|&n: &f64| (n, 3.0 * n * n))
            .collect();
        assert!((log_log_slope(&points).unwrap() - 2.0).abs() < 1e-9);
    }
}
