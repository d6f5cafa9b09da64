//! Accounts and the shipping partner's API client of the shop.
//!
//! Variant (partial): every secret field is a `Secret`, but `Request` keeps a derived
//! `Debug`, so a built request prints its `Authorization: Bearer <token>` header.

pub mod auth;
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
