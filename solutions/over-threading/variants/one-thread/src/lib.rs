//! Thumbnails for the photo library's import.
//!
//! When a user imports an album, the library renders an 8×8 preview of every photo before
//! the album shows up. Rendering is pure CPU work, so the import spreads it over threads
//! with [`par_map`], the team's small parallel-map helper, which the search indexer and
//! the duplicate finder use too.

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

/// `work` applied to every item; the results in the items' order.
///
/// No threads at all: nothing to start, nothing to switch between.
pub fn par_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    items.iter().map(work).collect()
}
