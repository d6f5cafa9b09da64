//! The HTML report as a person sees it: rendered by headless Chromium (Debian's `chromium`;
//! `.ci/run` installs it). No console errors, no network request, one marker per measured
//! point in each chart, and a screenshot kept at
//! `target/tmp/browser/report.png` (CI uploads it). Skips, saying why, without Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use kata_grader::checks::{CheckResult, FigureView, Outcome};
use kata_grader::grade::{KataReport, Subject};
use kata_grader::manifest::{CheckKind, Expect};
use kata_grader::report::html;
use kata_grader::series::Series;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

fn scaling_check(points: &[(f64, f64)], value: f64) -> CheckResult {
    CheckResult {
        id: "dedupe-scaling".into(),
        kind: CheckKind::Test,
        outcome: if value <= 1.3 {
            Outcome::Pass
        } else {
            Outcome::Fail
        },
        points: 0,
        max_points: 3,
        message: None,
        hint: Some("Compare each item with a set, not a list.".into()),
        figure: Some(FigureView {
            name: "fitted exponent of element operations".into(),
            value,
            bar: 1.3,
            goal: "at_most".into(),
            unit: String::new(),
            shipped: None,
        }),
        series: vec![Series {
            test: String::new(),
            name: "operations against input size".into(),
            x: "input size n".into(),
            y: "operations counted".into(),
            log_log: true,
            points: points.to_vec(),
            bar: None,
        }],
        location: None,
        shipped: Expect::Fails,
    }
}

fn report(check: CheckResult) -> KataReport {
    KataReport {
        kata: "quadratic-dedupe".into(),
        title: "Quadratic dedupe".into(),
        subject: Subject::Kata,
        variant: None,
        partial: false,
        build_error: None,
        passed: usize::from(check.passed()),
        total: 1,
        points: check.points,
        max_points: check.max_points,
        solved: check.passed(),
        checks: vec![check],
    }
}

#[test]
fn the_report_renders_in_a_browser_with_every_point_and_no_errors() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no Chromium (`apt-get install chromium`); .ci/run installs it");
        return;
    };
    let quadratic: Vec<(f64, f64)> = [539.0, 1_108.0, 2_227.0, 4_197.0, 8_378.0]
        .iter()
        .map(|&n: &f64| (n, n * n / 4.0))
        .collect();
    let linear: Vec<(f64, f64)> = [
        539.0, 1_108.0, 2_227.0, 4_197.0, 8_378.0, 17_752.0, 35_000.0,
    ]
    .iter()
    .map(|&n: &f64| (n, 2.0 * n))
    .collect();
    let shipped = report(scaling_check(&quadratic, 2.0));
    let reference = report(scaling_check(&linear, 1.0));
    let page = html::page(
        "cargo kata report",
        &[html::Group {
            kata: "quadratic-dedupe",
            title: "Quadratic dedupe",
            columns: vec![("as shipped", &shipped), ("reference", &reference)],
        }],
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    std::fs::write(&file, &page).unwrap();
    let url = format!("file://{}", file.display());
    let net_log = dir.join("net-log.json");
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
        // Chromium's own traffic (updates, sign-in, dictionaries), so that any request
        // left in the net log is the page's.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-default-browser-check",
        "--disable-features=Translate,OptimizationHints,MediaRouter,SpellCheck",
    ];
    let dom = Command::new(&browser)
        .args(common)
        .arg(format!("--log-net-log={}", net_log.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let rendered = String::from_utf8_lossy(&dom.stdout);
    let console = String::from_utf8_lossy(&dom.stderr);
    assert!(rendered.contains("<svg"), "the page rendered: {console}");
    // One marker per measured point: 5 for the shipped curve, 7 for the reference.
    let per_chart: Vec<usize> = rendered
        .split("<svg")
        .skip(1)
        .map(|svg| {
            svg.split("</svg>")
                .next()
                .unwrap_or("")
                .matches("<circle")
                .count()
        })
        .collect();
    assert_eq!(
        per_chart,
        vec![quadratic.len() + linear.len()],
        "{per_chart:?}"
    );
    assert!(rendered.contains("as shipped: slope 2.00; reference: slope 1.00; bar: slope 1.30"));
    let errors: Vec<&str> = console
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(errors.is_empty(), "console output: {errors:?}");
    // Nothing on the page can ask the network: no remote source, link or style.
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(
            !page.contains(remote),
            "the page refers to a remote `{remote}`"
        );
    }
    // And it did not: every request in the net log is Chromium's own background service
    // (its updater, sign-in), which the flags above cannot all silence.
    let log = std::fs::read_to_string(&net_log).unwrap_or_default();
    let page_requests: Vec<&str> = log
        .split('"')
        .filter(|s| s.starts_with("http://") || s.starts_with("https://"))
        .filter(|url| {
            let host = url
                .split("://")
                .nth(1)
                .unwrap_or("")
                .split(['/', ' ', ':', '?'])
                .next()
                .unwrap_or("");
            !["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]
                .iter()
                .any(|own| host == *own || host.ends_with(&format!(".{own}")))
        })
        .collect();
    assert!(
        page_requests.is_empty(),
        "the page asked the network: {page_requests:?}"
    );
    let shot = dir.join("report.png");
    let status = Command::new(&browser)
        .args(common)
        .arg("--window-size=1100,1000")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("chromium runs")
        .status;
    assert!(
        status.success() && shot.is_file(),
        "no screenshot at {}",
        shot.display()
    );
}
