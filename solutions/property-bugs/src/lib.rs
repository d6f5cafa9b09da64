//! The photo library's side of the tag codec: the codec itself is in `subject/`
//! (re-exported here); this file adds a tag to a picture's line.

pub use property_bugs_subject::*;

/// Add `tag` to `line`, a list already written by [`encode`], without decoding it: the
/// fast path the library takes when a user tags a picture. Afterwards `decode(line)` is the
/// old list with `tag` at its end.
pub fn add_tag(line: &mut String, tag: &str) {
    // A list's line is its items' lines one after the other, so the line of the one-tag
    // list is exactly what to append: escaped by the codec's own rules, terminated.
    line.push_str(&encode(&[tag]));
}
