//! The grader's integration tests: one binary (ripgrep's layout) with a module per area.
//!
//! - `robustness`: every way a learner's code can break, each on a fixture kata made for it.
//! - `commands`: list, hint, verify, usage errors and the JSON schema.
//! - `rehearsal`: the pull-request workflow, rehearsed on a throwaway git repo.
//! - `gate`: the workflow's gate against each way a pull request could grade itself.
//! - `tidy`: the project's own rules about katas, as tests.
//! - `trust`: forged output, swapped binaries, limits and the sandbox.
//! - `browser`: the HTML report rendered in headless Chromium.
//! - `mutants`: the mutants and refactors checks grade a learner's tests by what they catch.

mod browser;
mod class_refs;
mod commands;
mod fixture;
mod gate;
mod mutants;
mod rehearsal;
mod robustness;
mod tidy;
mod trust;
