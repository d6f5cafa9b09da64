//! The mentor's command `review`, and the learner's own review, `diff` (`review --mine`).

use super::learner::format_name;
use crate::error::exit;
use crate::events::ActivityOnly;
use crate::report::{Format, human, json, markdown};
use crate::ui::Spinner;
use crate::workspace::{Kata, Workspace};
use crate::{Error, git, review};

pub fn review(
    workspace: &Workspace,
    kata: &Kata,
    base: Option<String>,
    mine: bool,
    format: Format,
) -> Result<i32, Error> {
    if matches!(format, Format::Junit | Format::Github) {
        return Err(Error::Config(format!(
            "`review` and `diff` print human, markdown or json, not {}",
            format_name(format)
        )));
    }
    let base = match base {
        Some(b) => b,
        None => git::upstream(workspace.root())?,
    };
    let spinner = Spinner::new();
    let mut sink = ActivityOnly(|text: &str| spinner.set(text));
    let review = review::review(workspace, kata, &base, mine, &mut sink)?;
    spinner.clear();
    match format {
        Format::Markdown => super::grading::print_document(&markdown::review(&review)),
        Format::Json => anstream::println!("{}", json::review(&review)),
        _ => {
            for line in human::review_lines(&review) {
                anstream::println!("{line}");
            }
        }
    }
    Ok(exit::OK)
}
