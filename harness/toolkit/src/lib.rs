//! The test toolkit every kata's checks are written with.
//!
//! A kata's checks must give the same verdict on every run, on a laptop, on a shared CI
//! runner, or on a two-core box with the other core busy. So this crate measures things
//! that do not depend on the machine's speed, and builds data that does not depend on luck:
//!
//! - [`fixtures`]: a seeded source that drives both fake and proptest, fake users, orders
//!   and log records, a sandbox folder, and a large deterministic CSV.
//! - [`clock`]: a [`Clock`](clock::Clock) seam with a system clock, a manual (virtual)
//!   clock that records every sleep, and a mockall mock; `paused` (feature `tokio`) runs
//!   async code on tokio's paused clock and reports virtual time.
//! - [`logs`]: log capture scoped to the code under test, with typed fields and assertions.
//! - [`alloc`]: a counting global allocator (count, bytes, peak live bytes).
//! - [`counters`]: calls, lock acquisitions and peak concurrency, counted.
//! - [`complexity`]: operation counts and a fitted growth exponent.
//! - [`ratio`]: a wall-time speed-up against a baseline in the same run, for the few
//!   checks where no count exists.
//! - [`figure`]: how a check hands its measured figure (value and bar) to the grader.
//! - [`alone`]: measurements that cover every thread the code under test starts, when a
//!   test runs alone (the grader) or the tests take turns.

#![warn(missing_docs)]

pub mod alloc;
pub mod alone;
pub mod clock;
pub mod complexity;
pub mod counters;
pub mod cpus;
pub mod figure;
pub mod fixtures;
pub mod logs;
#[cfg(feature = "tokio")]
pub mod paused;
pub mod ratio;
