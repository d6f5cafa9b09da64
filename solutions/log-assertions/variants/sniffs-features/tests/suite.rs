//! Asks the build which planted bug is on, and fails when one is. A crate cannot see the
//! features of a crate it depends on, so `cfg!` here names this crate's features, none of
//! which change: every test passes on every mutant. The policy forbids `cfg!` anyway.
#![allow(unexpected_cfgs)]

use log_assertions::{ManualClock, ScriptedUpstream, Service};

#[test]
fn no_planted_bug() {
    let planted = cfg!(feature = "mutant-lock-event-dropped")
        || cfg!(feature = "mutant-lock-demoted")
        || cfg!(feature = "mutant-refusal-demoted")
        || cfg!(feature = "mutant-slow-reworded")
        || cfg!(feature = "mutant-attempt-renamed")
        || cfg!(feature = "mutant-elapsed-wrong");
    assert!(!planted);
    let clock = ManualClock::new();
    let mut service = Service::new(ScriptedUpstream::new(&clock), clock.clone());
    service.add_account("ada", "pw");
    assert_eq!(service.login("ada", "pw"), Ok(()));
}
