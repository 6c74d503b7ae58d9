//! The rows of the CCE error-code table.

use http::StatusCode;

/// One row of an error-code table: a code with its HTTP status and the
/// documented texts.
///
/// Rows are `'static`: the CCE table's come from the documentation page
/// shipped with this crate, read while compiling.
///
/// ```
/// use cce_errors::ErrorCode;
///
/// let row = ErrorCode::lookup("CCE.01401001").unwrap();
/// assert_eq!(row.status(), http::StatusCode::UNAUTHORIZED);
/// assert_eq!(row.message(), "Authorization failed.");
/// assert_eq!(ErrorCode::all().len(), 43);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ErrorCode {
    code: &'static str,
    status: StatusCode,
    message: &'static str,
    description: &'static str,
    troubleshooting: &'static str,
    retryable: bool,
}

impl ErrorCode {
    /// The error code, such as `CCE.01400001`.
    pub const fn code(&self) -> &'static str {
        self.code
    }

    /// The HTTP status a response with this code has.
    pub const fn status(&self) -> StatusCode {
        self.status
    }

    /// The error message, sent as `errorMessage`.
    pub const fn message(&self) -> &'static str {
        self.message
    }

    /// The table's description of the error.
    pub const fn description(&self) -> &'static str {
        self.description
    }

    /// What the table advises a caller to do.
    pub const fn troubleshooting(&self) -> &'static str {
        self.troubleshooting
    }

    /// Whether the table marks the code retryable (its `Retryable` column
    /// says `yes` or `true`): a client may send the same request again,
    /// after the response's `Retry-After` if it has one. `false` for every
    /// row of the CCE table, which has no such column, and for the rows of
    /// a team's table without one.
    ///
    /// ```
    /// assert!(!cce_errors::ErrorCode::lookup("CCE.01429002").unwrap().retryable());
    /// ```
    pub const fn retryable(&self) -> bool {
        self.retryable
    }

    /// The CCE table's row for `code`, matched exactly.
    pub fn lookup(code: &str) -> Option<&'static ErrorCode> {
        crate::table::canonical_index(code).map(|i| &crate::table::CANONICAL[i])
    }

    /// Every row of the CCE table, in the documentation page's order.
    pub fn all() -> &'static [ErrorCode] {
        &crate::table::CANONICAL
    }

    /// A row, for generated tables. A status outside 100-999 stops the
    /// build (the value is computed while compiling).
    #[doc(hidden)]
    pub const fn __new(
        code: &'static str,
        status: u16,
        message: &'static str,
        description: &'static str,
        troubleshooting: &'static str,
        retryable: bool,
    ) -> Self {
        let Ok(status) = StatusCode::from_u16(status) else {
            panic!("an error-code table row has an invalid HTTP status");
        };
        ErrorCode {
            code,
            status,
            message,
            description,
            troubleshooting,
            retryable,
        }
    }
}
