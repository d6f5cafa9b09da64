//! What the grader tells its reporters, as it happens (nextest's runner/reporter split):
//! the terminal view, JSON and the other formats are each one consumer of these events,
//! so a new output format needs no change to the grading code.

use crate::checks::CheckResult;
use crate::grade::{KataReport, Subject};
use crate::workspace::Kata;

/// One thing that happened while grading.
#[derive(Debug)]
pub enum Event<'a> {
    /// Grading of a kata (or its solution) begins.
    KataStarted { kata: &'a Kata, subject: Subject },
    /// What the grader is busy with, for progress displays.
    Activity(String),
    /// A check has its verdict.
    CheckFinished {
        kata: &'a Kata,
        result: &'a CheckResult,
    },
    /// All of a kata's checks have verdicts.
    KataFinished(&'a KataReport),
}

/// Something that consumes events.
pub trait Sink {
    fn event(&mut self, event: Event<'_>);
}

/// A sink that ignores everything but activity, which it passes to a closure.
pub struct ActivityOnly<F: FnMut(&str)>(pub F);

impl<F: FnMut(&str)> Sink for ActivityOnly<F> {
    fn event(&mut self, event: Event<'_>) {
        if let Event::Activity(text) = event {
            (self.0)(&text);
        }
    }
}
