//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A partial fix: the readings moved into one flat `Vec`, tick after tick, while the
//! statistics still take a channel at a time, `samples[tick * channels + channel]`.

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

    /// The reading of `channel` at `tick`.
    fn at(&self, tick: usize, channel: usize) -> &T {
        &self.samples[tick * self.channels + channel]
    }

    /// Each channel's mean over every tick.
    pub fn channel_means(&self) -> Vec<f64> {
        let ticks = self.len();
        let mut means = vec![0.0; self.channels];
        for (channel, mean) in means.iter_mut().enumerate() {
            let mut sum = 0.0;
            for tick in 0..ticks {
                sum += self.at(tick, channel).value();
            }
            *mean = sum / ticks as f64;
        }
        means
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        let ticks = self.len();
        let mut sums = vec![0.0; ticks];
        for channel in 0..self.channels {
            for (tick, sum) in sums.iter_mut().enumerate() {
                *sum += self.at(tick, channel).value();
            }
        }
        sums
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        let ticks = self.len();
        let mut scaled = vec![0.0; ticks * self.channels];
        for channel in 0..self.channels {
            let mut low = f64::INFINITY;
            let mut high = f64::NEG_INFINITY;
            for tick in 0..ticks {
                let value = self.at(tick, channel).value();
                low = low.min(value);
                high = high.max(value);
            }
            for tick in 0..ticks {
                let value = self.at(tick, channel).value();
                scaled[tick * self.channels + channel] = if high > low {
                    (value - low) / (high - low)
                } else {
                    0.0
                };
            }
        }
        let mut out = Readings::new(self.channels);
        for row in scaled.chunks_exact(self.channels) {
            out.push_row(row.to_vec());
        }
        out
    }
}
