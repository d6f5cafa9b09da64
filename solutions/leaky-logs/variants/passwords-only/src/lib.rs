//! Accounts and the shipping partner's API client of the shop.
//!
//! Variant (partial): passwords are held in `Secret`, but email addresses, session tokens
//! and the API token are still plain strings behind derived `Debug`s.

pub mod auth;
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
