//! One self-contained HTML page (no network at view time): per kata, each check's verdict,
//! figure against its bar and hint, side by side for every graded version (yours and the
//! reference; in a review, as shipped too), and a chart for every curve a check reported
//! (`series.rs`): on log-log axes the slope is the growth exponent, shown for each version
//! with the bar's slope beside them. Charts are SVG drawn by plotters, inline, with a text
//! alternative (a caption and the data table). Light and dark follow the viewer's setting.

use std::fmt::Write;

use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

use crate::checks::CheckResult;
use crate::grade::KataReport;
use crate::series::{Series, log_log_slope};

/// One kata and the versions of it graded, each with its label.
pub struct Group<'a> {
    pub kata: &'a str,
    pub title: &'a str,
    pub columns: Vec<(&'a str, &'a KataReport)>,
}

/// The page for `groups`.
pub fn page(title: &str, groups: &[Group]) -> String {
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        text(title),
        text(title)
    );
    for group in groups {
        section(&mut html, group);
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// `grade --output html=PATH`: one column per kata report.
pub fn grades(reports: &[KataReport]) -> String {
    let groups: Vec<Group> = reports
        .iter()
        .map(|r| Group {
            kata: &r.kata,
            title: &r.title,
            columns: vec![("graded", r)],
        })
        .collect();
    page("cargo kata grade", &groups)
}

/// `verify --output html=PATH`: each kata as shipped beside its reference solution.
pub fn verifications(list: &[crate::verify::Verification]) -> String {
    let groups: Vec<Group> = list
        .iter()
        .map(|v| {
            let mut columns = vec![("as shipped", &v.shipped)];
            if let Some(solution) = &v.solution {
                columns.push(("reference", solution));
            }
            Group {
                kata: &v.kata,
                title: &v.shipped.title,
                columns,
            }
        })
        .collect();
    page("cargo kata verify", &groups)
}

/// `review --output html=PATH` (and `diff`): as shipped, the learner's, the reference.
pub fn review(r: &crate::review::Review) -> String {
    let mut columns = vec![
        ("as shipped", &r.shipped),
        (if r.mine { "yours" } else { "learner" }, &r.learner),
    ];
    if let Some(reference) = &r.reference {
        columns.push(("reference", reference));
    }
    let group = Group {
        kata: &r.kata,
        title: &r.learner.title,
        columns,
    };
    page(&format!("cargo kata review {}", r.kata), &[group])
}

const STYLE: &str = "
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5c5c5c; --pass: #1a7f37; --fail: #cf222e; --line: #d0d7de; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --pass: #3fb950; --fail: #f85149; --line: #30363d; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
.PASS { color: var(--pass); font-weight: 600; } .FAIL, .CRASH, .TIMEOUT, .ERROR, .NO.BUILD { color: var(--fail); font-weight: 600; }
.muted { color: var(--muted); } figure { margin: 1rem 0; } figcaption { color: var(--muted); }
svg { max-width: 100%; height: auto; color: var(--fg); }
";

fn section(html: &mut String, group: &Group) {
    let _ = write!(
        html,
        "<section id=\"{}\">\n<h2>{} <span class=\"muted\">{}</span></h2>\n",
        text(group.kata),
        text(group.kata),
        text(group.title)
    );
    html.push_str("<table>\n<thead><tr><th scope=\"col\">check</th>");
    for (label, _) in &group.columns {
        let _ = write!(html, "<th scope=\"col\">{}</th>", text(label));
    }
    html.push_str("<th scope=\"col\">bar</th><th scope=\"col\">hint</th></tr></thead>\n<tbody>\n");
    let Some((_, first)) = group.columns.first() else {
        return;
    };
    for check in &first.checks {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", text(&check.id));
        let mut bar = String::new();
        let mut hint = None;
        for (_, report) in &group.columns {
            match report.checks.iter().find(|c| c.id == check.id) {
                Some(c) => {
                    let value = c.figure.as_ref().map_or(String::new(), |f| {
                        format!(" {}", text(&format!("{} = {}", f.name, f.value_text())))
                    });
                    let _ = write!(
                        html,
                        "<td><span class=\"{}\">{}</span>{value}</td>",
                        c.outcome.label(),
                        c.outcome.label()
                    );
                    if let Some(f) = &c.figure {
                        let op = if f.goal == "at_least" { "≥" } else { "≤" };
                        bar = format!("{op} {}", f.describe_bar());
                    }
                    if !c.passed() {
                        hint = hint.or(c.hint.as_deref());
                    }
                }
                None => html.push_str("<td class=\"muted\">-</td>"),
            }
        }
        let _ = writeln!(
            html,
            "<td>{}</td><td>{}</td></tr>",
            text(&bar),
            text(hint.unwrap_or(""))
        );
    }
    let _ = writeln!(
        html,
        "<tr><th scope=\"row\">points</th>{}<td></td><td></td></tr>\n</tbody>\n</table>",
        group
            .columns
            .iter()
            .map(|(_, r)| format!("<td>{}/{}</td>", r.points, r.max_points))
            .collect::<String>()
    );
    for check in &first.checks {
        charts(html, group, check);
    }
    html.push_str("</section>\n");
}

/// The charts of one check: one per series name, a line per graded version.
fn charts(html: &mut String, group: &Group, check: &CheckResult) {
    let mut names: Vec<&str> = Vec::new();
    for (_, report) in &group.columns {
        if let Some(c) = report.checks.iter().find(|c| c.id == check.id) {
            for s in &c.series {
                if !names.contains(&s.name.as_str()) {
                    names.push(&s.name);
                }
            }
        }
    }
    for name in names {
        let lines: Vec<(&str, &Series)> = group
            .columns
            .iter()
            .filter_map(|(label, report)| {
                let c = report.checks.iter().find(|c| c.id == check.id)?;
                c.series
                    .iter()
                    .find(|s| s.name == name)
                    .map(|s| (*label, s))
            })
            .collect();
        // A growth exponent's bar is a slope, drawn from the first point for comparison;
        // a series may carry its own bar, a level on its y axis.
        let bar = match check
            .figure
            .as_ref()
            .filter(|f| f.name.contains("exponent"))
        {
            Some(f) => Some(Bar::Slope(f.bar)),
            None => lines.iter().find_map(|(_, s)| s.bar).map(Bar::Level),
        };
        chart(html, &check.id, name, &lines, bar);
    }
}

/// The bar drawn on a chart: a slope on log-log axes, or a level on the y axis.
#[derive(Debug, Clone, Copy)]
enum Bar {
    Slope(f64),
    Level(f64),
}

impl Bar {
    fn describe(self, y: &str) -> String {
        match self {
            Bar::Slope(k) => format!("bar: slope {}", slope(k)),
            Bar::Level(v) => format!("bar: {}", compact_in(v, y)),
        }
    }
}

fn chart(html: &mut String, check: &str, name: &str, lines: &[(&str, &Series)], bar: Option<Bar>) {
    let Some((_, first)) = lines.first() else {
        return;
    };
    let log = first.log_log;
    let mut caption = format!("{check}: {name} ({} against {}", first.y, first.x);
    if log {
        caption.push_str(", log-log axes: the slope is the growth exponent");
    }
    caption.push(')');
    let mut described = Vec::new();
    for (label, s) in lines {
        match log_log_slope(&s.points).filter(|_| log) {
            Some(k) => described.push(format!("{label}: slope {}", slope(k))),
            None => described.push(format!("{label}: {} points", s.points.len())),
        }
    }
    if let Some(bar) = bar {
        described.push(bar.describe(&first.y));
    }
    let svg = draw(lines, log, bar, &format!("{} / {}", first.y, first.x));
    let _ = write!(
        html,
        "<figure role=\"group\" aria-label=\"{}\">\n<div role=\"img\" aria-label=\"{}\">{svg}</div>\n<figcaption>{}. {}.</figcaption>\n<details><summary>Data</summary><table><thead><tr><th scope=\"col\">version</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        text(&caption),
        text(&described.join("; ")),
        text(&caption),
        text(&described.join("; ")),
        text(&first.x),
        text(&first.y)
    );
    for (label, s) in lines {
        for (x, y) in &s.points {
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{x}</td><td>{y}</td></tr>",
                text(label)
            );
        }
    }
    html.push_str("</tbody></table></details>\n</figure>\n");
}

/// Colours readable on light and dark backgrounds.
const PALETTE: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(230, 120, 20),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];

fn draw(lines: &[(&str, &Series)], log: bool, bar: Option<Bar>, y_desc: &str) -> String {
    let points = lines.iter().flat_map(|(_, s)| s.points.iter().copied());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let bar_line: Option<(String, Vec<(f64, f64)>)> = bar.and_then(|bar| match bar {
        Bar::Slope(k) => {
            let (px, py) = *lines.first()?.1.points.first()?;
            let line = vec![(px, py), (x1, py * (x1 / px).powf(k))];
            Some((format!("bar (slope {})", slope(k)), line))
        }
        Bar::Level(v) => {
            let y = lines.first().map_or("", |(_, s)| s.y.as_str());
            Some((
                format!("bar ({})", compact_in(v, y)),
                vec![(x0, v), (x1, v)],
            ))
        }
    });
    if let Some((_, line)) = &bar_line {
        y1 = y1.max(line[1].1);
        y0 = y0.min(line[1].1);
    }
    if log {
        x0 = x0.max(1e-9);
        y0 = y0.max(1e-9);
    } else {
        // Counts and sizes read best from zero.
        y0 = y0.min(0.0);
    }
    if x1 <= x0 {
        x1 = x0 * 2.0 + 1.0;
    }
    if y1 <= y0 {
        y1 = y0 * 2.0 + 1.0;
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
        let mut builder = ChartBuilder::on(&root);
        builder
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70);
        let drawn = if log {
            builder
                .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())
                .map(|mut chart| plot(&mut chart, lines, bar_line.as_ref(), y_desc))
        } else {
            builder
                .build_cartesian_2d(x0..x1, y0..y1)
                .map(|mut chart| plot(&mut chart, lines, bar_line.as_ref(), y_desc))
        };
        if drawn.is_err() {
            return String::from("<p class=\"muted\">(this chart could not be drawn)</p>");
        }
        let _ = root.present();
    }
    // Axes and text in the page's text colour, so the chart reads in light and dark.
    svg.replace("#000000", "currentColor")
        .replace("fill=\"#FFFFFF\"", "fill=\"none\"")
}

fn plot<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    lines: &[(&str, &Series)],
    bar_line: Option<&(String, Vec<(f64, f64)>)>,
    y_desc: &str,
) where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let (y_desc, x_desc) = y_desc.split_once(" / ").unwrap_or((y_desc, ""));
    let _ = chart
        .configure_mesh()
        .y_desc(plain(y_desc))
        .x_desc(plain(x_desc))
        .x_label_formatter(&|v| compact(*v))
        // Ticks fall on round decimal values (a log axis' powers of ten): labelled in
        // decimal, which reads true; levels and captions use the figures' own units.
        .y_label_formatter(&|v| compact(*v))
        .light_line_style(TRANSPARENT)
        .draw();
    for (i, (label, s)) in lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let slope = if s.log_log {
            log_log_slope(&s.points).map_or(String::new(), |k| format!(" (slope {})", slope(k)))
        } else {
            String::new()
        };
        if let Ok(series) = chart.draw_series(LineSeries::new(
            s.points.iter().copied(),
            color.stroke_width(2),
        )) {
            series
                .label(format!("{}{slope}", plain(label)))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        let _ = chart.draw_series(s.points.iter().map(|&p| Circle::new(p, 3, color.filled())));
    }
    if let Some((label, line)) = bar_line
        && let Ok(series) = chart.draw_series(DashedLineSeries::new(
            line.iter().copied(),
            6,
            4,
            BLACK.stroke_width(1),
        ))
    {
        series
            .label(label.as_str())
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(1)));
    }
    let _ = chart
        .configure_series_labels()
        .border_style(BLACK)
        .background_style(TRANSPARENT)
        .position(SeriesLabelPosition::UpperLeft)
        .draw();
}

/// A slope to two decimals, never "-0.00" for a flat line that dips a hair.
fn slope(k: f64) -> String {
    format!("{:.2}", (k * 100.0).round() / 100.0 + 0.0)
}

/// A value on an axis whose unit is `unit`: bytes in binary multiples (256 KiB, as the
/// figures say), anything else [`compact`].
fn compact_in(v: f64, unit: &str) -> String {
    if unit != "bytes" {
        return compact(v);
    }
    let mut scaled = v;
    let mut suffix = "B";
    for next in ["KiB", "MiB", "GiB"] {
        if scaled.abs() < 1024.0 {
            break;
        }
        scaled /= 1024.0;
        suffix = next;
    }
    let digits = if scaled.fract().abs() < 1e-9 || scaled.abs() >= 100.0 {
        0
    } else {
        1
    };
    format!("{scaled:.digits$} {suffix}")
}

/// An axis label people read at a glance: 512, 4.1k, 2.5M, 1.2G.
fn compact(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let digits = if scaled.fract().abs() < 1e-9 || scaled.abs() >= 100.0 {
        0
    } else {
        1
    };
    format!("{scaled:.digits$}{suffix}")
}

/// Text for plotters' SVG (it escapes nothing): markup characters dropped.
fn plain(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | '&' | '"' | '\''))
        .collect()
}

/// Text in an HTML attribute or content: every markup character escaped, control
/// characters dropped. (One function for both: attribute-safe text is content-safe.)
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::escape::hostile;

    #[test]
    fn hostile_text_never_becomes_markup() {
        let report = hostile::report();
        let html = grades(std::slice::from_ref(&report));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("\u{1b}"), "no escape sequences");
        assert!(html.contains("<svg"), "the hostile check's series is drawn");
    }

    #[test]
    fn bytes_read_in_binary_multiples_as_the_figures_do() {
        assert_eq!(compact_in(262_144.0, "bytes"), "256 KiB");
        assert_eq!(compact_in(28_730_000.0, "bytes"), "27.4 MiB");
        assert_eq!(compact_in(512.0, "bytes"), "512 B");
        assert_eq!(compact_in(262_144.0, "operations"), "262k");
    }

    #[test]
    fn axis_labels_are_compact() {
        assert_eq!(compact(512.0), "512");
        assert_eq!(compact(4_096.0), "4.1k");
        assert_eq!(compact(100_000_000.0), "100M");
        assert_eq!(compact(0.5), "0.5");
    }

    #[test]
    fn a_log_log_chart_shows_each_slope_and_the_bar() {
        let quad = Series {
            test: String::new(),
            name: "operations against input size".into(),
            x: "n".into(),
            y: "operations".into(),
            log_log: true,
            points: vec![
                (512.0, 262_144.0),
                (1_024.0, 1_048_576.0),
                (2_048.0, 4_194_304.0),
            ],
            bar: None,
        };
        let linear = Series {
            points: vec![(512.0, 512.0), (1_024.0, 1_024.0), (2_048.0, 2_048.0)],
            ..quad.clone()
        };
        let mut html = String::new();
        chart(
            &mut html,
            "scaling",
            &quad.name,
            &[("shipped", &quad), ("reference", &linear)],
            Some(Bar::Slope(1.3)),
        );
        assert!(
            html.contains("shipped: slope 2.00; reference: slope 1.00; bar: slope 1.30"),
            "{html}"
        );
        assert_eq!(html.matches("<circle").count(), 6, "one marker per point");
        assert!(
            html.contains("currentColor"),
            "text follows the page's colour"
        );
    }

    #[test]
    fn a_series_with_a_level_bar_draws_it_as_a_dashed_line() {
        let heap = Series {
            test: String::new(),
            name: "peak heap".into(),
            x: "rows".into(),
            y: "bytes".into(),
            log_log: false,
            points: vec![(10_000.0, 2_800_000.0), (100_000.0, 28_000_000.0)],
            bar: Some(262_144.0),
        };
        let flat = Series {
            points: vec![(10_000.0, 9_000.0), (100_000.0, 9_100.0)],
            ..heap.clone()
        };
        let mut html = String::new();
        charts_for_test(&mut html, &[("shipped", &heap), ("reference", &flat)]);
        assert!(html.contains("bar: 256 KiB"), "{html}");
        assert!(
            html.contains("stroke-dasharray") || html.matches("<line").count() > 1,
            "the bar is drawn: {html}"
        );
        assert_eq!(html.matches("<circle").count(), 4, "one marker per point");
    }

    /// What `charts` draws for these lines, with the bar their series carry.
    fn charts_for_test(html: &mut String, lines: &[(&str, &Series)]) {
        let bar = lines.iter().find_map(|(_, s)| s.bar).map(Bar::Level);
        chart(html, "peak-heap", &lines[0].1.name, lines, bar);
    }
}
