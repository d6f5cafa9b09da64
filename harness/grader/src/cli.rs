//! Command-line arguments.

use clap::{Parser, Subcommand};

use crate::report::Format;

/// Grade katas, reveal hints, and verify that every kata is live.
#[derive(Debug, Parser)]
#[command(name = "cargo kata", version, about, bin_name = "cargo kata")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Run test binaries in a sandbox: `auto` uses bubblewrap on Linux when it works,
    /// `require` refuses to grade without it (CI), `off` never sandboxes.
    #[arg(long, global = true, value_enum, default_value_t = crate::sandbox::Mode::Auto)]
    pub sandbox: crate::sandbox::Mode,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every kata in track order, with its status and points.
    List {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build a kata, run its checks, and show each verdict with its figure.
    ///
    /// With no KATA, grades the kata whose folder you are in. Exit status: 0 when every
    /// check passes, 1 when one fails, 2 on a usage or configuration error.
    Grade {
        /// Kata ids (folder names under katas/).
        katas: Vec<String>,
        /// Only this shard of the katas selected (I/N, e.g. 2/3): N jobs with 1/N … N/N
        /// together grade each exactly once.
        #[arg(long, value_name = "I/N")]
        shard: Option<crate::shard::Shard>,
        /// Grade the reference solution instead of the kata's code.
        #[arg(long)]
        solution: bool,
        /// Grade one of the kata's variants (solutions/<kata>/variants/NAME) on every check,
        /// to read its figures.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["solution", "changed"])]
        variant: Option<String>,
        /// Read each kata's manifest (checks, protected paths) from this git revision and
        /// compare protected files with it (CI), instead of the working tree's kata.toml and
        /// committed hash manifest.
        #[arg(long, value_name = "REF")]
        base: Option<String>,
        /// Grade the katas changed since --base, and fail if anything outside the katas'
        /// editable paths changed (for pull requests).
        #[arg(long, requires = "base", conflicts_with = "katas")]
        changed: bool,
        /// Grade only this check (repeatable), for a fast answer while you work on it.
        #[arg(long = "check", value_name = "ID", conflicts_with = "changed")]
        checks: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also write the report in another format to a file (repeatable), e.g.
        /// `--output junit=target/kata/report.xml`.
        #[arg(long, value_name = "FORMAT=PATH", value_parser = Format::parse_output)]
        output: Vec<(Format, std::path::PathBuf)>,
    },
    /// The katas changed since a git revision, and any changed file outside the katas'
    /// editable paths.
    Changed {
        /// The revision to compare with (its merge base with HEAD is used).
        #[arg(long, value_name = "REF")]
        base: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Before a learner's pull request is built: fail if it changes anything but its katas'
    /// editable files, or adds a symlink, a submodule, an executable bit, a build script, a
    /// cargo config or a toolchain file.
    ///
    /// The editable paths come from each kata's kata.toml at REF, never from the change.
    /// Exit status: 0 when the change is clean, 1 with a finding per offending file, 2 on a
    /// usage or configuration error.
    Gate {
        /// The base revision (its merge base with HEAD is compared with the working tree).
        #[arg(long, value_name = "REF")]
        base: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Grade again whenever the kata's files change, showing what changed since the last
    /// grade. Stop with Ctrl-C.
    Watch {
        /// Kata id; defaults to the kata whose folder you are in.
        kata: Option<String>,
        /// Poll for changes every second instead of waiting for file events (for WSL2 on a
        /// Windows drive, VMs and network drives; chosen automatically under WSL).
        #[arg(long)]
        poll: bool,
        /// Stop after this many grades (for scripts and tests).
        #[arg(long, hide = true)]
        max_grades: Option<u32>,
    },
    /// Show the next hint for a kata (one more each time).
    Hint {
        /// Kata id; defaults to the kata whose folder you are in.
        kata: Option<String>,
    },
    /// Mentors: a learner's change against the kata as shipped and against the reference
    /// solution, with every check's figure for all three measured side by side.
    Review {
        /// Kata id; defaults to the kata whose folder you are in.
        kata: Option<String>,
        /// The revision that holds the kata as shipped (default: origin/HEAD, origin/main
        /// or HEAD, the first that exists).
        #[arg(long, value_name = "REF")]
        base: Option<String>,
        /// Your own review: your change against the kata as shipped, figures side by
        /// side, without the reference solution (the same as `cargo kata diff`).
        #[arg(long)]
        mine: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also write the review in another format to a file (repeatable), e.g.
        /// `html=target/review.html`.
        #[arg(long, value_name = "FORMAT=PATH", value_parser = Format::parse_output)]
        output: Vec<(Format, std::path::PathBuf)>,
    },
    /// Your change to a kata against the kata as shipped: the diff, and every check's
    /// verdict and figure before and after, side by side (no reference solution).
    Diff {
        /// Kata id; defaults to the kata whose folder you are in.
        kata: Option<String>,
        /// The revision that holds the kata as shipped (default: origin/HEAD, origin/main
        /// or HEAD, the first that exists).
        #[arg(long, value_name = "REF")]
        base: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also write it in another format to a file (repeatable), e.g. `html=diff.html`.
        #[arg(long, value_name = "FORMAT=PATH", value_parser = Format::parse_output)]
        output: Vec<(Format, std::path::PathBuf)>,
    },
    /// One self-contained HTML page for katas: every check's verdict and figure for your
    /// code and the reference solution, with a chart for every curve a check measured.
    Report {
        /// Kata ids; defaults to the kata whose folder you are in (all at the root).
        katas: Vec<String>,
        /// Where to write it (default target/cargo-kata/report.html).
        #[arg(long, value_name = "PATH")]
        output: Option<std::path::PathBuf>,
        /// Open it in the browser when written.
        #[arg(long)]
        open: bool,
    },
    /// Mentors: one table of a whole class from many `grade --format json` reports (the
    /// pull-request workflow's artifacts, or folders of them): learners × katas, points,
    /// solved, last graded, as HTML (sortable), Markdown and CSV.
    Class {
        /// Report files or folders of them (each learner's reports in a folder named after
        /// them, or files named after them).
        #[arg(required_unless_present = "refs")]
        reports: Vec<std::path::PathBuf>,
        /// Grade a learner's branch first, as the pull-request workflow would (the katas it
        /// changed, against --base), and add its report (repeatable). A branch that changes
        /// files outside the katas' editable paths is listed, not built.
        #[arg(long = "ref", value_name = "NAME=REF")]
        refs: Vec<crate::class_refs::LearnerRef>,
        /// What the branches are graded against (their manifests, checks and protected
        /// files are this revision's).
        #[arg(long, value_name = "REF", default_value = "HEAD", requires = "refs")]
        base: String,
        /// Where to write class.html, class.md and class.csv (default
        /// target/cargo-kata/class).
        #[arg(long, value_name = "DIR")]
        output: Option<std::path::PathBuf>,
    },
    /// Run a kata's workload under a sampling profiler: prints the hottest functions and
    /// writes a flame graph (SVG) and the table; says where.
    Profile {
        /// Kata id; defaults to the kata whose folder you are in.
        kata: Option<String>,
        /// Profile the reference solution instead of your code.
        #[arg(long, conflicts_with = "shipped")]
        solution: bool,
        /// Profile the kata as shipped (from REF, default origin/HEAD, origin/main or HEAD).
        #[arg(long, value_name = "REF", num_args = 0..=1, default_missing_value = "")]
        shipped: Option<String>,
    },
    /// Put a kata back as shipped. Your copy is saved in .kata/backups/ first; nothing is
    /// lost.
    Reset {
        /// Kata id (required: reset never guesses).
        kata: String,
        /// The revision to restore from (default: origin/HEAD, origin/main or HEAD).
        #[arg(long, value_name = "REF")]
        from: Option<String>,
    },
    /// Check that every kata is live: it fails as shipped where its manifest says, and
    /// its reference solution passes every check.
    Verify {
        /// Kata ids; all katas when none are given.
        katas: Vec<String>,
        /// Only this shard of the katas (I/N, e.g. 2/3): N jobs with 1/N … N/N together
        /// verify every kata exactly once.
        #[arg(long, value_name = "I/N")]
        shard: Option<crate::shard::Shard>,
        /// After each kata, print where its time went: the slowest phases (building a
        /// variant, a check's runs, a mutant's rebuild).
        #[arg(long)]
        timings: bool,
        /// Verify this many katas at once (their checks hold with the other cores busy).
        #[arg(long, short = 'j', default_value_t = 1)]
        jobs: usize,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also write the report in another format to a file (repeatable).
        #[arg(long, value_name = "FORMAT=PATH", value_parser = Format::parse_output)]
        output: Vec<(Format, std::path::PathBuf)>,
    },
    /// Maintainers: run each kata's tests (as shipped and solved) many times at several
    /// thread counts and report any test whose outcome is not the same every time.
    Stress {
        /// Kata ids; all katas when none are given.
        katas: Vec<String>,
        /// Runs at each thread count.
        #[arg(long, default_value_t = 20)]
        repeat: u32,
        /// libtest thread counts, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 8])]
        threads: Vec<u32>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Maintainers: record the digests of a kata's protected files in protected.sha256.
    Seal {
        /// Kata ids; all katas when none are given.
        katas: Vec<String>,
    },
    /// The project's own test run: `cargo test` (harness and reference solutions), then
    /// `verify` of every kata. This is the command CI runs.
    Selftest,
    /// Internal: set resource limits on this process, then become PROGRAM (how the
    /// grader starts a test binary under the kata's limits).
    #[command(hide = true)]
    ExecLimited {
        #[arg(long)]
        memory_mib: Option<u64>,
        #[arg(long)]
        file_mib: Option<u64>,
        #[arg(long)]
        processes: Option<u64>,
        /// The program and its arguments.
        #[arg(last = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
}

impl Command {
    /// The output format the command was asked for, when it takes one.
    pub fn format(&self) -> Option<Format> {
        match self {
            Command::List { format }
            | Command::Grade { format, .. }
            | Command::Changed { format, .. }
            | Command::Gate { format, .. }
            | Command::Review { format, .. }
            | Command::Diff { format, .. }
            | Command::Verify { format, .. }
            | Command::Stress { format, .. } => Some(*format),
            Command::Watch { .. }
            | Command::Hint { .. }
            | Command::Profile { .. }
            | Command::Report { .. }
            | Command::Class { .. }
            | Command::Reset { .. }
            | Command::Seal { .. }
            | Command::ExecLimited { .. }
            | Command::Selftest => None,
        }
    }
}
