//! The test toolkit every kata's checks are written with.
//!
//! A kata's checks must give the same verdict on every run, on a laptop, on a shared CI
//! runner, or on a two-core box with the other core busy. So this crate measures things
//! that do not depend on the machine's speed:
//!
//! - [`clock`]: a [`Clock`](clock::Clock) seam with a system clock, a manual (virtual)
//!   clock that records every sleep, and a mockall mock.
//! - [`complexity`]: values that count the comparisons, hashes and clones done on them,
//!   and a fit of the growth exponent over a doubling series of input sizes.
//! - [`figure`]: how a check hands its measured figure (value and bar) to the grader.
//!
//! The crate is deliberately lean: a learner's first `cargo test -p <kata>` builds only
//! what that kata needs.

pub mod clock;
pub mod complexity;
pub mod figure;
