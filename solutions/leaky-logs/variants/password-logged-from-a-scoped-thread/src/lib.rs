//! Accounts and the shipping partner's API client of the shop.
//!
//! Variant (cheat): the reference's redacting types, but `login` logs the password and the
//! session token as plain fields at DEBUG, from a `std::thread::scope` helper thread.

pub mod auth;
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
