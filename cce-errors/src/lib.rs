#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
mod body;
mod code;
pub mod decode;
mod error;
#[cfg(feature = "utoipa")]
pub mod openapi;
#[cfg(feature = "reqwest")]
pub mod reqwest;
pub mod response;
// Only the framework integrations log.
mod table;
#[cfg(all(feature = "tracing", any(feature = "axum", feature = "actix-web")))]
mod trace;

pub use body::ErrorBody;
pub use code::ErrorCode;
pub use error::{CceError, RetryAfter, VariantDoc};

/// Derives [`CceError`](trait@CceError), `serde::Serialize`, `Display`,
/// `std::error::Error` and `From` for `#[from]` fields; see the crate docs
/// for the attributes.
pub use cce_errors_derive::CceError;

pub(crate) use __private as private;
