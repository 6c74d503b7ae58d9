//! Declare a cloud service's API errors once, as a Rust enum, and get the
//! rest right by construction: each variant names a code from an error-code
//! table (the Cloud Container Engine's, shipped with the crate, or a team's
//! own), and `#[derive(CceError)]` checks every code against that table
//! **while compiling**. The HTTP status and message come from the table
//! row, so code and documentation cannot drift apart.
//!
//! ```
//! use cce_errors::{CceError, ErrorBody};
//!
//! #[derive(Debug, CceError)]
//! pub enum ClusterError {
//!     #[cce(code = "CCE.01404001")]
//!     NotFound,
//!     #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} is not in VPC {vpc_id}")]
//!     SubnetNotInVpc { subnet_id: String, vpc_id: String },
//!     #[cce(code = "CCE.01500001")]
//!     Storage(#[from] std::io::Error),
//! }
//!
//! let error = ClusterError::SubnetNotInVpc { subnet_id: "subnet-7f3a".into(), vpc_id: "vpc-01".into() };
//! assert_eq!(error.status(), http::StatusCode::BAD_REQUEST);
//! assert_eq!(
//!     serde_json::to_value(&error)?,
//!     serde_json::json!({
//!         "errorCode": "CCE.01400002",
//!         "errorMessage": "Subnet not found in the VPC.",
//!         "message": "subnet subnet-7f3a is not in VPC vpc-01",
//!     }),
//! );
//!
//! // A source's text stays internal: the body is the table's.
//! let storage = ClusterError::from(std::io::Error::other("disk /var/lib/etcd is full"));
//! assert_eq!(serde_json::to_string(&storage)?,
//!            r#"{"errorCode":"CCE.01500001","errorMessage":"Internal error."}"#);
//!
//! // A client gets the typed error back from a body it received.
//! let body = ErrorBody::from_slice(br#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#)?;
//! assert!(matches!(ClusterError::from_body(&body), Some(ClusterError::NotFound)));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # What is where
//!
//! - [`CceError`] (the trait) and [`derive@CceError`] (the derive and its
//!   attributes); [`ErrorCode`], a table row; [`ErrorBody`], the JSON body
//!   `{"errorCode": ..., "errorMessage": ..., "message": ...}`.
//! - [`response`]: an error's HTTP response, independent of any framework,
//!   the body for statuses no handler chose, and the settings the service
//!   integrations share.
//! - [`axum`] (feature `axum`): `IntoResponse` for derived types and
//!   `CceLayer`, which makes every error leaving a router a CCE response.
//!   [`actix`] (feature `actix-web`): `ResponseError` and `CceMiddleware`.
//! - [`contract`]: a lock file of the codes a type sends, checked in its
//!   tests, breaking changes apart from additive ones; and coverage of a
//!   documented table ([`table!`]).
//! - [`decode`]: the client side, any error response (the documented body,
//!   a gateway's, an HTML page, an empty body) as a [`decode::RemoteError`]
//!   or a [`decode::DecodeError`]; [`reqwest`] (feature `reqwest`) does it
//!   for a `reqwest::Response`.
//! - [`openapi`] (feature `utoipa`): the errors in an OpenAPI document.
//! - `cce_errors::tonic` (feature `tonic`): the same errors over gRPC, as
//!   `tonic::Status` with the standard error details (`ErrorInfo`,
//!   `RetryInfo`, `LocalizedMessage`), `CceGrpcLayer` for tonic servers,
//!   and a received status decoded as a `RemoteError`.
//! - [`page`]: an "Error Codes" page of a table or of a type's variants,
//!   as text, JSON, CSV, Markdown, reStructuredText or HTML.
//! - `tracing` (feature): error responses logged in a span carrying the
//!   request id and the OpenTelemetry HTTP fields (`error.type` = the
//!   code), internal text (sources, panics) only there.
//! - [`metrics`] (feature `metrics`): responses timed and error responses
//!   counted by code, status and route template, through the `metrics`
//!   facade.
//!
//! The features are independent; with none, nothing framework-related is
//! compiled. The README has the attribute reference, the guarantees of the
//! service-wide layer and the client compatibility table.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
#[cfg(feature = "actix-web")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix-web")))]
pub mod actix;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
mod body;
mod code;
pub mod contract;
pub mod decode;
mod error;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod middleware;
#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub mod openapi;
pub mod page;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
pub mod response;
mod table;
#[cfg(feature = "tonic")]
#[cfg_attr(docsrs, doc(cfg(feature = "tonic")))]
pub mod tonic;
// Only the framework integrations log.
#[cfg(all(
    feature = "tracing",
    any(feature = "axum", feature = "actix-web", feature = "tonic")
))]
mod trace;

pub use body::ErrorBody;
pub use code::ErrorCode;
pub use error::{CceError, RetryAfter, VariantDoc};

/// Derives [`CceError`](trait@CceError), `serde::Serialize`, `Display`,
/// `std::error::Error` and `From` for `#[from]` fields; see the README's
/// attribute reference.
pub use cce_errors_derive::CceError;

pub(crate) use __private as private;

/// Every row of a team's error-code table, read while compiling, as
/// `&'static [ErrorCode]` in the file's order: for tests that compare what
/// a type produces with what its documentation lists
/// ([`contract::check_coverage`]).
///
/// The file is read as `#[cce(table = "...")]` reads it: the path is
/// relative to the crate's directory (`CARGO_MANIFEST_DIR`), a `.csv` file
/// is CSV and anything else a page with a grid table, cargo rebuilds when
/// it changes, and a file that cannot be read or has a mistake is a
/// compile error at the path. (The CCE table's rows are
/// [`ErrorCode::all()`].)
///
/// ```rust,ignore
/// let documented: &'static [cce_errors::ErrorCode] = cce_errors::table!("docs/error-codes.rst");
/// cce_errors::contract::check_coverage::<ApiError>(documented, &[]);
/// ```
#[macro_export]
macro_rules! table {
    ($($path:tt)*) => {
        $crate::__private::table_rows! { $crate; $($path)* }
    };
}

// The README's examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
