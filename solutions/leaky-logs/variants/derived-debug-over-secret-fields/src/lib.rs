//! Accounts and the shipping partner's API client of the shop.
//!
//! Variant (valid): every type keeps `#[derive(Debug)]`; each secret field, and every
//! header value of a request, is held in `Secret`, so each derived `Debug` redacts it.

pub mod auth;
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
