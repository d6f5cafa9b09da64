//! The nightly sales report.
//!
//! Every night the shop exports the day's orders as CSV. The report job parses them,
//! enriches each order with its customer's region and loyalty tier from the CRM's
//! customer directory, and totals the revenue per region and tier for the sales team's
//! morning meeting. It used to finish in seconds. The business grew, and it now runs
//! past the meeting.
//!
//! Each stage is kept out of line (`#[inline(never)]`) so that a profile names it: without
//! that, the optimiser folds small functions into their callers, and a profile charges
//! their time to whoever called them.

mod customers;
mod orders;
mod report;

pub use customers::{Customer, CustomerDirectory, Region, Tier};
pub use orders::{Order, ParseError, parse_orders};
pub use report::{Line, Report, Totals, enrich, nightly_report, summarise};
