//! `cargo kata`: a thin shell over the `kata_grader` library.

use clap::Parser;
use kata_grader::cli::{Cli, Command};
use kata_grader::error::exit;
use kata_grader::limits;

fn main() {
    // Installed as a cargo subcommand, cargo passes "kata" as the first argument; run
    // through the workspace alias, it does not.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "kata") {
        args.remove(1);
    }
    let cli = Cli::parse_from(args);
    if let Command::ExecLimited {
        memory_mib,
        file_mib,
        processes,
        command,
    } = &cli.command
    {
        let requested = limits::Requested {
            memory_mib: *memory_mib,
            file_mib: *file_mib,
            processes: *processes,
        };
        // Returns only when the program could not be started.
        let problem = limits::exec_limited(requested, &command[0], &command[1..]);
        eprintln!("cargo kata exec-limited: {problem}");
        std::process::exit(exit::USAGE);
    }

    // Errors can quote a learner's kata.toml: they are escaped for the output format.
    let format = cli.command.format();
    if let Err(error) = kata_grader::sandbox::choose(cli.sandbox) {
        anstream::eprint!("{}", error.render(format));
        std::process::exit(exit::USAGE);
    }
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
