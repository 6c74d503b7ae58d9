//! reqwest (0.12): one call that turns an error response into a
//! [`RemoteError`], and passes a success through.
//!
//! ```no_run
//! use cce_errors::reqwest::ResponseExt as _;
//!
//! # async fn run() -> Result<(), cce_errors::reqwest::ClientError> {
//! let response = reqwest::Client::new()
//!     .get("http://127.0.0.1:8080/api/v3/projects/p1/clusters/c-1")
//!     .header("X-Auth-Token", "token")
//!     .send()
//!     .await?
//!     .error_for_cce_status()
//!     .await?;
//! println!("{}", response.text().await?);
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::Future;

use crate::CceError;
use crate::decode::{DecodeError, MAX_BODY, RemoteError, decode};

/// What can go wrong between sending a request and having a successful
/// response.
///
/// `Display` shows the error it holds, and `source()` is that error's own
/// source (as `#[error(transparent)]` does), so that a report printing the
/// chain shows each text once.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The service answered with an error body.
    Remote(RemoteError),
    /// The service answered with an error status whose body is not an error
    /// body (an HTML page from a gateway, an empty body, ...).
    Undecodable(DecodeError),
    /// The request or the response failed on the way.
    Transport(reqwest::Error),
}

impl ClientError {
    /// The decoded error, when the service sent one.
    pub fn remote(&self) -> Option<&RemoteError> {
        match self {
            ClientError::Remote(remote) => Some(remote),
            _ => None,
        }
    }

    /// The typed error of `E` for the received code, when `E` has one.
    pub fn typed<E: CceError>(&self) -> Option<E> {
        self.remote().and_then(RemoteError::typed)
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Remote(remote) => fmt::Display::fmt(remote, f),
            ClientError::Undecodable(error) => fmt::Display::fmt(error, f),
            ClientError::Transport(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Remote(remote) => remote.source(),
            ClientError::Undecodable(error) => error.source(),
            ClientError::Transport(error) => error.source(),
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(error: reqwest::Error) -> Self {
        ClientError::Transport(error)
    }
}

/// A response with a status below 400 as it is; one with an error status
/// as the [`RemoteError`] (or [`DecodeError`]) its body holds. At most
/// [`MAX_BODY`] bytes of an error body are read.
///
/// Fails with [`ClientError::Remote`] for an error response with an error
/// body, [`ClientError::Undecodable`] for one without (an HTML page, an
/// empty body, ...), and [`ClientError::Transport`] when reading the body
/// fails.
pub async fn error_for_status(
    mut response: reqwest::Response,
) -> Result<reqwest::Response, ClientError> {
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = (MAX_BODY + 1).saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() > MAX_BODY {
            break;
        }
    }
    Err(match decode(status, &headers, &body) {
        Ok(remote) => ClientError::Remote(remote),
        Err(error) => ClientError::Undecodable(error),
    })
}

/// [`error_for_status`] as a method of `reqwest::Response`.
pub trait ResponseExt: Sized {
    /// See [`error_for_status`].
    fn error_for_cce_status(
        self,
    ) -> impl Future<Output = Result<reqwest::Response, ClientError>> + Send;
}

impl ResponseExt for reqwest::Response {
    fn error_for_cce_status(
        self,
    ) -> impl Future<Output = Result<reqwest::Response, ClientError>> + Send {
        error_for_status(self)
    }
}
