//! Tries to fail on mutants by asking the build which one it is.
use assert_nothing::*;

#[test]
#[allow(unexpected_cfgs)]
fn fails_on_any_mutant() {
    let planted = cfg!(feature = "mutant-cents-rounded-up")
        || cfg!(feature = "mutant-silver-boundary")
        || cfg!(feature = "mutant-expiry-off-by-one");
    assert!(!planted, "a planted bug is built");
    assert!(tier_for(0) == Tier::Bronze);
}
