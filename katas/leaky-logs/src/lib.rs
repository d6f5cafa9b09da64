//! Accounts and the shipping partner's API client of the shop.
//!
//! Both log generously, at every level from TRACE to ERROR, so that support can follow a
//! sign-in or an API call in the logs. The logs are shipped to a log platform that the
//! whole engineering team, two vendors and the on-call phone can read.

pub mod auth;
pub mod client;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
