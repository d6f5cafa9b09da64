//! The photo library's side of the tag codec: the codec itself is in `subject/`
//! (re-exported here); this file adds a tag to a picture's line.

pub use property_bugs_subject::*;

/// Add `tag` to `line`, a list already written by [`encode`], without decoding it: the
/// fast path the library takes when a user tags a picture. Afterwards `decode(line)` is the
/// old list with `tag` at its end.
pub fn add_tag(line: &mut String, tag: &str) {
    // A `;` in a tag would end it early, so it is escaped; nothing else needs care.
    line.push_str(&tag.replace(';', "\\;"));
    line.push(TERMINATOR);
}
