//! What a table of readings is made of: anything that can say its value.
//!
//! The table in `cache-friendly-loops` is generic over [`Sample`], so the same code serves
//! plain `f64`s and readings with more to them (a raw count with its calibration, a value
//! with a quality flag). Protected: the checks fill tables with a `Sample` of their own
//! that notes the address of every read, to see the order in which the statistics walk
//! memory.

/// One reading in a table.
///
/// Read a sample only through [`value`](Sample::value); the table owns its samples and
/// never needs to copy one (so `Sample` asks for no `Clone`).
pub trait Sample {
    /// This reading's value.
    fn value(&self) -> f64;
}

impl Sample for f64 {
    #[inline]
    fn value(&self) -> f64 {
        *self
    }
}
