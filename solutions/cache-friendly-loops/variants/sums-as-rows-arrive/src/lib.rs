//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A cheat: running totals kept up to date as ticks arrive (channel sums, tick sums, each
//! channel's range), so that `channel_means` and `row_sums` answer without a walk and
//! `normalised` needs a single pass (still channel by channel).

pub use cache_friendly_loops_sample::Sample;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    rows: Vec<Vec<T>>,
    channel_sums: Vec<f64>,
    tick_sums: Vec<f64>,
    low: Vec<f64>,
    high: Vec<f64>,
}

impl<T: Sample> Readings<T> {
    /// An empty log of `channels` channels.
    pub fn new(channels: usize) -> Self {
        assert!(channels > 0, "a log needs at least one channel");
        Readings {
            channels,
            rows: Vec::new(),
            channel_sums: vec![0.0; channels],
            tick_sums: Vec::new(),
            low: vec![f64::INFINITY; channels],
            high: vec![f64::NEG_INFINITY; channels],
        }
    }

    /// Append one tick, and bring every running total up to date.
    pub fn push_row(&mut self, row: Vec<T>) {
        assert_eq!(
            row.len(),
            self.channels,
            "a tick has one reading per channel"
        );
        let mut tick_sum = 0.0;
        for (channel, sample) in row.iter().enumerate() {
            let value = sample.value();
            self.channel_sums[channel] += value;
            tick_sum += value;
            self.low[channel] = self.low[channel].min(value);
            self.high[channel] = self.high[channel].max(value);
        }
        self.tick_sums.push(tick_sum);
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

    /// The readings of tick `tick`, in channel order.
    pub fn row(&self, tick: usize) -> &[T] {
        &self.rows[tick]
    }

    /// Each channel's mean over every tick, from the running sums.
    pub fn channel_means(&self) -> Vec<f64> {
        let ticks = self.len() as f64;
        self.channel_sums.iter().map(|sum| sum / ticks).collect()
    }

    /// Each tick's sum over its channels, kept as it arrived.
    pub fn row_sums(&self) -> Vec<f64> {
        self.tick_sums.clone()
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        let ticks = self.len();
        let mut scaled = vec![vec![0.0; self.channels]; ticks];
        for channel in 0..self.channels {
            let (low, high) = (self.low[channel], self.high[channel]);
            for (tick, row) in scaled.iter_mut().enumerate() {
                let value = self.rows[tick][channel].value();
                row[channel] = if high > low {
                    (value - low) / (high - low)
                } else {
                    0.0
                };
            }
        }
        let mut out = Readings::new(self.channels);
        for row in scaled {
            out.push_row(row);
        }
        out
    }
}
