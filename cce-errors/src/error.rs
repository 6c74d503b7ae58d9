//! The `CceError` trait.

use std::borrow::Cow;
use std::time::Duration;

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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `CceError`",
    label = "this type does not implement `CceError`",
    note = "derive it with `#[derive(CceError)]`. A `transparent` variant takes its code from its field, so the field must be such a type; to wrap another error, give the variant a code of its own instead, as in `#[cce(code = \"CCE.01500001\")] Other(#[from] anyhow::Error)`"
)]
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

    /// How long a client should wait before retrying, sent as
    /// `Retry-After` (whole seconds, rounded up): the
    /// `#[cce(retry_after)]` field of a 429 or 503 error.
    fn retry_after(&self) -> Option<Duration> {
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

    /// What each variant sends, in declaration order, with the variants of
    /// `transparent` fields' types in their place: for documentation (an
    /// error glossary, the responses of an API description) and for tests
    /// that a type covers what its docs promise.
    fn variant_docs() -> Vec<VariantDoc>
    where
        Self: Sized,
    {
        Vec::new()
    }

    /// The table rows this type can produce, without duplicates, in the
    /// order of [`variant_docs`](CceError::variant_docs).
    ///
    /// ```
    /// use cce_errors::CceError;
    ///
    /// #[derive(Debug, CceError)]
    /// enum ClusterError {
    ///     #[cce(code = "CCE.01404001")]
    ///     NotFound,
    ///     #[cce(code = "CCE.01400001", detail = "missing name")]
    ///     MissingName,
    ///     #[cce(code = "CCE.01400001", detail = "bad flavor")]
    ///     BadFlavor,
    /// }
    ///
    /// let codes: Vec<&str> = ClusterError::error_codes().iter().map(|c| c.code()).collect();
    /// assert_eq!(codes, ["CCE.01404001", "CCE.01400001"]);
    /// ```
    fn error_codes() -> Vec<&'static ErrorCode>
    where
        Self: Sized,
    {
        let mut codes: Vec<&'static ErrorCode> = Vec::new();
        for doc in Self::variant_docs() {
            if !codes.contains(&doc.error_code) {
                codes.push(doc.error_code);
            }
        }
        codes
    }

    /// How the derive precomputed this error's body; `None` for a hand
    /// implementation, whose body is serialized from [`to_body`](CceError::to_body).
    #[doc(hidden)]
    fn __cce_wire(&self) -> Option<crate::private::Wire> {
        None
    }

    /// `self` as a trait object, for a `transparent` variant holding `Self`.
    #[doc(hidden)]
    fn __cce_as_dyn(&self) -> &dyn CceError
    where
        Self: Sized,
    {
        self
    }

    /// Writes the detail, without allocating it first.
    #[doc(hidden)]
    fn __cce_write_detail(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.detail() {
            Some(detail) => f.write_str(&detail),
            None => Ok(()),
        }
    }

    /// The domain this error's codes belong to, as the gRPC wire sends it
    /// in `ErrorInfo.domain`: the type's `#[cce(domain = "...")]` (a
    /// transparent variant of a type without one: its inner error's), or
    /// `None` when the type declares none; the `tonic` integration then
    /// sends its default domain, `cce-errors`.
    ///
    /// ```
    /// use cce_errors::CceError;
    ///
    /// #[derive(Debug, CceError)]
    /// #[cce(domain = "cce.example.com")]
    /// enum ClusterError {
    ///     #[cce(code = "CCE.01404001")]
    ///     NotFound,
    /// }
    ///
    /// assert_eq!(ClusterError::NotFound.domain(), Some("cce.example.com"));
    /// ```
    fn domain(&self) -> Option<&'static str> {
        None
    }

    /// Calls `out` with each field the detail template shows through a
    /// placeholder: its name (`0` for a tuple field) and its value, as the
    /// placeholder's formatting trait shows it. Never a source.
    #[doc(hidden)]
    fn __cce_metadata(&self, out: &mut dyn FnMut(&'static str, std::fmt::Arguments<'_>)) {
        let _ = out;
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

/// What one variant of a derived type sends.
///
/// More fields may be added; a hand-written
/// [`variant_docs`](CceError::variant_docs) builds one with
/// [`VariantDoc::new`] and the `with_*` methods.
///
/// ```
/// use cce_errors::CceError;
///
/// #[derive(Debug, CceError)]
/// enum ClusterError {
///     #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
///     SubnetNotInVpc { subnet_id: String, vpc_id: String },
/// }
///
/// let doc = ClusterError::variant_docs()[0];
/// assert_eq!(doc.name, "ClusterError::SubnetNotInVpc");
/// assert_eq!(doc.error_code.code(), "CCE.01400002");
/// assert_eq!(doc.detail, Some("subnet {subnet_id} is not in VPC {vpc_id}"));
/// assert_eq!(doc.placeholders, ["subnet_id", "vpc_id"]);
/// assert!(!doc.retry_after);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct VariantDoc {
    /// The table row of the variant's code.
    pub error_code: &'static ErrorCode,
    /// The variant's `detail` template as written, `{field}` placeholders
    /// and all; `None` when the variant has no detail.
    pub detail: Option<&'static str>,
    /// Whether the variant has a `#[cce(retry_after)]` field, so that its
    /// response carries `Retry-After`.
    pub retry_after: bool,
    /// The variant as `Type::Variant` (`Type` for a struct), without the
    /// module path; a `transparent` field's type's variants have that
    /// type's name.
    pub name: &'static str,
    /// The fields whose values the detail shows, by name (`0` for a tuple
    /// field), in declaration order: those its `{field}` placeholders name
    /// and those its `detail(...)` arguments read. Empty for a fixed detail
    /// or none.
    pub placeholders: &'static [&'static str],
}

impl VariantDoc {
    /// A variant named `name` (`Type::Variant`) with the row `error_code`,
    /// no detail and no `Retry-After`.
    pub const fn new(name: &'static str, error_code: &'static ErrorCode) -> Self {
        VariantDoc {
            error_code,
            detail: None,
            retry_after: false,
            name,
            placeholders: &[],
        }
    }

    /// The same with a `detail` template, and the fields its values come
    /// from.
    #[must_use]
    pub const fn with_detail(
        mut self,
        template: &'static str,
        placeholders: &'static [&'static str],
    ) -> Self {
        self.detail = Some(template);
        self.placeholders = placeholders;
        self
    }

    /// The same, sending `Retry-After`.
    #[must_use]
    pub const fn with_retry_after(mut self) -> Self {
        self.retry_after = true;
        self
    }
}

/// A value that can be a `#[cce(retry_after)]` field: whole seconds as an
/// unsigned integer, a `Duration`, or an `Option` of either.
#[diagnostic::on_unimplemented(
    message = "`#[cce(retry_after)]` takes whole seconds (an unsigned integer) or a `std::time::Duration`, not `{Self}`",
    label = "not a retry delay"
)]
pub trait RetryAfter {
    /// The delay, if there is one.
    fn retry_after(&self) -> Option<Duration>;
}

macro_rules! retry_after_seconds {
    ($($int:ty),*) => {$(
        impl RetryAfter for $int {
            fn retry_after(&self) -> Option<Duration> {
                Some(Duration::from_secs(u64::from(*self)))
            }
        }
    )*};
}
retry_after_seconds!(u8, u16, u32, u64);

impl RetryAfter for usize {
    fn retry_after(&self) -> Option<Duration> {
        Some(Duration::from_secs(
            u64::try_from(*self).unwrap_or(u64::MAX),
        ))
    }
}

impl RetryAfter for Duration {
    fn retry_after(&self) -> Option<Duration> {
        Some(*self)
    }
}

impl<T: RetryAfter> RetryAfter for Option<T> {
    fn retry_after(&self) -> Option<Duration> {
        self.as_ref().and_then(RetryAfter::retry_after)
    }
}

impl<T: RetryAfter + ?Sized> RetryAfter for &T {
    fn retry_after(&self) -> Option<Duration> {
        (**self).retry_after()
    }
}
