//! The photo library's side of the tag codec: the codec itself is in `subject/`
//! (re-exported here); this file adds a tag to a picture's line.

pub use property_bugs_subject::*;

/// Add `tag` to `line`, a list already written by [`encode`], without decoding it.
pub fn add_tag(line: &mut String, tag: &str) {
    // The shrunk case was a backslash: escape it (first), then the semicolon.
    line.push_str(&tag.replace('\\', "\\\\").replace(';', "\\;"));
    line.push(TERMINATOR);
}
