//! Accounts and the shipping partner's API client of the shop.
//!
//! Variant (valid): no wrapper type: `NewUser`, `User`, `LoginRequest`, `Session`,
//! `ApiClient` and `Request` each have a hand-written `Debug` that prints only safe fields
//! (secrets as `***`, a request's header names without their values); the log calls are
//! unchanged.

pub mod auth;
pub mod client;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
