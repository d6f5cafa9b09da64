//! What each subcommand does. Each returns the process exit code ([`crate::error::exit`]).
//!
//! - `learner.rs`: `list`, `hint`, `watch`, `reset`.
//! - `grading.rs`: `grade`, `changed`, `gate`, and the report files they write.
//! - `mentor.rs`: `review`.
//! - `maintainer.rs`: `verify`, `stress`, `seal`, `selftest`.

mod grading;
mod learner;
mod maintainer;
mod mentor;

use std::path::Path;

use crate::Error;
use crate::cli::Command;
use crate::grade::{Options, Subject};
use crate::workspace::{Kata, Workspace};

/// The katas of `shard` (all when none is given).
fn in_shard(katas: Vec<Kata>, shard: Option<crate::shard::Shard>) -> Vec<Kata> {
    match shard {
        Some(shard) => katas.into_iter().filter(|k| shard.holds(&k.id)).collect(),
        None => katas,
    }
}

/// Run `command` from the folder `cwd`.
pub fn run(command: Command, cwd: &Path) -> Result<i32, Error> {
    if let Command::Gate { base, format } = &command {
        // Git alone decides: the pull request's own Cargo.toml and katas/ folder are
        // among the things judged, so they are not used to find the repo.
        return grading::gate(cwd, base, *format);
    }
    let workspace = Workspace::find(cwd)?;
    let all_or = |names: &[String]| {
        if names.is_empty() {
            workspace.katas()
        } else {
            workspace.select(names, cwd)
        }
    };
    match command {
        Command::List { format } => learner::list(&workspace, format),
        Command::Profile {
            kata,
            solution,
            shipped,
        } => {
            let names: Vec<String> = kata.into_iter().collect();
            let kata = workspace.select(&names, cwd)?.remove(0);
            learner::profile(&workspace, &kata, solution, shipped)
        }
        Command::Hint { kata } => {
            let names: Vec<String> = kata.into_iter().collect();
            let kata = workspace.select(&names, cwd)?.remove(0);
            learner::hint(&workspace, &kata)
        }
        Command::Grade {
            katas,
            shard,
            solution,
            variant,
            base,
            changed,
            checks,
            format,
            output,
        } => {
            let subject = if solution {
                Subject::Solution
            } else if variant.is_some() {
                Subject::Variant
            } else {
                Subject::Kata
            };
            // With a base, every manifest (checks, protected paths) is the base's: the
            // change under grade cannot say how it is graded.
            let workspace = match &base {
                Some(base) => workspace.with_manifests_from(base)?,
                None => workspace,
            };
            let (katas, outside): (Vec<Kata>, Vec<String>) = if changed {
                let changes =
                    crate::changes::since(&workspace, base.as_deref().unwrap_or_default())?;
                let katas = changes
                    .katas
                    .iter()
                    .map(|id| workspace.kata(id))
                    .collect::<Result<_, _>>()?;
                (katas, changes.outside_editable)
            } else {
                (workspace.select(&katas, cwd)?, Vec::new())
            };
            let katas = in_shard(katas, shard);
            let request = grading::Request {
                subject,
                options: Options {
                    base,
                    only: checks,
                    variant,
                },
                format,
                outputs: output,
                outside_editable: outside,
                changed,
            };
            grading::grade(&workspace, &katas, &request)
        }
        Command::Watch {
            kata,
            poll,
            max_grades,
        } => {
            let names: Vec<String> = kata.into_iter().collect();
            let kata = workspace.select(&names, cwd)?.remove(0);
            learner::watch(&workspace, &kata, poll, max_grades)
        }
        Command::Changed { base, format } => grading::changed(&workspace, &base, format),
        Command::Gate { base, format } => grading::gate(cwd, &base, format),
        Command::Review {
            kata,
            base,
            mine,
            format,
            output,
        } => {
            let names: Vec<String> = kata.into_iter().collect();
            let kata = workspace.select(&names, cwd)?.remove(0);
            mentor::review(&workspace, &kata, base, mine, format, &output)
        }
        Command::Diff {
            kata,
            base,
            format,
            output,
        } => {
            let names: Vec<String> = kata.into_iter().collect();
            let kata = workspace.select(&names, cwd)?.remove(0);
            mentor::review(&workspace, &kata, base, true, format, &output)
        }
        Command::Class {
            reports,
            refs,
            base,
            output,
        } => mentor::class(&workspace, &reports, &refs, &base, output),
        Command::Report {
            katas,
            output,
            open,
        } => {
            let katas = workspace.select(&katas, cwd)?;
            learner::report(&workspace, &katas, output, open)
        }
        Command::Reset { kata, from } => {
            let kata = workspace
                .select(std::slice::from_ref(&kata), cwd)?
                .remove(0);
            learner::reset(&workspace, &kata, from)
        }
        Command::Verify {
            katas,
            shard,
            timings,
            jobs,
            format,
            output,
        } => maintainer::verify_all(
            &workspace,
            &in_shard(all_or(&katas)?, shard),
            format,
            &output,
            maintainer::VerifyRun { jobs, timings },
        ),
        Command::Stress {
            katas,
            repeat,
            threads,
            format,
        } => maintainer::stress_all(
            &workspace,
            &all_or(&katas)?,
            repeat.max(1),
            &threads,
            format,
        ),
        Command::Seal { katas } => maintainer::seal(&workspace, &all_or(&katas)?),
        Command::Selftest => maintainer::selftest(&workspace),
        // main.rs handles it before any workspace is looked for.
        Command::ExecLimited { .. } => Ok(crate::error::exit::USAGE),
    }
}
