//! Instrumented counters a kata's code can be built around: calls made, locks taken,
//! clients built, threads alive at once. Each is a plain atomic, cheap enough for hot
//! paths, and each reads the same on every run.
//!
//! Counts only ever grow: there is no reset, because code under test that can reach a
//! counter could zero it after its flawed loop. Measure a difference instead: read the
//! count before, run, read it after.

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
    ///
    /// ```
    /// use kata_toolkit::counters::Counter;
    /// static STORE_WRITES: Counter = Counter::new();
    /// assert_eq!(STORE_WRITES.get(), 0);
    /// ```
    pub const fn new() -> Self {
        Counter(AtomicU64::new(0))
    }
    /// Add one.
    ///
    /// ```
    /// use kata_toolkit::counters::Counter;
    /// let calls = Counter::new();
    /// for _ in 0..3 {
    ///     calls.incr();
    /// }
    /// assert_eq!(calls.get(), 3);
    /// ```
    pub fn incr(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    /// Add `n`.
    ///
    /// ```
    /// use kata_toolkit::counters::Counter;
    /// let bytes_sent = Counter::new();
    /// bytes_sent.add(512);
    /// bytes_sent.add(256);
    /// assert_eq!(bytes_sent.get(), 768);
    /// ```
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    /// The count.
    ///
    /// ```
    /// use kata_toolkit::counters::Counter;
    /// let requests = Counter::new();
    /// std::thread::scope(|s| {
    ///     for _ in 0..4 {
    ///         s.spawn(|| requests.incr());
    ///     }
    /// });
    /// assert_eq!(requests.get(), 4);
    /// ```
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
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
    ///
    /// ```
    /// use kata_toolkit::counters::CountingMutex;
    /// static CACHE: CountingMutex<Vec<u32>> = CountingMutex::new(Vec::new());
    /// CACHE.lock().push(7);
    /// assert_eq!(CACHE.acquisitions(), 1);
    /// ```
    pub const fn new(value: T) -> Self {
        CountingMutex {
            inner: Mutex::new(value),
            acquisitions: AtomicU64::new(0),
        }
    }
    /// Lock (counted). A poisoned lock is recovered: counting is about cost, not about
    /// propagating another test's panic.
    ///
    /// ```
    /// use kata_toolkit::counters::CountingMutex;
    /// let audit = CountingMutex::new(Vec::new());
    /// audit.lock().extend(["created", "paid", "shipped"]); // one lock for the batch
    /// assert_eq!(audit.acquisitions(), 1);
    /// assert_eq!(audit.lock().len(), 3);
    /// ```
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.acquisitions.fetch_add(1, Ordering::Relaxed);
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
    /// How many times it was locked.
    ///
    /// ```
    /// use kata_toolkit::counters::CountingMutex;
    /// let hits = CountingMutex::new(0u32);
    /// std::thread::scope(|s| {
    ///     for _ in 0..3 {
    ///         s.spawn(|| *hits.lock() += 1);
    ///     }
    /// });
    /// assert_eq!(hits.acquisitions(), 3);
    /// ```
    pub fn acquisitions(&self) -> u64 {
        self.acquisitions.load(Ordering::Relaxed)
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
    ///
    /// ```
    /// use kata_toolkit::counters::Gauge;
    /// static CONNECTIONS: Gauge = Gauge::new();
    /// assert_eq!((CONNECTIONS.live(), CONNECTIONS.peak()), (0, 0));
    /// ```
    pub const fn new() -> Self {
        Gauge {
            live: AtomicI64::new(0),
            peak: AtomicI64::new(0),
        }
    }
    /// One more alive until the guard drops.
    ///
    /// ```
    /// use kata_toolkit::counters::Gauge;
    /// let workers = Gauge::new();
    /// std::thread::scope(|s| {
    ///     for _ in 0..3 {
    ///         s.spawn(|| drop(workers.enter()));
    ///     }
    /// });
    /// assert_eq!(workers.live(), 0);
    /// assert!((1..=3).contains(&workers.peak()));
    /// ```
    pub fn enter(&self) -> GaugeGuard<'_> {
        let now = self.live.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        GaugeGuard { gauge: self }
    }
    /// Alive now.
    ///
    /// ```
    /// use kata_toolkit::counters::Gauge;
    /// let open = Gauge::new();
    /// let handles: Vec<_> = (0..3).map(|_| open.enter()).collect();
    /// assert_eq!(open.live(), 3);
    /// drop(handles);
    /// assert_eq!(open.live(), 0);
    /// ```
    pub fn live(&self) -> i64 {
        self.live.load(Ordering::SeqCst)
    }
    /// The most alive at once.
    ///
    /// ```
    /// use kata_toolkit::counters::Gauge;
    /// let in_flight = Gauge::new();
    /// for _ in 0..5 {
    ///     let _request = in_flight.enter(); // one at a time: they never overlap
    /// }
    /// assert_eq!(in_flight.peak(), 1);
    /// ```
    pub fn peak(&self) -> i64 {
        self.peak.load(Ordering::SeqCst)
    }
}

/// Leaves the gauge when dropped.
///
/// ```
/// use kata_toolkit::counters::Gauge;
/// let sessions = Gauge::new();
/// let guard = sessions.enter();
/// assert_eq!(sessions.live(), 1);
/// drop(guard);
/// assert_eq!((sessions.live(), sessions.peak()), (0, 1));
/// ```
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
    ///
    /// ```
    /// use kata_toolkit::counters::CountedRead;
    /// let region = CountedRead::new(String::from("eu-west"));
    /// assert_eq!(region.reads(), 0);
    /// assert_eq!(region.len(), 7);
    /// assert_eq!(region.reads(), 1);
    /// ```
    pub fn new(value: T) -> Self {
        CountedRead {
            value,
            reads: AtomicU64::new(0),
        }
    }
    /// Reads so far.
    ///
    /// ```
    /// use kata_toolkit::counters::CountedRead;
    /// let tax_rate = CountedRead::new(20u64);
    /// let rate = *tax_rate; // read once, outside the loop
    /// let taxes: Vec<u64> = [100, 250, 400].iter().map(|p| p * rate / 100).collect();
    /// assert_eq!(taxes, [20, 50, 80]);
    /// assert_eq!(tax_rate.reads(), 1);
    /// ```
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
