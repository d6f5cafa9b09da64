//! Accounts and the shipping partner's API client of the shop.
//!
//! Both log generously, at every level from TRACE to ERROR, so that support can follow a
//! sign-in or an API call in the logs. The logs are shipped to a log platform that the
//! whole engineering team, two vendors and the on-call phone can read.
//!
//! Reference solution: redaction lives in the types. Passwords, tokens and email
//! addresses are held in a [`Secret`], whose `Debug` never prints the value; `User` and
//! `Request` have hand-written `Debug` impls that show what support needs (ids, usernames,
//! URLs) and hide the rest. Every `?value` in the logs stays as it was. See NOTES.md.

#[path = "../../../src/auth.rs"]
pub mod auth;
#[path = "../../../src/client.rs"]
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
