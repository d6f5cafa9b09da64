//! The shop's checkout: the pricing engine (`subject/`) and the shop's discount rule
//! (`rules/`), under this kata's name.
pub use over_mocked_rules::*;
pub use over_mocked_subject::*;
