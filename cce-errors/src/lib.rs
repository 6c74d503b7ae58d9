#![doc = include_str!("../README.md")]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
mod body;
mod code;
mod error;
mod table;

pub use body::ErrorBody;
pub use code::ErrorCode;
pub use error::CceError;

/// Derives [`CceError`](trait@CceError), `serde::Serialize`, `Display`,
/// `std::error::Error` and `From` for `#[from]` fields; see the crate docs
/// for the attributes.
pub use cce_errors_derive::CceError;

pub(crate) use __private as private;
