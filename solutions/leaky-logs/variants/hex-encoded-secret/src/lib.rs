//! Accounts and the shipping partner's API client of the shop.
//!
//! Variant (cheat): the reference's types, but `Secret`'s `Debug` prints the value's bytes
//! in hex instead of `[redacted]`: no secret appears as text, and anyone can decode it.

pub mod auth;
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
