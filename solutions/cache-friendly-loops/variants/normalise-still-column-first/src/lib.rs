//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A partial fix: flat row-major storage, `channel_means` and `row_sums` walked in order,
//! and `normalised` left as it was: two passes, each a channel at a time.

pub use cache_friendly_loops_sample::Sample;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    /// Every reading, tick after tick.
    samples: Vec<T>,
}

impl<T: Sample> Readings<T> {
    /// An empty log of `channels` channels.
    pub fn new(channels: usize) -> Self {
        assert!(channels > 0, "a log needs at least one channel");
        Readings {
            channels,
            samples: Vec::new(),
        }
    }

    /// Append one tick: its reading of every channel, in channel order.
    pub fn push_row(&mut self, row: Vec<T>) {
        assert_eq!(
            row.len(),
            self.channels,
            "a tick has one reading per channel"
        );
        self.samples.extend(row);
    }

    /// How many channels each tick has.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// How many ticks the log holds.
    pub fn len(&self) -> usize {
        self.samples.len() / self.channels
    }

    /// Whether the log holds no tick.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The readings of tick `tick`, in channel order.
    pub fn row(&self, tick: usize) -> &[T] {
        assert!(tick < self.len(), "no tick {tick}");
        &self.samples[tick * self.channels..(tick + 1) * self.channels]
    }

    /// Each channel's mean over every tick.
    pub fn channel_means(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.channels];
        for tick in self.samples.chunks_exact(self.channels) {
            for (sum, sample) in sums.iter_mut().zip(tick) {
                *sum += sample.value();
            }
        }
        let ticks = self.len() as f64;
        sums.into_iter().map(|sum| sum / ticks).collect()
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        self.samples
            .chunks_exact(self.channels)
            .map(|tick| tick.iter().map(Sample::value).sum())
            .collect()
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        let ticks = self.len();
        let mut samples = vec![0.0; self.samples.len()];
        for channel in 0..self.channels {
            let mut low = f64::INFINITY;
            let mut high = f64::NEG_INFINITY;
            for tick in 0..ticks {
                let value = self.samples[tick * self.channels + channel].value();
                low = low.min(value);
                high = high.max(value);
            }
            for tick in 0..ticks {
                let at = tick * self.channels + channel;
                samples[at] = if high > low {
                    (self.samples[at].value() - low) / (high - low)
                } else {
                    0.0
                };
            }
        }
        Readings {
            channels: self.channels,
            samples,
        }
    }
}
