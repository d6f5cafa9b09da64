//! The sign-up form's back end: it checks a new user's handle and server port with the
//! parsers in `subject/` (re-exported here) and registers the account.

use std::collections::BTreeSet;
use std::fmt;

pub use error_paths_subject::*;

/// A registered user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub handle: Handle,
    pub port: u16,
}

/// Why a sign-up was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUpError {
    /// The handle is not a valid handle: the parser's own error.
    Handle(HandleError),
    /// The port is not a valid port: the parser's own error.
    Port(PortError),
    /// Someone already has this handle.
    Taken,
}

impl From<HandleError> for SignUpError {
    fn from(e: HandleError) -> Self {
        SignUpError::Handle(e)
    }
}

impl From<PortError> for SignUpError {
    fn from(e: PortError) -> Self {
        SignUpError::Port(e)
    }
}

impl fmt::Display for SignUpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignUpError::Handle(_) => write!(f, "invalid handle"),
            SignUpError::Port(_) => write!(f, "invalid port"),
            SignUpError::Taken => write!(f, "this handle is taken"),
        }
    }
}

impl std::error::Error for SignUpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SignUpError::Handle(e) => Some(e),
            SignUpError::Port(e) => Some(e),
            SignUpError::Taken => None,
        }
    }
}

/// The handles registered so far.
#[derive(Debug, Default)]
pub struct Registry {
    taken: BTreeSet<String>,
}

impl Registry {
    pub fn new() -> Self {
        Registry::default()
    }

    /// Register `handle` with its server's `port`, both as typed into the form. The handle
    /// is checked first, then the port, then whether the handle is free. The browser's
    /// own checks are a convenience; this is where input is trusted or not.
    pub fn sign_up(&mut self, handle: &str, port: &str) -> Result<Account, SignUpError> {
        let handle = parse_handle(handle)?;
        let port = parse_port(port)?;
        if !self.taken.insert(handle.as_str().to_owned()) {
            return Err(SignUpError::Taken);
        }
        Ok(Account { handle, port })
    }
}
