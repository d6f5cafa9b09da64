//! No tests at all.
