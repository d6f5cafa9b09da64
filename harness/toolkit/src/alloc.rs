//! A counting global allocator: how many allocations, how many bytes, and the peak of live
//! heap bytes, counted per thread (so the test runner's other threads do not add noise) or
//! process-wide (for code that spawns threads).
//!
//! Install it in a test binary with one line:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;
//! ```
//!
//! then measure a closure with [`measure`] (this thread only) or [`measure_process`] (every
//! thread; such measurements take a process-wide lock, so run them where no other test
//! allocates heavily at the same time, e.g. with `--test-threads 1` or in a binary of their
//! own). If the allocator is not installed, both panic with a message saying so, rather
//! than report zeros that would pass any bar.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// The system allocator, counting.
///
/// ```
/// # #[global_allocator]
/// # static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;
/// use kata_toolkit::alloc::measure;
/// let (name, stats) = measure(|| String::with_capacity(64));
/// assert_eq!((stats.count, stats.bytes), (1, 64));
/// drop(name);
/// ```
pub struct CountingAlloc;

/// What a measured closure allocated.
///
/// ```
/// use kata_toolkit::alloc::AllocStats;
/// let stats = AllocStats { count: 2, bytes: 3 * 1024, peak_live: 2048, retained: 0 };
/// assert_eq!(
///     stats.to_string(),
///     "2 allocations, 3.0 KiB requested, peak 2.0 KiB live, 0 B retained"
/// );
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllocStats {
    /// Allocations made (a `realloc` counts as one).
    pub count: u64,
    /// Bytes requested by those allocations.
    pub bytes: u64,
    /// The most heap bytes live at once, above what was live when measuring began.
    pub peak_live: u64,
    /// Heap bytes still live at the end, above what was live at the start (negative
    /// values, memory freed that was allocated before, count as zero).
    pub retained: u64,
}

impl fmt::Display for AllocStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} allocations, {} requested, peak {} live, {} retained",
            self.count,
            human_bytes(self.bytes),
            human_bytes(self.peak_live),
            human_bytes(self.retained)
        )
    }
}

/// "31.4 MiB", "256 KiB", "12 B".
///
/// ```
/// assert_eq!(kata_toolkit::alloc::human_bytes(262_144), "256.0 KiB");
/// assert_eq!(kata_toolkit::alloc::human_bytes(12), "12 B");
/// ```
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

struct ThreadCounters {
    count: Cell<u64>,
    bytes: Cell<u64>,
    live: Cell<i64>,
    peak: Cell<i64>,
}

thread_local! {
    // Const-initialised, no destructor: safe to touch from inside the allocator.
    static LOCAL: ThreadCounters = const {
        ThreadCounters { count: Cell::new(0), bytes: Cell::new(0), live: Cell::new(0), peak: Cell::new(0) }
    };
}

static INSTALLED: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);
static PROCESS_LOCK: Mutex<()> = Mutex::new(());

fn on_alloc(size: usize) {
    INSTALLED.store(true, Ordering::Relaxed);
    let size = size as i64;
    COUNT.fetch_add(1, Ordering::Relaxed);
    BYTES.fetch_add(size as u64, Ordering::Relaxed);
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
    let _ = LOCAL.try_with(|c| {
        c.count.set(c.count.get() + 1);
        c.bytes.set(c.bytes.get() + size as u64);
        let live = c.live.get() + size;
        c.live.set(live);
        if live > c.peak.get() {
            c.peak.set(live);
        }
    });
}

fn on_free(size: usize) {
    let size = size as i64;
    LIVE.fetch_sub(size, Ordering::Relaxed);
    let _ = LOCAL.try_with(|c| c.live.set(c.live.get() - size));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counting only
// touches atomics and a const thread-local, neither of which allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract; forwarded as is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            on_alloc(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            on_alloc(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        on_free(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            on_free(layout.size());
            on_alloc(new_size);
        }
        new
    }
}

/// Whether [`CountingAlloc`] is this process's global allocator (it has seen an
/// allocation).
///
/// ```
/// # #[global_allocator]
/// # static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;
/// use kata_toolkit::alloc::is_installed;
/// // True here: the hidden lines above install the allocator for this binary.
/// assert!(is_installed());
/// ```
pub fn is_installed() -> bool {
    if !INSTALLED.load(Ordering::Relaxed) {
        // Make sure at least one allocation has happened before answering.
        drop(std::hint::black_box(Box::new(0u8)));
    }
    INSTALLED.load(Ordering::Relaxed)
}

fn require_installed() {
    assert!(
        is_installed(),
        "the counting allocator is not installed in this test binary: add \
         `#[global_allocator] static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;`"
    );
}

/// Run `f` and count what it allocates on this thread; under the grader, where each check
/// runs alone in its process ([`crate::alone::is_alone`]), on every thread, so work the
/// code moves to a thread it spawns is counted too.
///
/// ```
/// # #[global_allocator]
/// # static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;
/// use kata_toolkit::alloc::measure;
/// let (v, stats) = measure(|| vec![0u8; 4096]);
/// assert_eq!(stats.count, 1);
/// assert_eq!(stats.bytes, 4096);
/// assert_eq!(stats.retained, 4096);
/// drop(v);
/// ```
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, AllocStats) {
    if crate::alone::is_alone() {
        return measure_process(f);
    }
    require_installed();
    let (count0, bytes0, live0, outer_peak) = LOCAL.with(|c| {
        let snapshot = (c.count.get(), c.bytes.get(), c.live.get(), c.peak.get());
        c.peak.set(c.live.get());
        snapshot
    });
    let result = f();
    let stats = LOCAL.with(|c| {
        let stats = AllocStats {
            count: c.count.get() - count0,
            bytes: c.bytes.get() - bytes0,
            peak_live: (c.peak.get() - live0).max(0) as u64,
            retained: (c.live.get() - live0).max(0) as u64,
        };
        // A measurement nested in another must not hide the outer one's peak.
        c.peak.set(c.peak.get().max(outer_peak));
        stats
    });
    (result, stats)
}

thread_local! {
    /// How many process-wide measurements this thread is inside.
    static PROCESS_DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Run `f` and count what every thread of the process allocates meanwhile. Takes a
/// process-wide lock, so two such measurements never overlap.
///
/// Other threads' work is counted too: tests running in parallel add allocations and, by
/// freeing memory, can make `peak_live` and `retained` read low. Gate on `count` and
/// `bytes` in process mode, or run such checks alone (`--test-threads 1`).
///
/// ```
/// # #[global_allocator]
/// # static ALLOC: kata_toolkit::alloc::CountingAlloc = kata_toolkit::alloc::CountingAlloc;
/// use kata_toolkit::alloc::measure_process;
/// let ((), stats) = measure_process(|| {
///     std::thread::spawn(|| drop(vec![0u8; 1 << 20])).join().unwrap();
/// });
/// assert!(stats.bytes >= 1 << 20);
/// ```
pub fn measure_process<R>(f: impl FnOnce() -> R) -> (R, AllocStats) {
    require_installed();
    // A measurement nested in another on this thread shares the outer one's lock.
    let nested = PROCESS_DEPTH.with(|d| d.get()) > 0;
    let _serial = (!nested).then(|| PROCESS_LOCK.lock().unwrap_or_else(PoisonError::into_inner));
    PROCESS_DEPTH.with(|d| d.set(d.get() + 1));
    let count0 = COUNT.load(Ordering::SeqCst);
    let bytes0 = BYTES.load(Ordering::SeqCst);
    let live0 = LIVE.load(Ordering::SeqCst);
    let outer_peak = PEAK.swap(live0, Ordering::SeqCst);
    let result = f();
    let stats = AllocStats {
        count: COUNT.load(Ordering::SeqCst) - count0,
        bytes: BYTES.load(Ordering::SeqCst) - bytes0,
        peak_live: (PEAK.load(Ordering::SeqCst) - live0).max(0) as u64,
        retained: (LIVE.load(Ordering::SeqCst) - live0).max(0) as u64,
    };
    // The outer measurement's peak must not be hidden by this one's reset.
    PEAK.fetch_max(outer_peak, Ordering::SeqCst);
    PROCESS_DEPTH.with(|d| d.set(d.get() - 1));
    (result, stats)
}
