//! Accounts and the shipping partner's API client of the shop: the reference solution's
//! code with a `Secret` whose `Debug` masks only the middle of the value.

#[path = "../../../src/auth.rs"]
pub mod auth;
#[path = "../../../src/client.rs"]
pub mod client;
pub mod secret;

pub use auth::{AuthError, AuthService, LoginRequest, NewUser, Session, User};
pub use client::{ApiClient, ClientError, PARTNER_API, Request};
pub use secret::Secret;
