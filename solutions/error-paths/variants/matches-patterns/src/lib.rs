//! The sign-up form's back end: it checks a new user's handle and server port with the
//! parsers in `subject/` (re-exported here) and registers the account.

use std::collections::BTreeSet;

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
    /// is checked first, then the port, then whether the handle is free.
    pub fn sign_up(&mut self, handle: &str, port: &str) -> Result<Account, SignUpError> {
        let handle = match parse_handle(handle) {
            Ok(handle) => handle,
            Err(e) => return Err(SignUpError::Handle(e)),
        };
        let port = parse_port(port).map_err(SignUpError::Port)?;
        if !self.taken.insert(handle.as_str().to_owned()) {
            return Err(SignUpError::Taken);
        }
        Ok(Account { handle, port })
    }
}
