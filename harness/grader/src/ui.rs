//! Terminal presentation: colours that turn off when output is piped (anstream strips
//! them; `NO_COLOR` is honoured), and a spinner on stderr for anything slow, shown only
//! when stderr is a terminal.

use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Styles used across reports.
pub mod style {
    use super::*;
    pub const PASS: Style = AnsiColor::Green.on_default().bold();
    pub const FAIL: Style = AnsiColor::Red.on_default().bold();
    pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
    pub const DIM: Style = Style::new().dimmed();
    pub const BOLD: Style = Style::new().bold();
    pub const HINT: Style = AnsiColor::Cyan.on_default();
}

/// `text` wrapped in `style`'s escape codes (stripped later when not on a terminal).
pub fn paint(text: &str, style: Style) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// A progress line on stderr.
pub struct Spinner {
    bar: ProgressBar,
}

impl Spinner {
    /// A spinner that draws only when stderr is a terminal, saying `first` until told
    /// otherwise (its first frame is drawn at once; without a label it would be a bare
    /// spinner and a clock).
    pub fn new(first: &str) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed:.dim}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        let spinner = Spinner { bar };
        spinner.set(first);
        spinner.bar.enable_steady_tick(Duration::from_millis(120));
        spinner
    }

    /// Change what the spinner says (it can name a kata or a check: it is escaped, see
    /// [`crate::report::escape::terminal_line`]).
    pub fn set(&self, message: &str) {
        self.bar
            .set_message(crate::report::escape::terminal_line(message));
    }

    /// Print a line to stdout without tearing the spinner.
    pub fn println(&self, line: &str) {
        self.bar.suspend(|| anstream::println!("{line}"));
    }

    /// Print a line to stderr without tearing the spinner.
    pub fn eprintln(&self, line: &str) {
        self.bar.suspend(|| anstream::eprintln!("{line}"));
    }

    /// Remove the spinner.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
