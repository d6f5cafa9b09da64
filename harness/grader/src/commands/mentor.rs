//! The mentor's command `review`, and the learner's own review, `diff` (`review --mine`).

use super::learner::format_name;
use crate::error::exit;
use crate::events::ActivityOnly;
use crate::report::{Format, html, human, json, markdown};
use crate::ui::Spinner;
use crate::workspace::{Kata, Workspace};
use crate::{Error, git, review};

pub fn review(
    workspace: &Workspace,
    kata: &Kata,
    base: Option<String>,
    mine: bool,
    format: Format,
    outputs: &[(Format, std::path::PathBuf)],
) -> Result<i32, Error> {
    super::grading::check_file_formats(outputs)?;
    if let Some((f, _)) = outputs.iter().find(|(f, _)| *f == Format::Junit) {
        return Err(Error::Config(format!(
            "`review` and `diff` write json, markdown or html files, not {}",
            format_name(*f)
        )));
    }
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
    let spinner = Spinner::new("reviewing");
    let mut sink = ActivityOnly(|text: &str| spinner.set(text));
    let review = review::review(workspace, kata, &base, mine, &mut sink)?;
    spinner.clear();
    for (file_format, path) in outputs {
        super::grading::write_report(path, &render(*file_format, &review))?;
    }
    match format {
        Format::Markdown | Format::Html => {
            super::grading::print_document(&render(format, &review));
        }
        Format::Json => anstream::println!("{}", json::review(&review)),
        _ => {
            for line in human::review_lines(&review) {
                anstream::println!("{line}");
            }
        }
    }
    Ok(exit::OK)
}

/// A review in a file format.
fn render(format: Format, review: &review::Review) -> String {
    match format {
        Format::Json => format!("{}\n", json::review(review)),
        Format::Html => html::review(review),
        _ => markdown::review(review),
    }
}

/// `cargo kata class`: the class table from many grade reports.
pub fn class(
    workspace: &Workspace,
    reports: &[std::path::PathBuf],
    refs: &[crate::class_refs::LearnerRef],
    base: &str,
    output: Option<std::path::PathBuf>,
) -> Result<i32, Error> {
    let dir = output.unwrap_or_else(|| workspace.target_dir().join("cargo-kata").join("class"));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut reports = reports.to_vec();
    let mut refused = Vec::new();
    if !refs.is_empty() {
        let graded_dir = dir.join("reports");
        let spinner =
            crate::ui::Spinner::new(&format!("grading {} branches against {base}", refs.len()));
        let graded =
            crate::class_refs::grade_refs(workspace, refs, base, &graded_dir, |r, outcome| {
                let said = match outcome {
                    crate::class_refs::Graded::Report(_) => "graded".to_owned(),
                    crate::class_refs::Graded::Refused { outside } => {
                        format!(
                            "not built: it changes files outside the katas' editable paths: {}",
                            outside.join(", ")
                        )
                    }
                };
                spinner.println(&crate::report::escape::terminal_line(&format!(
                    "{} ({}): {said}",
                    r.learner, r.git_ref
                )));
            })?;
        spinner.clear();
        for (r, outcome) in graded {
            match outcome {
                crate::class_refs::Graded::Report(file) => reports.push(file),
                crate::class_refs::Graded::Refused { .. } => refused.push(r),
            }
        }
    }
    let mut class = crate::class::read(&reports)?;
    for r in refused {
        class.skipped.push((
            r.git_ref.into(),
            format!(
                "{}'s branch changes files outside the katas' editable paths: not graded",
                r.learner
            ),
        ));
    }
    for (name, text) in [
        ("class.html", crate::class::html(&class, &dir)),
        ("class.md", crate::class::markdown(&class)),
        ("class.csv", crate::class::csv(&class)),
    ] {
        super::grading::write_report(&dir.join(name), &text)?;
    }
    for (file, why) in &class.skipped {
        anstream::eprintln!(
            "skipped {}: {}",
            crate::report::escape::terminal_line(&file.display().to_string()),
            crate::report::escape::terminal_line(why)
        );
    }
    anstream::println!(
        "class: {} learners, {} katas: {}",
        class.cells.len(),
        class.katas().len(),
        crate::report::escape::terminal_line(&dir.join("class.html").display().to_string())
    );
    Ok(crate::error::exit::OK)
}
