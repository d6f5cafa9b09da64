//! Instrumented counters a kata's code can be built around: calls made, locks taken,
//! clients built, threads alive at once. Each is a plain atomic, cheap enough for hot
//! paths, and each reads the same on every run.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A count of events (calls, store writes, clients built).
///
/// ```
/// use kata_toolkit::counters::Counter;
/// static CLIENTS_BUILT: Counter = Counter::new();
/// CLIENTS_BUILT.incr();
/// assert_eq!(CLIENTS_BUILT.get(), 1);
/// ```
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// A counter at zero (usable in a `static`).
    pub const fn new() -> Self {
        Counter(AtomicU64::new(0))
    }
    /// Add one.
    pub fn incr(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    /// Add `n`.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    /// The count.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
    /// Back to zero; returns the count it had.
    pub fn reset(&self) -> u64 {
        self.0.swap(0, Ordering::Relaxed)
    }
}

/// A `Mutex` that counts how often it is locked.
///
/// ```
/// use kata_toolkit::counters::CountingMutex;
/// let totals = CountingMutex::new(0u64);
/// for i in 0..10 {
///     *totals.lock() += i;
/// }
/// assert_eq!(totals.acquisitions(), 10);
/// assert_eq!(*totals.lock(), 45);
/// ```
#[derive(Debug, Default)]
pub struct CountingMutex<T> {
    inner: Mutex<T>,
    acquisitions: AtomicU64,
}

impl<T> CountingMutex<T> {
    /// Wrap `value`.
    pub const fn new(value: T) -> Self {
        CountingMutex {
            inner: Mutex::new(value),
            acquisitions: AtomicU64::new(0),
        }
    }
    /// Lock (counted). A poisoned lock is recovered: counting is about cost, not about
    /// propagating another test's panic.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.acquisitions.fetch_add(1, Ordering::Relaxed);
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
    /// How many times it was locked.
    pub fn acquisitions(&self) -> u64 {
        self.acquisitions.load(Ordering::Relaxed)
    }
    /// Reset the count; returns the count it had.
    pub fn reset_acquisitions(&self) -> u64 {
        self.acquisitions.swap(0, Ordering::Relaxed)
    }
}

/// How many of something are alive at once, and the most there ever were (threads in
/// flight, requests in progress).
///
/// ```
/// use kata_toolkit::counters::Gauge;
/// let in_flight = Gauge::new();
/// {
///     let _a = in_flight.enter();
///     let _b = in_flight.enter();
///     assert_eq!(in_flight.live(), 2);
/// }
/// assert_eq!((in_flight.live(), in_flight.peak()), (0, 2));
/// ```
#[derive(Debug, Default)]
pub struct Gauge {
    live: AtomicI64,
    peak: AtomicI64,
}

impl Gauge {
    /// A gauge at zero.
    pub const fn new() -> Self {
        Gauge {
            live: AtomicI64::new(0),
            peak: AtomicI64::new(0),
        }
    }
    /// One more alive until the guard drops.
    pub fn enter(&self) -> GaugeGuard<'_> {
        let now = self.live.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        GaugeGuard { gauge: self }
    }
    /// Alive now.
    pub fn live(&self) -> i64 {
        self.live.load(Ordering::SeqCst)
    }
    /// The most alive at once.
    pub fn peak(&self) -> i64 {
        self.peak.load(Ordering::SeqCst)
    }
    /// Reset the peak to what is alive now.
    pub fn reset_peak(&self) {
        self.peak.store(self.live(), Ordering::SeqCst);
    }
}

/// Leaves the gauge when dropped.
#[derive(Debug)]
pub struct GaugeGuard<'a> {
    gauge: &'a Gauge,
}

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.gauge.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A value that counts how often it is read through `Deref` (e.g. a config looked up per
/// item in a hot loop).
///
/// ```
/// use kata_toolkit::counters::CountedRead;
/// let table = CountedRead::new(vec![1, 2, 3]);
/// let total: i32 = (0..3).map(|i| table[i]).sum();
/// assert_eq!((total, table.reads()), (6, 3));
/// ```
#[derive(Debug, Default)]
pub struct CountedRead<T> {
    value: T,
    reads: AtomicU64,
}

impl<T> CountedRead<T> {
    /// Wrap `value`.
    pub fn new(value: T) -> Self {
        CountedRead {
            value,
            reads: AtomicU64::new(0),
        }
    }
    /// Reads so far.
    pub fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }
}

impl<T> Deref for CountedRead<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.reads.fetch_add(1, Ordering::Relaxed);
        &self.value
    }
}

impl<T> DerefMut for CountedRead<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.reads.fetch_add(1, Ordering::Relaxed);
        &mut self.value
    }
}
