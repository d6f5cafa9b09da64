//! `cargo kata class`: one view of a whole class. Reads many `cargo kata grade --format
//! json` documents (the pull-request workflow's artifacts, or any folder of them) and
//! writes one table of learners × katas: points, solved, last graded, a link to each
//! report; as HTML (sortable by any column), Markdown and CSV.
//!
//! A report's learner is the first folder below the folder given (`class/alice/grade.json`)
//! or, for a file directly in it, the file's name (`class/alice.json`). When one learner
//! has several reports of a kata, the newest (by file time) wins.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::Error;

/// One learner's latest grade of one kata.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub points: u64,
    pub max_points: u64,
    pub solved: bool,
    /// Seconds since the Unix epoch of the report file.
    pub graded_at: u64,
    /// The report it comes from.
    pub report: PathBuf,
}

/// The class: learner → kata → latest cell.
#[derive(Debug, Default)]
pub struct Class {
    pub cells: BTreeMap<String, BTreeMap<String, Cell>>,
    /// Files that were not grade reports, with why.
    pub skipped: Vec<(PathBuf, String)>,
}

impl Class {
    /// Every kata any learner has a grade for.
    pub fn katas(&self) -> BTreeSet<&str> {
        self.cells
            .values()
            .flat_map(|k| k.keys().map(String::as_str))
            .collect()
    }
}

/// Read every `.json` file under each of `roots` (a file counts as itself).
pub fn read(roots: &[PathBuf]) -> Result<Class, Error> {
    let mut class = Class::default();
    for root in roots {
        let mut files = Vec::new();
        collect(root, &mut files).map_err(|e| Error::io(root, e))?;
        files.sort();
        for file in files {
            let learner = learner_of(root, &file);
            match read_report(&file) {
                Ok(katas) => {
                    let graded_at = std::fs::metadata(&file)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_secs());
                    for (kata, mut cell) in katas {
                        cell.graded_at = graded_at;
                        cell.report = file.clone();
                        let slot = class.cells.entry(learner.clone()).or_default();
                        if slot.get(&kata).is_none_or(|old| old.graded_at <= graded_at) {
                            slot.insert(kata, cell);
                        }
                    }
                }
                Err(why) => class.skipped.push((file, why)),
            }
        }
    }
    Ok(class)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let p = entry.path();
        if entry.file_type()?.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    Ok(())
}

fn learner_of(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let mut parts = relative.components();
    match (parts.next(), parts.next()) {
        (Some(first), Some(_)) => first.as_os_str().to_string_lossy().into_owned(),
        _ => file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
    }
}

/// The katas of one `cargo-kata/grade` document.
fn read_report(file: &Path) -> Result<Vec<(String, Cell)>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    if doc["schema"] != "cargo-kata/grade" {
        return Err("not a `cargo kata grade --format json` report".into());
    }
    if doc["version"] != 1 {
        return Err(format!("report version {} is not 1", doc["version"]));
    }
    let katas = doc["katas"].as_array().ok_or("no `katas` list")?;
    katas
        .iter()
        .map(|k| {
            let kata = k["kata"].as_str().ok_or("a kata without its id")?;
            // A partial grade (--check) never counts as the kata's grade.
            let partial = k["partial"].as_bool().unwrap_or(false);
            Ok((
                kata.to_owned(),
                Cell {
                    points: k["points"].as_u64().unwrap_or(0),
                    max_points: k["max_points"].as_u64().unwrap_or(0),
                    solved: k["solved"].as_bool().unwrap_or(false) && !partial,
                    graded_at: 0,
                    report: PathBuf::new(),
                },
            ))
        })
        .collect()
}

/// The table as CSV: `learner,kata,points,max_points,solved,graded_at,report`.
pub fn csv(class: &Class) -> String {
    let mut out = String::from("learner,kata,points,max_points,solved,graded_at,report\n");
    for (learner, katas) in &class.cells {
        for (kata, c) in katas {
            out.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                csv_field(learner),
                csv_field(kata),
                c.points,
                c.max_points,
                c.solved,
                c.graded_at,
                csv_field(&c.report.display().to_string())
            ));
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    // A leading = + - @ would be a formula to a spreadsheet.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The table as Markdown: a row per learner, a column per kata.
pub fn markdown(class: &Class) -> String {
    let katas: Vec<&str> = class.katas().into_iter().collect();
    let mut out = format!(
        "| learner | solved | {} |\n|---|---|{}\n",
        katas
            .iter()
            .map(|k| format!("`{}`", k.replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(katas.len())
    );
    for (learner, row) in &class.cells {
        let solved = row.values().filter(|c| c.solved).count();
        out.push_str(&format!("| {} | {solved} |", learner.replace('|', "\\|")));
        for kata in &katas {
            out.push_str(&match row.get(*kata) {
                Some(c) => format!(
                    " {}{}/{} |",
                    if c.solved { "✓ " } else { "" },
                    c.points,
                    c.max_points
                ),
                None => " – |".to_owned(),
            });
        }
        out.push('\n');
    }
    out
}

/// The table as one HTML page; click a column's heading to sort by it.
pub fn html(class: &Class, out_dir: &Path) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let katas: Vec<&str> = class.katas().into_iter().collect();
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cargo kata class</title>\n<style>\n:root { color-scheme: light dark; } body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; }\ntable { border-collapse: collapse; } th, td { border-bottom: 1px solid #8884; padding: .3rem .6rem; text-align: left; }\nth button { font: inherit; font-weight: 600; background: none; border: 0; color: inherit; cursor: pointer; padding: 0; }\n.solved { color: #1a7f37; font-weight: 600; } @media (prefers-color-scheme: dark) { .solved { color: #3fb950; } }\n.none { opacity: .5; }\n</style></head><body>\n<h1>cargo kata class</h1>\n<p>Click a heading to sort by it (again to reverse). A cell is the learner's latest grade of that kata; ✓ solved.</p>\n<table id=\"class\"><thead><tr><th><button type=\"button\">learner</button></th><th><button type=\"button\">solved</button></th>",
    );
    for kata in &katas {
        html.push_str(&format!(
            "<th><button type=\"button\">{}</button></th>",
            esc(kata)
        ));
    }
    html.push_str("<th>last graded (UTC)</th></tr></thead><tbody>\n");
    for (learner, row) in &class.cells {
        let solved = row.values().filter(|c| c.solved).count();
        let last = row.values().map(|c| c.graded_at).max().unwrap_or(0);
        html.push_str(&format!(
            "<tr><td>{}</td><td data-sort=\"{solved}\">{solved}</td>",
            esc(learner)
        ));
        for kata in &katas {
            match row.get(*kata) {
                Some(c) => {
                    let link = pathdiff(&c.report, out_dir);
                    // Sorts solved first, then by points.
                    let key = u64::from(c.solved) * 1_000_000 + c.points;
                    html.push_str(&format!(
                        "<td data-sort=\"{key}\"><a class=\"{}\" href=\"{}\">{}{}/{}</a></td>",
                        if c.solved { "solved" } else { "" },
                        esc(&link),
                        if c.solved { "✓ " } else { "" },
                        c.points,
                        c.max_points
                    ));
                }
                None => html.push_str("<td class=\"none\" data-sort=\"-1\">–</td>"),
            }
        }
        html.push_str(&format!("<td>{}</td></tr>\n", utc(last)));
    }
    html.push_str("</tbody></table>\n<script>\nfor (const [i, th] of [...document.querySelectorAll('#class thead th')].entries()) {\n  const b = th.querySelector('button'); if (!b) continue; let up = false;\n  b.addEventListener('click', () => {\n    const body = document.querySelector('#class tbody'); up = !up;\n    const key = r => { const c = r.children[i]; return c.dataset.sort !== undefined ? Number(c.dataset.sort) : c.textContent; };\n    const rows = [...body.rows].sort((a, b) => { const x = key(a), y = key(b); const o = x < y ? -1 : x > y ? 1 : 0; return up ? -o : o; });\n    body.append(...rows);\n  });\n}\n</script>\n</body></html>\n");
    html
}

/// A link from the page's folder to a report: relative when it can be, else absolute.
fn pathdiff(target: &Path, from: &Path) -> String {
    let target = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_owned());
    let from = std::fs::canonicalize(from).unwrap_or_else(|_| from.to_owned());
    let common = target
        .components()
        .zip(from.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.components().count() - common;
    let mut rel = PathBuf::new();
    for _ in 0..ups {
        rel.push("..");
    }
    for c in target.components().skip(common) {
        rel.push(c);
    }
    rel.to_string_lossy().replace('\\', "/")
}

/// `2026-12-02 09:13` from seconds since the epoch (civil-from-days, no date crate).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (h, m) = ((secs % 86_400) / 3_600, (secs % 3_600) / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{d:02} {h:02}:{m:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(1_796_202_780), "2026-12-02 09:13");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00");
    }

    #[test]
    fn csv_fields_cannot_become_formulas_or_break_rows() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("alice"), "alice");
    }
}
