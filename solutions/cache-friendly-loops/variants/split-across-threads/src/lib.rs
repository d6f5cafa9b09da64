//! The test rig's sensor log: one row of readings per tick, one column per channel.
//!
//! Another valid fix: the flat row-major log of the reference, with each statistic split in two
//! halves of the ticks, each walked in order on a thread of its own (`std::thread::scope`),
//! and the halves' answers merged. The checks see every thread's reads, and judge each
//! thread's walk on its own.

pub use cache_friendly_loops_sample::Sample;

/// A log of readings: one row per tick, one column per channel.
pub struct Readings<T = f64> {
    channels: usize,
    /// Every reading, tick after tick.
    samples: Vec<T>,
}

impl<T: Sample + Sync> Readings<T> {
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

    /// The ticks in two halves, each a whole number of ticks.
    fn halves(&self) -> (&[T], &[T]) {
        let middle = self.len() / 2 * self.channels;
        self.samples.split_at(middle)
    }

    /// Each channel's mean over every tick.
    pub fn channel_means(&self) -> Vec<f64> {
        let sums = |part: &[T]| {
            let mut sums = vec![0.0; self.channels];
            for tick in part.chunks_exact(self.channels) {
                for (sum, sample) in sums.iter_mut().zip(tick) {
                    *sum += sample.value();
                }
            }
            sums
        };
        let (first, second) = self.halves();
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| sums(first));
            let b = sums(second);
            (a.join().expect("the first half's thread"), b)
        });
        let ticks = self.len() as f64;
        a.iter().zip(&b).map(|(a, b)| (a + b) / ticks).collect()
    }

    /// Each tick's sum over its channels.
    pub fn row_sums(&self) -> Vec<f64> {
        let sums = |part: &[T]| -> Vec<f64> {
            part.chunks_exact(self.channels)
                .map(|tick| tick.iter().map(Sample::value).sum())
                .collect()
        };
        let (first, second) = self.halves();
        let (mut a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| sums(first));
            let b = sums(second);
            (a.join().expect("the first half's thread"), b)
        });
        a.extend(b);
        a
    }

    /// The log with each reading scaled into `0..=1` within its channel's range.
    pub fn normalised(&self) -> Readings<f64> {
        let range = |part: &[T]| {
            let mut low = vec![f64::INFINITY; self.channels];
            let mut high = vec![f64::NEG_INFINITY; self.channels];
            for tick in part.chunks_exact(self.channels) {
                for ((low, high), sample) in low.iter_mut().zip(&mut high).zip(tick) {
                    let value = sample.value();
                    *low = low.min(value);
                    *high = high.max(value);
                }
            }
            (low, high)
        };
        let (first, second) = self.halves();
        let ((low_a, high_a), (low_b, high_b)) = std::thread::scope(|s| {
            let a = s.spawn(|| range(first));
            let b = range(second);
            (a.join().expect("the first half's thread"), b)
        });
        let ranges: Vec<(f64, f64)> = (0..self.channels)
            .map(|c| (low_a[c].min(low_b[c]), high_a[c].max(high_b[c])))
            .collect();
        let scale = |part: &[T], out: &mut [f64]| {
            for (tick, out) in part
                .chunks_exact(self.channels)
                .zip(out.chunks_exact_mut(self.channels))
            {
                for ((sample, out), &(low, high)) in tick.iter().zip(out).zip(&ranges) {
                    *out = if high > low {
                        (sample.value() - low) / (high - low)
                    } else {
                        0.0
                    };
                }
            }
        };
        let mut samples = vec![0.0; self.samples.len()];
        let (out_a, out_b) = samples.split_at_mut(first.len());
        std::thread::scope(|s| {
            s.spawn(|| scale(first, out_a));
            scale(second, out_b);
        });
        Readings {
            channels: self.channels,
            samples,
        }
    }
}
