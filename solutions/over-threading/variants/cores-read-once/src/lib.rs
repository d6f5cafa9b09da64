//! Thumbnails for the photo library's import.
//!
//! When a user imports an album, the library renders an 8×8 preview of every photo before
//! the album shows up. Rendering is pure CPU work, so the import spreads it over threads
//! with [`par_map`], the team's small parallel-map helper, which the search indexer and
//! the duplicate finder use too.

use std::num::NonZeroUsize;

/// A greyscale photo, row by row, one byte per pixel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub id: u64,
    pub width: usize,
    pub height: usize,
    /// `width * height` bytes.
    pub pixels: Vec<u8>,
}

/// The side of a thumbnail, in pixels.
pub const SIDE: usize = 8;

/// An 8×8 preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thumbnail {
    pub id: u64,
    pub pixels: [u8; SIDE * SIDE],
}

/// The preview of one photo: each of its 64 cells is the mean of the block of pixels it
/// covers (rounded down). A photo smaller than 8×8 in either direction repeats pixels.
pub fn thumbnail(photo: &Photo) -> Thumbnail {
    let mut pixels = [0u8; SIDE * SIDE];
    if photo.width == 0 || photo.height == 0 {
        return Thumbnail {
            id: photo.id,
            pixels,
        };
    }
    for row in 0..SIDE {
        let (top, bottom) = span(row, photo.height);
        for col in 0..SIDE {
            let (left, right) = span(col, photo.width);
            let mut sum = 0u64;
            for y in top..bottom {
                let line = &photo.pixels[y * photo.width..(y + 1) * photo.width];
                sum += line[left..right].iter().map(|&p| u64::from(p)).sum::<u64>();
            }
            let count = ((bottom - top) * (right - left)) as u64;
            pixels[row * SIDE + col] = (sum / count) as u8;
        }
    }
    Thumbnail {
        id: photo.id,
        pixels,
    }
}

/// The pixels `[start, end)` that cell `cell` of 8 covers along a side of `len` pixels:
/// never empty.
fn span(cell: usize, len: usize) -> (usize, usize) {
    let start = cell * len / SIDE;
    let end = ((cell + 1) * len / SIDE).max(start + 1).min(len);
    (start.min(len - 1), end)
}

/// The previews of an album, in the album's order.
pub fn thumbnails(album: &[Photo]) -> Vec<Thumbnail> {
    par_map(album, thumbnail)
}

/// `work` applied to every item, in parallel; the results in the items' order.
///
/// `work` is pure CPU work (rendering, hashing, scoring): it never waits on a disk or the
/// network. So more threads than cores cannot make it faster, only pay for starting
/// threads and for switching between them: the batch is split into one share per core,
/// and each share runs on a thread of its own.
pub fn par_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores().min(items.len());
    if threads <= 1 {
        // One core, or one item: a thread would only add its start-up cost.
        return items.iter().map(work).collect();
    }
    let share = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Vec<R>>()))
            .collect();
        // Shares are joined in order, so the results keep the items' order.
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("an item's work panicked"))
            .collect()
    })
}

/// The cores this process may use, read once: the first batch reads them where it starts,
/// later batches reuse the answer.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}
