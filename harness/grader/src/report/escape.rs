//! Escaping for every place the grader prints text it does not control.
//!
//! A learner controls test names, panic and assertion messages, compiler output, the names
//! and units of figures, file paths inside their kata, and everything in `kata.toml` (titles,
//! hints, quoted keys that come back in manifest errors). Each output context has one
//! function here, and each says what it guarantees; the reporters call them on every such
//! text, and on the finished string when learner text was joined with the grader's own.
//!
//! Two threats run through all of them:
//!
//! - **Terminals** obey escape sequences and control characters: a learner must not move
//!   the cursor, clear the screen, set the window title or hide what the grader printed.
//!   Escape sequences are removed whole (so a coloured panic message loses only its
//!   colour), and any other control character is shown as a Rust-style escape (`\u{7}`).
//! - **GitHub Actions logs** read every line of a step's stdout and stderr for workflow
//!   commands: a line that starts with `::` after leading whitespace (`::error …`,
//!   `::stop-commands::…`, `::add-mask::…`), and the older `##[command]…` form anywhere in
//!   a line. Any text the grader prints may end up in such a log, so the plain-text
//!   functions ([`terminal`], [`terminal_line`]) also apply [`workflow_guard`], and the
//!   machine formats neutralise both forms in their own syntax without changing the data.

/// What [`workflow_guard`] puts before a line that would start a workflow command.
pub const GUARD: &str = "> ";

/// Text for a terminal or a log, over several lines (a message, a compiler error, a hint).
///
/// Guarantees: no escape sequence (CSI, OSC, DCS, … and two-character ones) and no control
/// character other than `\n` and `\t` is left (`\r\n` becomes `\n`; a lone `\r`, `\x08`,
/// DEL, the C1 controls and the rest are shown as `\r`, `\u{8}`, …), and no line can be read
/// as a GitHub workflow command (see [`workflow_guard`]). Ordinary text is unchanged.
pub fn terminal(text: &str) -> String {
    workflow_guard(&printable(&text.replace("\r\n", "\n"), &['\n', '\t']))
}

/// Text for a terminal or a log that must stay on one line (an id, a title, a path, a cell
/// of an aligned table).
///
/// Guarantees: as [`terminal`], and `\n` and `\r` are shown as `\n` and `\r`, so the text
/// is exactly one line; `\t` is kept.
pub fn terminal_line(text: &str) -> String {
    workflow_guard(&printable(text, &['\t']))
}

/// Text printed where GitHub Actions reads workflow commands (a job log), as is otherwise.
///
/// Guarantees: no line (lines end at `\n` or `\r`, as the runner reads them) starts with
/// `::` after leading whitespace, the runner's command syntax: such a line gets [`GUARD`]
/// before it. `##[`, the runner's older command syntax that counts anywhere in a line,
/// becomes `# #[`. Nothing else changes; text without these is returned as it is.
pub fn workflow_guard(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        if line.trim_start().starts_with("::") {
            out.push_str(GUARD);
        }
        out.push_str(&line.replace("##[", "# #["));
        let Some(separator) = rest[end..].chars().next() else {
            break;
        };
        out.push(separator);
        rest = &rest[end + separator.len_utf8()..];
    }
    out
}

/// The message of a GitHub workflow command (after `::error …::`).
///
/// Guarantees: `%` → `%25`, `\r` → `%0D`, `\n` → `%0A`, as the runner unescapes them, so the
/// command is one line and the message cannot end it or start another; escape sequences and
/// control characters other than `\t` are removed or shown as in [`terminal`] (the log and
/// the annotation show the text, never obey it).
pub fn github_data(text: &str) -> String {
    printable(text, &['\n', '\r', '\t'])
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`file=`, `title=`).
///
/// Guarantees: as [`github_data`], and `:` → `%3A`, `,` → `%2C`, so the value cannot end
/// the property list (`::`) or start another property (`,`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Text as a Markdown inline code span, for a heading, a list item or a paragraph.
///
/// Guarantees: the result is one code span (or empty for empty text), so nothing in it is
/// read as a link, an image, an autolink, HTML, emphasis or a heading: the fence is one
/// backtick longer than the longest run of backticks in the text, with a space inside each
/// fence when the text starts or ends with a backtick or a space (CommonMark strips those).
/// Line breaks become spaces, so the span stays on its line; escape sequences and other
/// control characters are removed or shown as in [`terminal`].
pub fn markdown_code(text: &str) -> String {
    let flat = printable(
        &text.replace("\r\n", " ").replace(['\n', '\r'], " "),
        &['\t'],
    );
    if flat.is_empty() {
        return flat;
    }
    let fence = "`".repeat(longest_run(&flat, '`') + 1);
    let all_spaces = flat.chars().all(|c| c == ' ');
    let pad = if !all_spaces && (flat.starts_with(['`', ' ']) || flat.ends_with(['`', ' '])) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Text as a Markdown inline code span inside a table cell.
///
/// Guarantees: as [`markdown_code`], and every `|` is written `\|`, which a GFM table reads
/// as a pipe inside the cell (also inside a code span), so the text cannot end its cell or
/// add one; with no line break either, it cannot end the row.
pub fn markdown_cell(text: &str) -> String {
    markdown_code(text).replace('|', "\\|")
}

/// Text as a fenced Markdown code block with the info string `info` (`text`, `diff`),
/// ending in a newline.
///
/// Guarantees: the fence is a run of backticks longer than any run in the text (at least
/// three), so no line of the text can close the block: everything in it is shown as code,
/// never rendered. Escape sequences and control characters other than `\n` and `\t` are
/// removed or shown as in [`terminal`]. `info` is the grader's, not escaped.
pub fn markdown_block(text: &str, info: &str) -> String {
    let body = printable(&text.replace("\r\n", "\n"), &['\n', '\t']);
    let fence = "`".repeat((longest_run(&body, '`') + 1).max(3));
    format!("{fence}{info}\n{body}\n{fence}\n")
}

/// Text as XML character data (the text of an element).
///
/// Guarantees: `&`, `<`, `>`, `"`, `'` are written as entities, so the text cannot end its
/// element, open another or a CDATA section (`]]>` becomes `]]&gt;`); escape sequences are
/// removed and characters XML 1.0 forbids are dropped (control characters other than tab,
/// newline and carriage return; U+FFFE, U+FFFF), as are DEL and the C1 controls; `\r` is
/// written `&#13;` so a parser keeps it. For logs, a line starting with `::` has that `:`
/// written `&#58;` and `##[` is written `##&#91;`: the same characters to an XML reader,
/// no workflow command to GitHub Actions.
pub fn xml_text(text: &str) -> String {
    xml(text, false)
}

/// Text as an XML attribute value (between double or single quotes).
///
/// Guarantees: as [`xml_text`], and `\n` and `\t` are written `&#10;` and `&#9;`, which
/// attribute normalisation would otherwise turn into spaces; the value is one line.
pub fn xml_attribute(text: &str) -> String {
    xml(text, true)
}

/// A serialized JSON document, for stdout or a file.
///
/// Guarantees: the same data to any JSON reader, with `##[` (which can only occur inside a
/// string) written `##\u005b`, so no line is a GitHub workflow command; `serde_json` already
/// escapes control characters, and its lines start with whitespace and a quote or bracket,
/// never `::`.
pub fn json(document: &str) -> String {
    document.replace("##[", "##\\u005b")
}

fn xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in cleaned(text, &['\t', '\n', '\r'], false).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    let mut guarded = String::with_capacity(out.len());
    for (i, line) in out.split('\n').enumerate() {
        if i > 0 {
            guarded.push('\n');
        }
        let line = line.replace("##[", "##&#91;");
        let body = line.trim_start();
        if body.starts_with("::") {
            guarded.push_str(&line[..line.len() - body.len()]);
            guarded.push_str("&#58;");
            guarded.push_str(&body[1..]);
        } else {
            guarded.push_str(&line);
        }
    }
    guarded
}

/// `text` with terminal escape sequences removed whole, and every control character not in
/// `keep` shown as its Rust escape (`\r`, `\u{7}`): visible, never obeyed.
fn printable(text: &str, keep: &[char]) -> String {
    cleaned(text, keep, true)
}

/// `text` with terminal escape sequences removed whole, and every other control character
/// (C0, DEL, C1) not in `keep` shown as its Rust escape (`show`) or dropped.
fn cleaned(text: &str, keep: &[char], show: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape_sequence(&mut chars);
        } else if !c.is_control() || keep.contains(&c) {
            out.push(c);
        } else if show {
            out.extend(c.escape_default());
        }
    }
    out
}

/// Consume what follows an ESC as far as it belongs to the escape sequence (ECMA-48): a
/// CSI (`ESC [` parameters, intermediates, a final byte), a control string (`ESC ]` OSC,
/// `P` DCS, `X`, `^`, `_`) up to its BEL or ST (or the end of the line), or an `ESC`
/// followed by intermediates and a final byte. Anything else is left as text.
fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    const INTERMEDIATE: std::ops::RangeInclusive<char> = ' '..='/';
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            while let Some(&c) = chars.peek() {
                if ('0'..='?').contains(&c) || INTERMEDIATE.contains(&c) {
                    chars.next();
                } else {
                    if ('@'..='~').contains(&c) {
                        chars.next();
                    }
                    break;
                }
            }
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            while let Some(&c) = chars.peek() {
                match c {
                    '\u{7}' | '\u{9c}' => {
                        chars.next();
                        break;
                    }
                    '\u{1b}' => {
                        chars.next();
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        break;
                    }
                    '\n' => break,
                    _ => {
                        chars.next();
                    }
                }
            }
        }
        Some(c) if INTERMEDIATE.contains(&c) => {
            while chars.next_if(|c| INTERMEDIATE.contains(c)).is_some() {}
            chars.next_if(|c| ('0'..='~').contains(c));
        }
        Some(c) if ('0'..='~').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

fn longest_run(text: &str, of: char) -> usize {
    let (mut longest, mut current) = (0, 0);
    for c in text.chars() {
        current = if c == of { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// Hostile texts for the tests of every format.
#[cfg(test)]
pub(crate) mod hostile {
    /// A forged workflow command after a line break.
    pub const COMMAND: &str = "\n::error file=x::pwned";
    pub const LINK: &str = "[a](http://x)";
    pub const IMAGE: &str = "![i](u)";
    pub const HTML: &str = "<img src=x>";
    pub const PIPE: &str = "a|b";
    pub const CLEAR: &str = "\x1b[2J";
    pub const TITLE: &str = "\x1b]0;title\x07";
    pub const CDATA_END: &str = "]]>";
    pub const BACKTICKS: &str = "x ``` y ```` z`";
    pub const OLD_COMMAND: &str = "##[error]pwned";
    pub const CARRIAGE: &str = "ok\r::warning::pwned";

    /// All of them.
    pub const ALL: &[&str] = &[
        COMMAND,
        LINK,
        IMAGE,
        HTML,
        PIPE,
        CLEAR,
        TITLE,
        CDATA_END,
        BACKTICKS,
        OLD_COMMAND,
        CARRIAGE,
    ];

    /// All of them in one text.
    pub fn text() -> String {
        ALL.concat()
    }

    /// `output` without the grader's own styles (`crate::ui::style`), as a log or a pipe
    /// shows it once `anstream` has taken them out.
    pub fn without_styles(output: &str) -> String {
        use crate::ui::style;
        let mut rest = output.to_owned();
        for s in [
            style::PASS,
            style::FAIL,
            style::WARN,
            style::DIM,
            style::BOLD,
            style::HINT,
        ] {
            rest = rest
                .replace(&s.render().to_string(), "")
                .replace(&s.render_reset().to_string(), "");
        }
        rest
    }

    /// Whether `output` still holds a control character other than `\n` and `\t`, once the
    /// grader's own styles are taken out.
    pub fn has_raw_control(output: &str) -> bool {
        without_styles(output)
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    }

    /// `text` as a TOML basic string.
    pub fn toml_string(text: &str) -> String {
        let mut out = String::from('"');
        for c in text.chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// A failed check whose every text is hostile.
    pub fn check(outcome: crate::checks::Outcome) -> crate::checks::CheckResult {
        use crate::checks::{CheckResult, FigureView, Location};
        CheckResult {
            id: format!("id{}", text()),
            kind: crate::manifest::CheckKind::Test,
            outcome,
            points: 0,
            max_points: 2,
            message: Some(format!("message{}\nsecond line{COMMAND}", text())),
            hint: Some(format!("hint{}", text())),
            figure: Some(FigureView {
                name: format!("figure{}", text()),
                value: 2.0,
                bar: 1.0,
                goal: "at_most".into(),
                unit: format!(" unit{}", text()),
                shipped: Some(format!("shipped{}", text())),
            }),
            series: vec![crate::series::Series {
                test: String::new(),
                name: format!("series{}", text()),
                x: format!("x{}", text()),
                y: format!("y{}", text()),
                log_log: true,
                points: vec![(1.0, 2.0), (2.0, 8.0), (4.0, 32.0)],
                bar: None,
            }],
            location: Some(Location {
                file: format!("katas/x/tests/{}.rs", text()),
                line: 5,
            }),
            shipped: crate::manifest::Expect::Fails,
        }
    }

    /// A kata report whose every text is hostile, with one check of each outcome.
    pub fn report() -> crate::grade::KataReport {
        use crate::checks::Outcome;
        let checks: Vec<_> = [
            Outcome::Pass,
            Outcome::Fail,
            Outcome::Timeout,
            Outcome::Crash,
            Outcome::NotBuilt,
            Outcome::Error,
        ]
        .into_iter()
        .map(check)
        .collect();
        crate::grade::KataReport {
            kata: format!("kata{}", text()),
            title: format!("title{}", text()),
            subject: crate::grade::Subject::Kata,
            variant: Some(format!("variant{}", text())),
            partial: false,
            build_error: Some(format!("build error{}", text())),
            passed: 1,
            total: checks.len(),
            points: 0,
            max_points: 12,
            solved: false,
            checks,
        }
    }

    /// A failed verification whose every text is hostile.
    pub fn verification() -> crate::verify::Verification {
        crate::verify::Verification {
            kata: format!("kata{}", text()),
            live: false,
            differences: vec![format!("difference{}", text()), text()],
            shipped: report(),
            solution: Some(report()),
            variants: Vec::new(),
        }
    }

    /// A review whose every text is hostile.
    pub fn review() -> crate::review::Review {
        crate::review::Review {
            kata: format!("kata{}", text()),
            base: format!("base{}", text()),
            changes_vs_shipped: format!("+added{}\n-removed{}\n", text(), text()),
            changes_vs_reference: text(),
            mine: false,
            shipped: report(),
            shipped_remembered: true,
            learner: report(),
            reference: Some(report()),
        }
    }

    /// The lines of `output` that GitHub Actions would read as workflow commands.
    pub fn workflow_commands(output: &str) -> Vec<&str> {
        output
            .split(['\n', '\r'])
            .filter(|l| l.trim_start().starts_with("::") || l.contains("##["))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::hostile::*;
    use super::*;

    #[test]
    fn terminal_removes_escape_sequences_and_shows_other_controls() {
        assert_eq!(terminal(CLEAR), "");
        assert_eq!(terminal(TITLE), "");
        assert_eq!(terminal("\x1b]0;title\x1b\\after"), "after");
        assert_eq!(terminal("\x1b[1;31mred\x1b[0m"), "red");
        assert_eq!(terminal("a\x1bcb\x1b(Bc"), "abc", "two-character sequences");
        assert_eq!(
            terminal("bell\x07 back\x08 del\x7f"),
            "bell\\u{7} back\\u{8} del\\u{7f}"
        );
        assert_eq!(terminal("c1 \u{9b}2J"), "c1 \\u{9b}2J");
        assert_eq!(terminal("over\rwrite"), "over\\rwrite");
        assert_eq!(terminal("two\r\nlines\tand a tab"), "two\nlines\tand a tab");
        assert_eq!(terminal("trailing \x1b"), "trailing ");
        assert_eq!(terminal("\x1b[\x1b[2Jx"), "x", "a CSI cut short by another");
        let ordinary = "thread 'x' panicked at tests/checks.rs:5:9:\nleft: 1 ≠ 2 — 100%";
        assert_eq!(terminal(ordinary), ordinary);
    }

    #[test]
    fn terminal_lines_cannot_start_a_workflow_command() {
        assert_eq!(terminal(COMMAND), "\n> ::error file=x::pwned");
        assert_eq!(terminal("  ::add-mask::x"), ">   ::add-mask::x");
        assert_eq!(terminal(OLD_COMMAND), "# #[error]pwned");
        assert_eq!(terminal(CARRIAGE), "ok\\r::warning::pwned");
        // An escape sequence removed between two colons cannot make a command.
        assert_eq!(terminal(":\x1b[0m:error::x"), "> ::error::x");
        assert_eq!(terminal("#\x1b[0m#[error]x"), "# #[error]x");
        for text in ALL {
            let out = terminal(text);
            assert!(workflow_commands(&out).is_empty(), "{text:?} → {out:?}");
            assert!(!has_raw_control(&out), "{text:?} → {out:?}");
        }
    }

    #[test]
    fn terminal_line_is_one_line() {
        assert_eq!(terminal_line(COMMAND), "\\n::error file=x::pwned");
        assert_eq!(terminal_line("::x"), "> ::x");
        assert_eq!(terminal_line("a\r\nb\tc"), "a\\r\\nb\tc");
        assert_eq!(terminal_line("katas/passing"), "katas/passing");
        for text in ALL {
            let out = terminal_line(text);
            assert!(!out.contains('\n'), "{text:?} → {out:?}");
            assert!(!has_raw_control(&out), "{text:?} → {out:?}");
        }
    }

    #[test]
    fn the_workflow_guard_changes_only_command_lines() {
        assert_eq!(
            workflow_guard("a\n::b\r::c\n d::e"),
            "a\n> ::b\r> ::c\n d::e"
        );
        assert_eq!(
            workflow_guard("\u{3000}::x"),
            "> \u{3000}::x",
            "any Unicode space"
        );
        assert_eq!(
            workflow_guard("x ##[warning]y ###[z"),
            "x # #[warning]y ## #[z"
        );
        assert_eq!(workflow_guard(": :"), ": :");
        assert_eq!(workflow_guard(""), "");
        assert_eq!(workflow_guard("ends\n"), "ends\n");
    }

    #[test]
    fn github_messages_and_properties_stay_in_their_command() {
        let escaped = github_data("boom\n::error::forged\r\n100%");
        assert_eq!(escaped, "boom%0A::error::forged%0D%0A100%25");
        assert_eq!(github_data(COMMAND), "%0A::error file=x::pwned");
        assert_eq!(github_data("a\rb"), "a%0Db");
        assert_eq!(
            github_data("%0A"),
            "%250A",
            "an escape in the text stays text"
        );
        assert_eq!(github_data(&format!("{CLEAR}{TITLE}x")), "x");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            github_property("passing: main (FAIL)"),
            "passing%3A main (FAIL)"
        );
        assert_eq!(
            github_property("x::pwned\n,file=y"),
            "x%3A%3Apwned%0A%2Cfile=y"
        );
        for text in ALL {
            for out in [github_data(text), github_property(text)] {
                assert!(!out.contains(['\n', '\r']), "{text:?} → {out:?}");
                assert!(!has_raw_control(&out), "{text:?} → {out:?}");
            }
            assert!(!github_property(text).contains([':', ',']), "{text:?}");
        }
    }

    #[test]
    fn markdown_code_is_one_code_span() {
        assert_eq!(markdown_code("passing"), "`passing`");
        assert_eq!(markdown_code(""), "");
        assert_eq!(markdown_code(LINK), "`[a](http://x)`");
        assert_eq!(markdown_code(IMAGE), "`![i](u)`");
        assert_eq!(markdown_code(HTML), "`<img src=x>`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code(BACKTICKS), "````` x ``` y ```` z` `````");
        assert_eq!(markdown_code("`"), "`` ` ``");
        assert_eq!(markdown_code(" a"), "`  a `");
        assert_eq!(markdown_code("   "), "`   `");
        assert_eq!(markdown_code("a\nb\r\nc\rd"), "`a b c d`");
        assert_eq!(markdown_code(&format!("{CLEAR}x{TITLE}")), "`x`");
        assert_eq!(
            markdown_code(PIPE),
            "`a|b`",
            "outside a table a pipe is text"
        );
    }

    #[test]
    fn markdown_cells_cannot_leave_their_cell() {
        assert_eq!(markdown_cell(PIPE), "`a\\|b`");
        assert_eq!(markdown_cell("a\\|b"), "`a\\\\|b`");
        assert_eq!(markdown_cell(COMMAND), "`  ::error file=x::pwned `");
        for text in ALL {
            let out = markdown_cell(text);
            assert!(!out.contains(['\n', '\r']), "{text:?} → {out:?}");
            assert!(!has_raw_control(&out), "{text:?} → {out:?}");
            assert!(
                out.match_indices('|')
                    .all(|(i, _)| out[..i].ends_with('\\')),
                "{text:?} → {out:?}"
            );
            assert!(
                out.is_empty() || is_one_code_span(&out),
                "{text:?} → {out:?}"
            );
        }
    }

    /// The text is one code span: an opening run of backticks, the same run closing it,
    /// and no run of that length between.
    fn is_one_code_span(out: &str) -> bool {
        let fence = out.len() - out.trim_start_matches('`').len();
        let inner = &out[fence..out.len() - fence];
        fence > 0
            && out.ends_with(&"`".repeat(fence))
            && inner.split(|c| c != '`').all(|run| run.len() != fence)
    }

    #[test]
    fn markdown_blocks_cannot_be_closed_early() {
        assert_eq!(markdown_block("x", "text"), "```text\nx\n```\n");
        assert_eq!(
            markdown_block("x\n```\n# heading", "text"),
            "````text\nx\n```\n# heading\n````\n"
        );
        assert_eq!(
            markdown_block(BACKTICKS, "text"),
            "`````text\nx ``` y ```` z`\n`````\n"
        );
        let out = markdown_block(&text(), "text");
        let fence = out.lines().next().unwrap().trim_end_matches("text");
        assert_eq!(
            out.lines()
                .filter(|l| l.trim_start().starts_with(fence))
                .count(),
            2,
            "{out}"
        );
        assert!(!has_raw_control(&out), "{out:?}");
    }

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml_text("a<b>&\"c'\u{1b}[31m"),
            "a&lt;b&gt;&amp;&quot;c&apos;"
        );
        assert_eq!(xml_text(CDATA_END), "]]&gt;");
        assert_eq!(xml_text(HTML), "&lt;img src=x&gt;");
        assert_eq!(xml_text("nul\0 bell\x07 del\x7f"), "nul bell del");
        assert_eq!(xml_text("\u{FFFE}\u{FFFF}ok"), "ok");
        assert_eq!(xml_text("a\r\nb\tc"), "a&#13;\nb\tc");
        assert_eq!(xml_attribute("a\nb\tc"), "a&#10;b&#9;c");
        assert_eq!(xml_text(COMMAND), "\n&#58;:error file=x::pwned");
        assert_eq!(xml_text("  ::x"), "  &#58;:x");
        assert_eq!(xml_text(OLD_COMMAND), "##&#91;error]pwned");
        assert_eq!(xml_text(CARRIAGE), "ok&#13;::warning::pwned");
        for text in ALL {
            for out in [xml_text(text), xml_attribute(text)] {
                assert!(
                    !out.contains(['<', '>', '"', '\'', '\r']),
                    "{text:?} → {out:?}"
                );
                assert!(!has_raw_control(&out), "{text:?} → {out:?}");
                assert!(workflow_commands(&out).is_empty(), "{text:?} → {out:?}");
            }
            assert!(!xml_attribute(text).contains('\n'), "{text:?}");
        }
    }

    #[test]
    fn json_keeps_its_data_and_holds_no_workflow_command() {
        let value = serde_json::json!({ "message": text() });
        let out = json(&serde_json::to_string_pretty(&value).unwrap());
        assert!(workflow_commands(&out).is_empty(), "{out}");
        assert!(!has_raw_control(&out), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, value);
    }
}
