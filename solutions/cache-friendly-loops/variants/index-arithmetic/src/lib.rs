//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! Another valid fix, the smallest step from the shipped code: one flat `Vec` in row-major order,
//! and the index loops kept, but with the tick outer and the channel inner, so the index
//! walks memory forward one reading at a time.

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
    #[allow(clippy::needless_range_loop)]
    pub fn channel_means(&self) -> Vec<f64> {
        let ticks = self.len();
        let mut sums = vec![0.0; self.channels];
        for tick in 0..ticks {
            for channel in 0..self.channels {
                sums[channel] += self.samples[tick * self.channels + channel].value();
            }
        }
        sums.iter().map(|sum| sum / ticks as f64).collect()
    }

    /// Each tick's sum over its channels.
    #[allow(clippy::needless_range_loop)]
    pub fn row_sums(&self) -> Vec<f64> {
        let ticks = self.len();
        let mut sums = vec![0.0; ticks];
        for tick in 0..ticks {
            for channel in 0..self.channels {
                sums[tick] += self.samples[tick * self.channels + channel].value();
            }
        }
        sums
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    #[allow(clippy::needless_range_loop)]
    pub fn normalised(&self) -> Readings<f64> {
        let ticks = self.len();
        let mut low = vec![f64::INFINITY; self.channels];
        let mut high = vec![f64::NEG_INFINITY; self.channels];
        for tick in 0..ticks {
            for channel in 0..self.channels {
                let value = self.samples[tick * self.channels + channel].value();
                low[channel] = low[channel].min(value);
                high[channel] = high[channel].max(value);
            }
        }
        let mut samples = vec![0.0; self.samples.len()];
        for tick in 0..ticks {
            for channel in 0..self.channels {
                let at = tick * self.channels + channel;
                let span = high[channel] - low[channel];
                samples[at] = if span > 0.0 {
                    (self.samples[at].value() - low[channel]) / span
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
