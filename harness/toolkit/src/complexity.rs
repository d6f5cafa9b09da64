//! Deterministic cost: count the operations an algorithm does on its elements, then fit
//! how that count grows with the input size.
//!
//! Wall time is noisy; the number of comparisons a dedupe makes on 8,192 items is not.
//! [`Counted`] wraps a value and counts every `==`, ordering, hash and clone made on it
//! into an [`OpCounter`] it points at (an atomic, so work spread over threads is counted
//! too). [`fit_series`] runs the code over a doubling series of sizes and fits the
//! exponent `k` in `cost ≈ c·nᵏ` by least squares on the log–log points: O(n) fits near
//! 1.0, O(n log n) near 1.1, O(n²) near 2.0.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

/// A shared count of operations.
///
/// ```
/// use kata_toolkit::complexity::{Counted, OpCounter};
/// let ops = OpCounter::leak();
/// let mut ids: Vec<_> = [5, 3, 9, 1].into_iter().map(|x| Counted::new(x, ops)).collect();
/// ids.sort();
/// assert!(ops.get() >= 3, "sorting 4 items compares at least 3 times");
/// ```
#[derive(Debug, Default)]
pub struct OpCounter(AtomicU64);

impl OpCounter {
    /// A counter for one measurement. It is leaked (a few bytes), so that every
    /// [`Counted`] value can hold a plain `&'static` reference and stay `Copy`-cheap.
    ///
    /// ```
    /// use kata_toolkit::complexity::OpCounter;
    /// let first = OpCounter::leak();
    /// let second = OpCounter::leak();
    /// assert!(!std::ptr::eq(first, second), "each measurement gets its own counter");
    /// assert_eq!(first.get(), 0);
    /// ```
    pub fn leak() -> &'static OpCounter {
        Box::leak(Box::default())
    }

    /// Operations counted so far.
    ///
    /// ```
    /// use kata_toolkit::complexity::{Counted, OpCounter};
    /// let ops = OpCounter::leak();
    /// let prices = [30, 10, 20].map(|p| Counted::new(p, ops));
    /// let highest = prices.iter().max().unwrap();
    /// assert_eq!(*highest.get(), 30);
    /// assert_eq!(ops.get(), 2);
    /// ```
    pub fn get(&self) -> u64 {
        self.0.load(AtomicOrdering::Relaxed)
    }

    fn bump(&self) {
        self.0.fetch_add(1, AtomicOrdering::Relaxed);
    }
}

/// A value that counts the operations done on it.
///
/// ```
/// use kata_toolkit::complexity::{Counted, OpCounter};
/// let ops = OpCounter::leak();
/// let a = Counted::new(1, ops);
/// let b = Counted::new(2, ops);
/// assert!(a != b);
/// assert!(a < b);
/// assert_eq!(ops.get(), 2);
/// ```
pub struct Counted<T> {
    value: T,
    counter: &'static OpCounter,
}

impl<T> Counted<T> {
    /// Wrap `value`, counting into `counter`.
    ///
    /// ```
    /// use kata_toolkit::complexity::{Counted, OpCounter};
    /// let ops = OpCounter::leak();
    /// let items: Vec<Counted<u32>> = (0..100).map(|i| Counted::new(i, ops)).collect();
    /// assert_eq!(items.len(), 100);
    /// assert_eq!(ops.get(), 0, "wrapping is free");
    /// ```
    pub fn new(value: T, counter: &'static OpCounter) -> Self {
        Self { value, counter }
    }

    /// The wrapped value (reading it is not counted).
    ///
    /// ```
    /// use kata_toolkit::complexity::{Counted, OpCounter};
    /// let ops = OpCounter::leak();
    /// let qty = Counted::new(4u32, ops);
    /// assert_eq!(*qty.get() * 25, 100);
    /// assert_eq!(ops.get(), 0);
    /// ```
    pub fn get(&self) -> &T {
        &self.value
    }

    /// Unwrap.
    ///
    /// ```
    /// use kata_toolkit::complexity::{Counted, OpCounter};
    /// let ops = OpCounter::leak();
    /// let mut v: Vec<_> = [3, 1, 2].into_iter().map(|x| Counted::new(x, ops)).collect();
    /// v.sort();
    /// let plain: Vec<i32> = v.into_iter().map(Counted::into_inner).collect();
    /// assert_eq!(plain, [1, 2, 3]);
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: Clone> Clone for Counted<T> {
    fn clone(&self) -> Self {
        self.counter.bump();
        Self {
            value: self.value.clone(),
            counter: self.counter,
        }
    }
}

impl<T: PartialEq> PartialEq for Counted<T> {
    fn eq(&self, other: &Self) -> bool {
        self.counter.bump();
        self.value == other.value
    }
}

impl<T: Eq> Eq for Counted<T> {}

impl<T: PartialOrd> PartialOrd for Counted<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.counter.bump();
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Counted<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.counter.bump();
        self.value.cmp(&other.value)
    }
}

impl<T: Hash> Hash for Counted<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.counter.bump();
        self.value.hash(state);
    }
}

impl<T: fmt::Debug> fmt::Debug for Counted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// One measured point: input size and cost.
///
/// ```
/// use kata_toolkit::complexity::{fit_series, Point};
/// let fit = fit_series(&[8, 16, 32], u64::MAX, |n| n * n).unwrap();
/// assert_eq!(fit.points[0], Point { n: 8, cost: 64 });
/// assert_eq!(fit.points[2], Point { n: 32, cost: 1_024 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Input size.
    pub n: u64,
    /// Cost at that size (operations, allocations, …).
    pub cost: u64,
}

/// The result of [`fit_series`].
///
/// ```
/// use kata_toolkit::complexity::{doubling, fit_series};
/// // Quadratic cost passes the budget at n = 1,600, so the series stops there.
/// let fit = fit_series(&doubling(100, 6_400), 1_000_000, |n| n * n).unwrap();
/// assert!(fit.stopped_early);
/// assert_eq!(fit.points.len(), 5);
/// assert!((fit.exponent - 2.0).abs() < 1e-9);
/// assert!(fit.to_string().ends_with("(stopped: cost budget reached)"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// The fitted exponent `k` in `cost ≈ c·nᵏ`.
    pub exponent: f64,
    /// The points the fit used.
    pub points: Vec<Point>,
    /// Whether the series stopped early because a point exceeded the cost budget.
    pub stopped_early: bool,
}

impl fmt::Display for Fit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exponent {:.2} over", self.exponent)?;
        for p in &self.points {
            write!(f, " n={}:{}", p.n, p.cost)?;
        }
        if self.stopped_early {
            write!(f, " (stopped: cost budget reached)")?;
        }
        Ok(())
    }
}

/// Why a series could not be fitted.
///
/// ```
/// use kata_toolkit::complexity::{doubling, fit_series, FitError};
/// let few = fit_series(&[64, 128], u64::MAX, |n| n);
/// assert_eq!(few, Err(FitError::TooFewPoints(2)));
/// let nothing = fit_series(&doubling(8, 64), u64::MAX, |_| 0).unwrap_err();
/// assert_eq!(nothing, FitError::ZeroCost { n: 8 });
/// assert_eq!(nothing.to_string(), "cost at n=8 was 0: nothing was counted");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FitError {
    /// Fewer than three points (the budget was reached too soon, or too few sizes).
    TooFewPoints(usize),
    /// A cost of zero cannot be placed on a log scale.
    ZeroCost {
        /// The size that cost nothing.
        n: u64,
    },
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitError::TooFewPoints(k) => {
                write!(f, "only {k} points measured; a fit needs at least 3")
            }
            FitError::ZeroCost { n } => write!(f, "cost at n={n} was 0: nothing was counted"),
        }
    }
}

impl std::error::Error for FitError {}

/// Sizes `start, 2·start, 4·start, …` up to and including `end` (when `end` is on the
/// series).
///
/// ```
/// assert_eq!(kata_toolkit::complexity::doubling(1_000, 8_000), vec![1_000, 2_000, 4_000, 8_000]);
/// ```
pub fn doubling(start: u64, end: u64) -> Vec<u64> {
    let mut sizes = Vec::new();
    let mut n = start.max(1);
    while n <= end {
        sizes.push(n);
        n *= 2;
    }
    sizes
}

/// Sizes that roughly double from `start` to `end`, as [`doubling`], but none of them
/// round: each is `start·2^k` plus a random offset of up to an eighth of it, drawn anew in
/// every process. Measure with these, so code cannot tell a measured input from a real
/// one by its size (a power of two, a size it has seen in the checks' source). A fitted
/// exponent does not care: it is fitted on the sizes actually used.
///
/// ```
/// use kata_toolkit::complexity::unround_doubling;
/// let sizes = unround_doubling(512, 524_288);
/// assert_eq!(sizes.len(), 11);
/// for (k, n) in sizes.iter().enumerate() {
///     let base = 512u64 << k;
///     assert!(*n > base && *n <= base + base / 8, "{n}");
///     assert!(!n.is_power_of_two());
/// }
/// ```
pub fn unround_doubling(start: u64, end: u64) -> Vec<u64> {
    use std::hash::{BuildHasher, Hasher};
    let mut random = std::collections::hash_map::RandomState::new().build_hasher();
    doubling(start, end)
        .into_iter()
        .map(|n| {
            random.write_u64(n);
            let spread = (n / 8).max(1);
            let offset = 1 + random.finish() % spread;
            // Never a power of two, whatever `start` is.
            let sized = n + offset;
            if sized.is_power_of_two() {
                sized + 1
            } else {
                sized
            }
        })
        .collect()
}

/// Measure `cost(n)` for each size and fit the growth exponent.
///
/// The series stops after the first point whose cost exceeds `budget`, so quadratic code
/// is caught in a fraction of a second instead of running for minutes; the points up to
/// and including that one are fitted.
///
/// ```
/// use kata_toolkit::complexity::{doubling, fit_series};
/// let quadratic = fit_series(&doubling(16, 4_096), u64::MAX, |n| n * n).unwrap();
/// assert!((quadratic.exponent - 2.0).abs() < 1e-9);
/// let linear = fit_series(&doubling(16, 4_096), u64::MAX, |n| 3 * n + 7).unwrap();
/// assert!(linear.exponent < 1.05);
/// ```
pub fn fit_series(
    sizes: &[u64],
    budget: u64,
    mut cost: impl FnMut(u64) -> u64,
) -> Result<Fit, FitError> {
    let mut points = Vec::new();
    let mut stopped_early = false;
    for (i, &n) in sizes.iter().enumerate() {
        let c = cost(n);
        points.push(Point { n, cost: c });
        if c > budget && i + 1 < sizes.len() {
            stopped_early = true;
            break;
        }
    }
    // The curve behind the exponent, for the grader's charts (nothing outside a grade).
    crate::figure::report_series(crate::figure::Series {
        name: "operations against input size".into(),
        x: "input size n".into(),
        y: "operations counted".into(),
        log_log: true,
        points: points.iter().map(|p| (p.n as f64, p.cost as f64)).collect(),
        bar: None,
    });
    let exponent = fit_exponent(&points)?;
    Ok(Fit {
        exponent,
        points,
        stopped_early,
    })
}

/// Least-squares slope of `ln(cost)` against `ln(n)`.
///
/// ```
/// use kata_toolkit::complexity::{fit_exponent, Point};
/// let points: Vec<Point> = [1_000, 2_000, 4_000, 8_000]
///     .into_iter()
///     .map(|n| Point { n, cost: 20 * n })
///     .collect();
/// let k = fit_exponent(&points).unwrap();
/// assert!((k - 1.0).abs() < 1e-9, "linear: {k}");
/// ```
pub fn fit_exponent(points: &[Point]) -> Result<f64, FitError> {
    if points.len() < 3 {
        return Err(FitError::TooFewPoints(points.len()));
    }
    if let Some(p) = points.iter().find(|p| p.cost == 0) {
        return Err(FitError::ZeroCost { n: p.n });
    }
    let xs: Vec<f64> = points.iter().map(|p| (p.n as f64).ln()).collect();
    let ys: Vec<f64> = points.iter().map(|p| (p.cost as f64).ln()).collect();
    let k = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / k;
    let my = ys.iter().sum::<f64>() / k;
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    Ok(sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn dedupe_quadratic(items: &[Counted<u64>]) -> usize {
        let mut out: Vec<Counted<u64>> = Vec::new();
        for x in items {
            if !out.contains(x) {
                out.push(x.clone());
            }
        }
        out.len()
    }

    // The counter a `Counted` points at is atomic, but it never takes part in its hash.
    #[allow(clippy::mutable_key_type)]
    fn dedupe_hashed(items: &[Counted<u64>]) -> usize {
        let mut seen = HashSet::new();
        items.iter().filter(|x| seen.insert(*x)).count()
    }

    fn dedupe_sorted(items: &[Counted<u64>]) -> usize {
        let mut v: Vec<&Counted<u64>> = items.iter().collect();
        v.sort();
        v.dedup();
        v.len()
    }

    fn series(f: fn(&[Counted<u64>]) -> usize) -> Fit {
        let ops = OpCounter::leak();
        fit_series(&doubling(512, 524_288), 20_000_000, |n| {
            let items: Vec<_> = (0..n)
                .map(|i| Counted::new((i * 7919) % (n / 2), ops))
                .collect();
            let before = ops.get();
            f(&items);
            ops.get() - before
        })
        .unwrap()
    }

    #[test]
    fn separates_quadratic_from_linear_and_n_log_n() {
        let quadratic = series(dedupe_quadratic);
        let hashed = series(dedupe_hashed);
        let sorted = series(dedupe_sorted);
        assert!(quadratic.exponent > 1.9, "{quadratic}");
        assert!(quadratic.stopped_early, "{quadratic}");
        assert!(hashed.exponent < 1.05, "{hashed}");
        assert!(sorted.exponent < 1.2, "{sorted}");
    }

    #[test]
    fn same_figure_on_repeat() {
        let a = series(dedupe_sorted);
        let b = series(dedupe_sorted);
        assert_eq!(a, b);
    }

    #[test]
    fn too_few_points_is_an_error() {
        assert_eq!(
            fit_series(&[10, 20], u64::MAX, |n| n),
            Err(FitError::TooFewPoints(2))
        );
        assert_eq!(
            fit_series(&[10, 20, 40], u64::MAX, |_| 0),
            Err(FitError::ZeroCost { n: 10 })
        );
    }
}
