//! The `CceError` trait.

use std::borrow::Cow;

use http::StatusCode;

use crate::{ErrorBody, ErrorCode};

/// An API error with a code from an error-code table.
///
/// Derive it with [`#[derive(CceError)]`](derive@crate::CceError); the
/// derive checks each code against the table while compiling. The status
/// and message always come from the code's table row: they are canonical.
///
/// ```
/// use cce_errors::CceError;
///
/// #[derive(Debug, CceError)]
/// #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} not found")]
/// struct ClusterNotFound {
///     cluster_id: String,
/// }
///
/// let error = ClusterNotFound { cluster_id: "c-1".into() };
/// assert_eq!(error.status(), http::StatusCode::NOT_FOUND);
/// assert_eq!(error.message(), "Resource not found.");
/// assert_eq!(error.detail().as_deref(), Some("cluster c-1 not found"));
/// ```
pub trait CceError: std::error::Error {
    /// The table row of this error's code.
    fn error_code(&self) -> &'static ErrorCode;

    /// The error code, such as `CCE.01404001`.
    fn code(&self) -> &'static str {
        self.error_code().code()
    }

    /// The HTTP status of the response.
    fn status(&self) -> StatusCode {
        self.error_code().status()
    }

    /// The table's message for the code, sent as `errorMessage`.
    fn message(&self) -> &'static str {
        self.error_code().message()
    }

    /// What went wrong in this instance (the rendered `detail` template),
    /// sent as `message`. Never the text of a source error.
    fn detail(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// The response body.
    fn to_body(&self) -> ErrorBody<'_> {
        ErrorBody {
            code: Cow::Borrowed(self.code()),
            message: Cow::Borrowed(self.message()),
            detail: self.detail(),
        }
    }

    /// The typed error back from a received body: a variant without fields
    /// whose code is the body's (the first one declared, when several share
    /// it), or what a `transparent` variant's inner type decodes.
    fn from_body(body: &ErrorBody<'_>) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = body;
        None
    }
}
