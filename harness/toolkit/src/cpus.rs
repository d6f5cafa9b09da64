//! Fewer cores for a check. [`restrict_to`] narrows the CPUs the calling thread, and every
//! thread it starts afterwards, may run on, so `std::thread::available_parallelism()` read
//! there answers the smaller number. A check can then ask code that sizes its work by the
//! machine to do so on a smaller machine than the one it runs on: a pool size written down
//! for this machine, rather than read from it, shows.
//!
//! Call it on a thread of the check's own (`std::thread::spawn`): the narrowing stays with
//! that thread and its children, not with the test harness's thread that runs the next test.
//!
//! Linux only (`sched_setaffinity`); elsewhere it returns `None`, and the check says it could
//! not narrow.

/// Narrow the calling thread to at most `n` of the CPUs it may use now. Returns how many it
/// keeps, or `None` where that cannot be done.
///
/// ```
/// let kept = std::thread::spawn(|| {
///     let kept = kata_toolkit::cpus::restrict_to(1);
///     (kept, std::thread::available_parallelism().map(|n| n.get()).ok())
/// })
/// .join()
/// .unwrap();
/// if cfg!(target_os = "linux") {
///     assert_eq!(kept, (Some(1), Some(1)));
/// }
/// ```
#[cfg(target_os = "linux")]
pub fn restrict_to(n: usize) -> Option<usize> {
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `cpu_set_t` is plain data, valid when zeroed; both calls are given its true
    // size and pid 0 (the calling thread), and write only into the set they are given.
    unsafe {
        let mut allowed: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size, &mut allowed) != 0 {
            return None;
        }
        let mut narrowed: libc::cpu_set_t = std::mem::zeroed();
        let mut kept = 0;
        for cpu in 0..libc::CPU_SETSIZE as usize {
            if kept == n {
                break;
            }
            if libc::CPU_ISSET(cpu, &allowed) {
                libc::CPU_SET(cpu, &mut narrowed);
                kept += 1;
            }
        }
        if kept == 0 || libc::sched_setaffinity(0, size, &narrowed) != 0 {
            return None;
        }
        Some(kept)
    }
}

/// Narrow the calling thread to at most `n` CPUs: not possible on this platform.
#[cfg(not(target_os = "linux"))]
pub fn restrict_to(_n: usize) -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn narrowing_stays_with_the_thread_and_its_children() {
        let before = std::thread::available_parallelism().map(|n| n.get()).ok();
        let (kept, seen_by_child) = std::thread::spawn(|| {
            let kept = super::restrict_to(1);
            let child =
                std::thread::spawn(|| std::thread::available_parallelism().map(|n| n.get()).ok())
                    .join()
                    .unwrap();
            (kept, child)
        })
        .join()
        .unwrap();
        assert_eq!((kept, seen_by_child), (Some(1), Some(1)));
        assert_eq!(
            std::thread::available_parallelism().map(|n| n.get()).ok(),
            before,
            "the caller's own cores are untouched"
        );
    }
}
