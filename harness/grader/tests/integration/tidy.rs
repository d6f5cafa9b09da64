//! The project's rules about katas, as tests (rust-analyzer's "tidy"): every kata has
//! what a learner, a mentor and the grader need, and nothing is out of date.

use std::path::Path;

use kata_grader::tamper;
use kata_grader::workspace::Workspace;

use crate::fixture::repo_root;

fn workspace() -> Workspace {
    Workspace::find(&repo_root()).unwrap()
}

#[test]
fn every_kata_has_its_files_and_a_valid_manifest() {
    let ws = workspace();
    let ids = ws.kata_ids().unwrap();
    assert!(ids.len() >= 2, "{ids:?}");
    let mut problems = Vec::new();
    for id in &ids {
        let kata = Path::new("katas").join(id);
        let solution = Path::new("solutions").join(id);
        // A test-craft kata's learner writes tests/suite.rs against its subject crate; the
        // others fix src/ against the checks in tests/checks.rs.
        let test_craft = ws.kata(id).is_ok_and(|k| k.manifest.subject.is_some());
        let own = if test_craft {
            [
                kata.join("subject/Cargo.toml"),
                kata.join("tests/suite.rs"),
                solution.join("tests/suite.rs"),
            ]
        } else {
            [
                kata.join("tests/checks.rs"),
                solution.join("src/lib.rs"),
                kata.join("src/lib.rs"),
            ]
        };
        for required in [
            kata.join("Cargo.toml"),
            kata.join("README.md"),
            solution.join("Cargo.toml"),
            solution.join("NOTES.md"),
        ]
        .into_iter()
        .chain(own)
        {
            if !ws.root().join(&required).is_file() {
                problems.push(format!("missing {}", required.display()));
            }
        }
        match ws.kata(id) {
            Err(e) => problems.push(e.to_string()),
            // Hints are spoilers: their own file, with a warning, never in kata.toml.
            Ok(k) => {
                let manifest =
                    std::fs::read_to_string(ws.root().join(&kata).join("kata.toml")).unwrap();
                let hints = std::fs::read_to_string(ws.root().join(&kata).join("hints.toml"))
                    .unwrap_or_default();
                if manifest.lines().any(|l| l.starts_with("hints")) {
                    problems.push(format!("{id}: hints belong in hints.toml, not kata.toml"));
                }
                if !hints.starts_with("# Spoilers.") || k.manifest.hints.len() < 2 {
                    problems.push(format!(
                        "{id}: hints.toml must start with its `# Spoilers.` warning and hold at least two hints"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_seal_is_current() {
    let ws = workspace();
    for kata in ws.katas().unwrap() {
        let on_disk = std::fs::read_to_string(kata.dir.join(tamper::SEAL_FILE))
            .unwrap_or_default()
            .replace("\r\n", "\n");
        assert_eq!(
            on_disk,
            tamper::seal_text(&kata).unwrap(),
            "katas/{0}/{1} is stale: run `cargo kata seal {0}`",
            kata.id,
            tamper::SEAL_FILE
        );
    }
}

#[test]
fn every_solution_runs_its_katas_checks_under_the_katas_lib_name() {
    let ws = workspace();
    for id in ws.kata_ids().unwrap() {
        let manifest =
            std::fs::read_to_string(ws.root().join("solutions").join(&id).join("Cargo.toml"))
                .unwrap();
        let lib_name = id.replace('-', "_");
        assert!(
            manifest.contains(&format!("name = \"{id}-solution\"")),
            "solutions/{id}: package must be {id}-solution"
        );
        assert!(
            manifest.contains(&format!("name = \"{lib_name}\"")),
            "solutions/{id}: [lib] name must be {lib_name}"
        );
        let test_craft = ws.kata(&id).is_ok_and(|k| k.manifest.subject.is_some());
        let has_checks = ws
            .root()
            .join("katas")
            .join(&id)
            .join("tests/checks.rs")
            .is_file();
        let mut wanted = Vec::new();
        if has_checks {
            wanted.push(format!("path = \"../../katas/{id}/tests/checks.rs\""));
        } else {
            // Only the learner's tests are graded: the reference ones, on the kata's library.
            wanted.push(format!("path = \"../../katas/{id}/src/lib.rs\""));
        }
        if test_craft {
            wanted.push("path = \"tests/suite.rs\"".to_owned());
        }
        for runs in wanted {
            assert!(manifest.contains(&runs), "solutions/{id}: must have {runs}");
        }
    }
}

#[test]
fn the_readme_track_lists_every_kata() {
    let ws = workspace();
    let readme = std::fs::read_to_string(ws.root().join("README.md")).unwrap();
    for id in ws.kata_ids().unwrap() {
        assert!(
            readme.contains(&format!("`{id}`")),
            "README.md's track does not list `{id}`"
        );
    }
}

/// The trust rules every kata keeps (ARCHITECTURE.md, "Threat model"): its crate forbids
/// `unsafe_code`; every check starts with the guard that proves it ran to its end; it has a
/// policy check; and its corpus has at least two valid variants and three that must be
/// caught.
#[test]
fn every_kata_keeps_the_trust_rules() {
    let ws = workspace();
    let mut problems = Vec::new();
    for kata in ws.katas().unwrap() {
        let id = &kata.id;
        let manifest = std::fs::read_to_string(kata.dir.join("Cargo.toml")).unwrap();
        if !manifest.contains("[lints.rust]\nunsafe_code = \"forbid\"") {
            problems.push(format!("{id}: Cargo.toml does not forbid unsafe_code"));
        }
        // A test-craft kata may have no checks of its own (its learner's tests are graded).
        let checks = std::fs::read_to_string(kata.dir.join("tests/checks.rs")).unwrap_or_default();
        let tests = checks
            .lines()
            .filter(|l| {
                let l = l.trim();
                l == "#[test]" || l == "#[rstest]" || l.starts_with("#[tokio::test")
            })
            .count();
        let guards = checks
            .matches("let _attest = kata_attest::attest();")
            .count();
        if guards < tests {
            problems.push(format!(
                "{id}: {tests} tests but {guards} start with `let _attest = kata_attest::attest();`"
            ));
        }
        if !kata
            .manifest
            .checks
            .iter()
            .any(|c| c.get_ref().kind == kata_grader::manifest::CheckKind::Policy)
        {
            problems.push(format!("{id}: no policy check"));
        }
        let ids: Vec<&str> = kata
            .manifest
            .checks
            .iter()
            .map(|c| c.get_ref().id.as_str())
            .collect();
        match kata_grader::variants::of(ws.root(), id, &ids) {
            Ok(corpus) => {
                let valid = corpus
                    .iter()
                    .filter(|v| v.kind == kata_grader::variants::Kind::Valid)
                    .count();
                let caught = corpus.len() - valid;
                if valid < 2 || caught < 3 {
                    problems.push(format!(
                        "{id}: {valid} valid variants and {caught} partial fixes or cheats (want at least 2 and 3)"
                    ));
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The grader tells the toolkit that tests run alone with an environment variable each
/// crate spells on its own (the grader does not depend on the toolkit): the same name.
#[test]
fn grader_and_toolkit_agree_on_the_alone_variable() {
    let toolkit =
        std::fs::read_to_string(repo_root().join("harness/toolkit/src/alone.rs")).unwrap();
    let spelled = format!(
        "pub const ALONE_ENV: &str = \"{}\";",
        kata_grader::launch::ALONE_ENV
    );
    assert!(
        toolkit.contains(&spelled),
        "harness/toolkit/src/alone.rs lacks {spelled}"
    );
}

/// A kata's README says what a learner may edit and which checks grade it; both must be what
/// its `kata.toml` says (one source of truth: a README promise no manifest keeps is a trap).
/// The "Edit:" bullet lists exactly the editable globs (and, after "except", protected ones
/// carved out of them); the "Protected:" bullet lists exactly the protected globs; every check id
/// appears in the README as `` `id` ``.
#[test]
fn every_readme_agrees_with_its_manifest() {
    let ws = workspace();
    let mut problems = Vec::new();
    for kata in ws.katas().unwrap() {
        let id = &kata.id;
        let readme = std::fs::read_to_string(kata.dir.join("README.md")).unwrap();
        let paths = &kata.manifest.paths;
        match bullet(&readme, "- **Edit:**") {
            None => problems.push(format!("{id}: README has no `- **Edit:**` bullet")),
            Some(text) => {
                let (open, carved) = text.split_once(" except ").unwrap_or((&text, ""));
                let mut said = backticked(open);
                said.sort();
                let mut editable = paths.editable.clone();
                editable.sort();
                if said != editable {
                    problems.push(format!(
                        "{id}: README says the learner edits {said:?}, kata.toml {editable:?}"
                    ));
                }
                for path in backticked(carved) {
                    if !paths.protected.contains(&path) {
                        problems.push(format!(
                            "{id}: README carves `{path}` out of the editable paths, but kata.toml does not protect it"
                        ));
                    }
                }
            }
        }
        // Every shipped file is the learner's or the kata's: one that is neither would be
        // free to change in a grade and refused by the pull-request gate.
        for file in kata_files(&kata.dir, "") {
            let editable = paths.is_editable(std::path::Path::new(&file));
            let protected = paths
                .protected
                .iter()
                .any(|g| kata_grader::glob::matches(g, &file));
            if !editable && !protected && file != "protected.sha256" {
                problems.push(format!(
                    "{id}: `{file}` is neither editable nor protected in kata.toml"
                ));
            }
        }
        // Benches are declared in the protected Cargo.toml (`harness = false`), so a new
        // file under `benches/` would build as no bench a learner can run: the editable
        // paths name each bench file, never a pattern that invites new ones.
        for glob in paths.editable.iter().filter(|g| g.starts_with("benches/")) {
            let declared = std::path::Path::new(glob.as_str())
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|stem| {
                    std::fs::read_to_string(kata.dir.join("Cargo.toml"))
                        .unwrap_or_default()
                        .contains(&format!("name = \"{stem}\""))
                });
            if glob.contains('*') || !declared {
                problems.push(format!(
                    "{id}: editable `{glob}` should name a bench file that Cargo.toml declares"
                ));
            }
        }
        // A pull request may change only the editable paths (the gate), so the grade's own
        // tamper check holds the kata's README and hints too: the two never disagree.
        for always in ["README.md", "hints.toml"] {
            if !paths.protected.iter().any(|p| p == always) {
                problems.push(format!("{id}: kata.toml must protect `{always}`"));
            }
        }
        match bullet(&readme, "- **Protected:**") {
            None => problems.push(format!("{id}: README has no `- **Protected:**` bullet")),
            Some(text) => {
                let said = backticked(&text);
                for path in &said {
                    if !paths.protected.contains(path) && !path.contains(' ') {
                        problems.push(format!(
                            "{id}: README calls `{path}` protected, kata.toml does not"
                        ));
                    }
                }
                for path in &paths.protected {
                    if !said.contains(path) {
                        problems.push(format!(
                            "{id}: kata.toml protects `{path}`, the README's Protected bullet does not say so"
                        ));
                    }
                }
            }
        }
        // The checks table lists every check once, and nothing else.
        let ids: Vec<&str> = kata
            .manifest
            .checks
            .iter()
            .map(|c| c.get_ref().id.as_str())
            .collect();
        let table = readme
            .split("\n## What the checks want\n")
            .nth(1)
            .map(|rest| rest.split("\n## ").next().unwrap_or(rest));
        match table {
            None => problems.push(format!(
                "{id}: README has no `## What the checks want` table"
            )),
            Some(table) => {
                let rows: Vec<&str> = table
                    .lines()
                    .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
                    .collect();
                for row in &rows {
                    if !ids.contains(row) {
                        problems.push(format!(
                            "{id}: the README's checks table has a row `{row}`, kata.toml no such check"
                        ));
                    }
                }
                for check in &ids {
                    if rows.iter().filter(|r| *r == check).count() != 1 {
                        problems.push(format!(
                            "{id}: the README's checks table should have one row for `{check}`"
                        ));
                    }
                }
            }
        }
        for check in &kata.manifest.checks {
            let check = check.get_ref();
            problems.extend(
                kata_grader::promises::against_manifest(&readme, check)
                    .into_iter()
                    .map(|p| format!("{id}: {p}")),
            );
            let check_id = &check.id;
            if !readme.contains(&format!("`{check_id}`")) {
                problems.push(format!("{id}: README never names check `{check_id}`"));
            }
            // The checks table's row: `| `id` | points | … |`.
            let row = format!("| `{check_id}` | ");
            if let Some(at) = readme.find(&row) {
                let points = readme[at + row.len()..].split(' ').next().unwrap_or("");
                if points != check.points.to_string() {
                    problems.push(format!(
                        "{id}: README gives `{check_id}` {points} points, kata.toml {}",
                        check.points
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every kata's README has a `## The tools you have` section: the exact calls the kata's
/// fix and tests need (constructors, how to share a value, how to read the figure), so a
/// learner never has to guess an API from its name. The section names at least one call in
/// backticks or a code block.
#[test]
fn every_readme_shows_the_tools_you_have() {
    const HEADING: &str = "\n## The tools you have\n";
    let ws = workspace();
    let mut problems = Vec::new();
    for kata in ws.katas().unwrap() {
        let id = &kata.id;
        let readme = std::fs::read_to_string(kata.dir.join("README.md"))
            .unwrap_or_default()
            .replace("\r\n", "\n");
        match readme.split_once(HEADING) {
            None => problems.push(format!(
                "{id}: README has no `## The tools you have` section (the exact calls its fix and tests need)"
            )),
            Some((_, rest)) => {
                let section = rest.split("\n## ").next().unwrap_or_default();
                if !section.contains('`') {
                    problems.push(format!(
                        "{id}: README's `## The tools you have` section names no call"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The text of the bullet starting with `start`, up to the next bullet or blank line.
fn bullet(readme: &str, start: &str) -> Option<String> {
    let at = readme.find(start)? + start.len();
    let rest = &readme[at..];
    let end = ["\n- ", "\n\n"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].replace('\n', " "))
}

/// Every `` `path-like` `` span: globs and file names (with a `/`, `*` or `.`), not words
/// such as `cargo kata seal`.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.contains(' ') && (s.contains('/') || s.contains('*') || s.contains('.')))
        .map(str::to_owned)
        .collect()
}

/// Every file under `dir` (build output and hidden folders aside), relative to the kata.
fn kata_files(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.file_type().unwrap().is_dir() {
            if name != "target" && !name.starts_with('.') {
                files.extend(kata_files(&entry.path(), &relative));
            }
        } else {
            files.push(relative);
        }
    }
    files
}
