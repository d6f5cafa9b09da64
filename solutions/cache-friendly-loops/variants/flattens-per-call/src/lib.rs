//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A partial fix: the storage stays a `Vec<Vec<T>>`; each statistic first copies every
//! value, tick by tick, into a flat `Vec<f64>` and works on the copy.

pub use cache_friendly_loops_sample::Sample;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    rows: Vec<Vec<T>>,
}

impl<T: Sample> Readings<T> {
    /// An empty log of `channels` channels.
    pub fn new(channels: usize) -> Self {
        assert!(channels > 0, "a log needs at least one channel");
        Readings {
            channels,
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

    /// Every value, tick after tick, in a fresh flat buffer.
    fn flat_copy(&self) -> Vec<f64> {
        let mut flat = Vec::with_capacity(self.rows.len() * self.channels);
        for row in &self.rows {
            flat.extend(row.iter().map(Sample::value));
        }
        flat
    }

    /// Each channel's mean over every tick.
    pub fn channel_means(&self) -> Vec<f64> {
        let flat = self.flat_copy();
        let mut sums = vec![0.0; self.channels];
        for tick in flat.chunks_exact(self.channels) {
            for (sum, value) in sums.iter_mut().zip(tick) {
                *sum += value;
            }
        }
        let ticks = self.len() as f64;
        sums.into_iter().map(|sum| sum / ticks).collect()
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        let flat = self.flat_copy();
        flat.chunks_exact(self.channels)
            .map(|tick| tick.iter().sum())
            .collect()
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        let flat = self.flat_copy();
        let mut low = vec![f64::INFINITY; self.channels];
        let mut high = vec![f64::NEG_INFINITY; self.channels];
        for tick in flat.chunks_exact(self.channels) {
            for ((low, high), &value) in low.iter_mut().zip(&mut high).zip(tick) {
                *low = low.min(value);
                *high = high.max(value);
            }
        }
        let mut scaled = Readings::new(self.channels);
        for tick in flat.chunks_exact(self.channels) {
            let row = tick
                .iter()
                .zip(low.iter().zip(&high))
                .map(|(&value, (&low, &high))| {
                    if high > low {
                        (value - low) / (high - low)
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
