//! `cargo kata`: grades katas, gives hints, and verifies that every kata is live.
//!
//! The binary (`main.rs`) only parses arguments and picks a reporter; everything else is
//! here so tests can call it. The flow of a grade:
//!
//! 1. [`workspace`] finds the repo and the kata, [`manifest`] loads its `kata.toml`;
//! 2. [`build`] compiles its test binaries with cargo's JSON messages;
//! 3. [`runner`] runs those binaries under a hard time limit and [`libtest`] reads what
//!    they report;
//! 4. [`checks`] turns runs into verdicts, [`grade`] orders the work and emits [`events`];
//! 5. a [`report`] consumer renders the events (terminal, JSON), and [`progress`] keeps
//!    the learner's hints and last grades in a git-ignored file.

pub mod build;
pub mod changes;
pub mod checks;
pub mod class;
pub mod class_refs;
pub mod cli;
pub mod commands;
pub mod error;
pub mod events;
pub mod gate;
pub mod git;
pub mod glob;
pub mod grade;
pub mod integrity;
pub mod launch;
pub mod leftovers;
pub mod libtest;
pub mod limits;
pub mod manifest;
pub mod mutants;
pub mod policy;
pub mod profile;
pub mod progress;
pub mod promises;
pub mod report;
pub mod reset;
pub mod review;
pub mod runner;
pub mod sandbox;
pub mod series;
pub mod shard;
pub mod shipped_cache;
pub mod stress;
pub mod suggest;
pub mod tamper;
pub mod timings;
pub mod ui;
pub mod variants;
pub mod verify;
pub mod watch;
pub mod workspace;

pub use error::Error;
