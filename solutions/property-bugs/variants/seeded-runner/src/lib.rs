//! The photo library's side of the tag codec: the codec itself is in `subject/`
//! (re-exported here); this file adds a tag to a picture's line.

pub use property_bugs_subject::*;

/// Add `tag` to `line`, a list already written by [`encode`], without decoding it.
pub fn add_tag(line: &mut String, tag: &str) {
    // The escape character first: the escapes added after it must not be escaped again.
    let escaped = tag
        .replace(ESCAPE, "\\\\")
        .replace(TERMINATOR, "\\;")
        .replace('\n', "\\n");
    line.push_str(&escaped);
    line.push(TERMINATOR);
}
