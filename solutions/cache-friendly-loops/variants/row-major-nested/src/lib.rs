//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A partial fix: the statistics walk tick by tick with iterators, over the same
//! `Vec<Vec<T>>`: each row is read in order, but the rows are scattered over the heap.

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

    /// Each tick's readings, in order.
    fn ticks(&self) -> impl Iterator<Item = &[T]> {
        self.rows.iter().map(Vec::as_slice)
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
