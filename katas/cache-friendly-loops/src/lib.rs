//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! Every tick, the rig samples each of its channels (temperatures, pressures, currents,
//! vibration) and the logger appends the tick's readings as one row. After a run, the
//! analysis asks the log for three things:
//!
//! - each channel's mean over the run, to spot a sensor drifting;
//! - each tick's sum over the channels, the rig's total at that instant;
//! - a normalised copy of the log, each channel scaled into `0..=1`, which the anomaly
//!   model takes as its input.
//!
//! The statistics were ported from an analysis script that thought in columns: each one
//! takes a channel and walks it tick by tick, `rows[tick][channel]`.

pub use cache_friendly_loops_sample::Sample;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    /// One `Vec` per tick, each holding that tick's reading of every channel.
    rows: Vec<Vec<T>>,
}

// The loops are the script's, kept as ported.
#[allow(clippy::needless_range_loop)]
impl<T: Sample> Readings<T> {
    /// An empty log of `channels` channels.
    ///
    /// # Panics
    /// If `channels` is 0.
    pub fn new(channels: usize) -> Self {
        assert!(channels > 0, "a log needs at least one channel");
        Readings {
            channels,
            rows: Vec::new(),
        }
    }

    /// Append one tick: its reading of every channel, in channel order.
    ///
    /// # Panics
    /// If `row` does not hold exactly one reading per channel.
    pub fn push_row(&mut self, row: Vec<T>) {
        assert_eq!(
            row.len(),
            self.channels,
            "a tick has one reading per channel"
        );
        self.rows.push(row);
    }

    /// How many channels each tick has.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// How many ticks the log holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the log holds no tick.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The readings of tick `tick`, in channel order (the dashboard shows the latest one).
    ///
    /// # Panics
    /// If there is no such tick.
    pub fn row(&self, tick: usize) -> &[T] {
        &self.rows[tick]
    }

    /// Each channel's mean over every tick (NaN for every channel of an empty log).
    pub fn channel_means(&self) -> Vec<f64> {
        let ticks = self.rows.len();
        let mut means = vec![0.0; self.channels];
        for channel in 0..self.channels {
            let mut sum = 0.0;
            for tick in 0..ticks {
                sum += self.rows[tick][channel].value();
            }
            means[channel] = sum / ticks as f64;
        }
        means
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        let ticks = self.rows.len();
        let mut sums = vec![0.0; ticks];
        for channel in 0..self.channels {
            for tick in 0..ticks {
                sums[tick] += self.rows[tick][channel].value();
            }
        }
        sums
    }

    /// The log with each reading scaled into `0..=1` within its channel's range:
    /// `(value - min) / (max - min)`, or 0 where a channel's readings are all equal.
    pub fn normalised(&self) -> Readings<f64> {
        let ticks = self.rows.len();
        let mut low = vec![f64::INFINITY; self.channels];
        let mut high = vec![f64::NEG_INFINITY; self.channels];
        for channel in 0..self.channels {
            for tick in 0..ticks {
                let value = self.rows[tick][channel].value();
                low[channel] = low[channel].min(value);
                high[channel] = high[channel].max(value);
            }
        }
        let mut scaled = vec![vec![0.0; self.channels]; ticks];
        for channel in 0..self.channels {
            let span = high[channel] - low[channel];
            for tick in 0..ticks {
                let value = self.rows[tick][channel].value();
                scaled[tick][channel] = if span > 0.0 {
                    (value - low[channel]) / span
                } else {
                    0.0
                };
            }
        }
        Readings {
            channels: self.channels,
            rows: scaled,
        }
    }
}
