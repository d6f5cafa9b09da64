//! `cargo kata verify`: every kata is live. The kata as shipped fails exactly the checks
//! its manifest says it fails, for the reason it exists (a plain failure, not a compile
//! error, crash or timeout), and passes the others; its reference solution passes every
//! check; and the README's checks table promises the figures the shipped code prints.

use serde::Serialize;

use crate::Error;
use crate::checks::{CheckResult, Outcome};
use crate::events::Sink;
use crate::grade::{self, KataReport, Options, Subject};
use crate::manifest::Expect;
use crate::variants::Variant;
use crate::workspace::{Kata, Workspace};

/// One kata's verification.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub kata: String,
    pub live: bool,
    /// What is not as the manifest says, one entry per problem.
    pub differences: Vec<String>,
    pub shipped: KataReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution: Option<KataReport>,
    /// Each variant of the corpus, graded (see `variants.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantOutcome>,
}

/// One variant's grade and whether it is what the variant promises.
#[derive(Debug, Clone, Serialize)]
pub struct VariantOutcome {
    pub variant: Variant,
    pub as_expected: bool,
    pub report: KataReport,
}

/// Grade the shipped kata, its solution and its variants, and compare with the manifest
/// and with what each variant promises.
pub fn verify(
    workspace: &Workspace,
    kata: &Kata,
    sink: &mut dyn Sink,
) -> Result<Verification, Error> {
    let options = Options::default();
    let shipped = grade::grade(workspace, kata, Subject::Kata, &options, sink)?;
    let solution = grade::grade_solution(workspace, kata, &options, sink)?;
    let mut differences = Vec::new();
    if let Some(error) = &shipped.build_error {
        differences.push(format!(
            "shipped: does not compile, so it cannot fail for the reason it exists:\n{error}"
        ));
    }
    for check in shipped
        .checks
        .iter()
        .filter(|_| shipped.build_error.is_none())
    {
        let wanted = match check.shipped {
            Expect::Fails => Outcome::Fail,
            Expect::Passes => Outcome::Pass,
        };
        if check.outcome != wanted {
            let said = match check.shipped {
                Expect::Fails => "should fail",
                Expect::Passes => "should pass",
            };
            differences.push(format!(
                "shipped: `{}` {said}, got {}{}",
                check.id,
                check.outcome.label(),
                detail(check)
            ));
        }
    }
    // The README's checks table promises each figure as shipped and as wanted: hold its
    // words to what the shipped code just printed (`promises.rs`).
    if shipped.build_error.is_none() {
        let readme = std::fs::read_to_string(kata.dir.join("README.md")).unwrap_or_default();
        let checks: Vec<&crate::manifest::Check> =
            kata.manifest.checks.iter().map(|c| c.get_ref()).collect();
        differences.extend(
            crate::promises::against_grade(&readme, &checks, &shipped.checks)
                .into_iter()
                .map(|problem| format!("README: {problem}")),
        );
    }
    match &solution {
        None => differences.push(format!(
            "no reference solution: solutions/{}/ is missing",
            kata.id
        )),
        Some(s) => {
            for check in s.checks.iter().filter(|c| !c.passed()) {
                differences.push(format!(
                    "solution: `{}` got {}{}",
                    check.id,
                    check.outcome.label(),
                    detail(check)
                ));
            }
        }
    }
    let check_ids: Vec<&str> = kata
        .manifest
        .checks
        .iter()
        .map(|c| c.get_ref().id.as_str())
        .collect();
    let corpus = crate::variants::of(workspace.root(), &kata.id, &check_ids)?;
    // Built (and linted) together first: cargo compiles and links them side by side, and
    // each variant's own grade then finds its binaries ready.
    let packages: Vec<&str> = corpus.iter().map(|v| v.package.as_str()).collect();
    sink.event(crate::events::Event::Activity(format!(
        "{}: building {} variants",
        kata.id,
        packages.len()
    )));
    crate::build::prebuild(workspace, &packages)?;
    if let Some(policy) = kata
        .manifest
        .checks
        .iter()
        .map(|c| c.get_ref())
        .find(|c| c.kind == crate::manifest::CheckKind::Policy)
    {
        crate::policy::prelint(workspace, &kata.id, policy, &kata.manifest.paths, &packages)?;
    }
    let mut variants = Vec::new();
    for variant in corpus {
        let report = grade::grade_variant(workspace, kata, &variant, &options, sink)?;
        let difference = crate::variants::judge(&variant, &report);
        let as_expected = difference.is_none();
        differences.extend(difference);
        variants.push(VariantOutcome {
            variant,
            as_expected,
            report,
        });
    }
    Ok(Verification {
        kata: kata.id.clone(),
        live: differences.is_empty(),
        differences,
        shipped,
        solution,
        variants,
    })
}

/// ": <message>" when the check has one.
fn detail(check: &CheckResult) -> String {
    check
        .message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default()
}
