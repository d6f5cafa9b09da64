//! `cargo kata`: a thin shell over the `kata_grader` library.

use clap::Parser;
use kata_grader::cli::Cli;
use kata_grader::error::exit;

fn main() {
    // Installed as a cargo subcommand, cargo passes "kata" as the first argument; run
    // through the workspace alias, it does not.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "kata") {
        args.remove(1);
    }
    let cli = Cli::parse_from(args);
    // Errors can quote a learner's kata.toml: they are escaped for the output format.
    let format = cli.command.format();
    let code = match std::env::current_dir() {
        Ok(cwd) => kata_grader::commands::run(cli.command, &cwd).unwrap_or_else(|error| {
            anstream::eprint!("{}", error.render(format));
            exit::USAGE
        }),
        Err(error) => {
            eprintln!("error: cannot read the current folder: {error}");
            exit::USAGE
        }
    };
    std::process::exit(code);
}
