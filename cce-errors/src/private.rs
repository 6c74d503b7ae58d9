//! What generated code needs, under one path (`::cce_errors::__private`),
//! so that it compiles whatever names the user's crate has in scope.

pub use core::convert::From;
pub use core::error::Error;
pub use core::ops::FnMut;
pub use core::option::Option;
pub use core::primitive::str;
pub use core::result::Result;
pub use core::{fmt, format_args, unreachable};
pub use serde_core as serde;
pub use std::borrow::Cow;
pub use std::time::Duration;
pub use std::vec::Vec;

pub use crate::table::CANONICAL;
/// `cce_errors::table!`'s expansion.
pub use cce_errors_derive::__table as table_rows;

use crate::{CceError, ErrorCode, VariantDoc};

/// How a derived type's response body is written, computed by the derive;
/// see [`crate::response::body_of`].
#[derive(Debug, Clone, Copy)]
pub enum Wire {
    /// The whole body (documented keys), and the fixed detail if any.
    Fixed {
        body: &'static str,
        detail: Option<&'static str>,
    },
    /// The body up to the detail (`..."message":`), and how many bytes the
    /// whole body likely needs.
    Detail {
        prefix: &'static str,
        capacity: usize,
    },
}

/// What one variant (not a transparent one) of a derived type sends,
/// computed by the derive; a type keeps them in a static table.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    pub doc: VariantDoc,
    pub wire: Wire,
}

// Constructors, so that each variant's entry in a derived type's table is a
// short call: a type with thousands of variants expands to less code.
impl Meta {
    /// A variant with neither a detail nor `Retry-After`: `body` is whole.
    pub const fn plain(
        error_code: &'static ErrorCode,
        name: &'static str,
        body: &'static str,
    ) -> Self {
        Self::fixed(error_code, name, None, false, body, None)
    }

    /// A variant whose body is whole: `detail` is its fixed detail, if any.
    pub const fn fixed(
        error_code: &'static ErrorCode,
        name: &'static str,
        template: Option<&'static str>,
        retry_after: bool,
        body: &'static str,
        detail: Option<&'static str>,
    ) -> Self {
        Self {
            doc: VariantDoc {
                error_code,
                detail: template,
                retry_after,
                name,
                placeholders: &[],
            },
            wire: Wire::Fixed { body, detail },
        }
    }

    /// A variant whose detail is formatted from its fields (`placeholders`
    /// names them): `prefix` is its body up to the detail.
    pub const fn formatted(
        error_code: &'static ErrorCode,
        name: &'static str,
        template: &'static str,
        placeholders: &'static [&'static str],
        retry_after: bool,
        prefix: &'static str,
        capacity: usize,
    ) -> Self {
        Self {
            doc: VariantDoc {
                error_code,
                detail: Some(template),
                retry_after,
                name,
                placeholders,
            },
            wire: Wire::Detail { prefix, capacity },
        }
    }

    pub fn doc(&self) -> VariantDoc {
        self.doc
    }

    pub fn has_detail(&self) -> bool {
        !matches!(self.wire, Wire::Fixed { detail: None, .. })
    }

    /// Writes the detail: a fixed one from the table, one with
    /// placeholders through `formatted` (the derive's `__cce_detail`).
    pub fn write_detail(
        &self,
        f: &mut fmt::Formatter<'_>,
        formatted: impl FnOnce(&mut fmt::Formatter<'_>) -> fmt::Result,
    ) -> fmt::Result {
        match self.wire {
            Wire::Fixed {
                detail: Some(detail),
                ..
            } => f.write_str(detail),
            Wire::Fixed { detail: None, .. } => Ok(()),
            Wire::Detail { .. } => formatted(f),
        }
    }

    /// `Resource not found. [CCE.01404001]`, then `: <detail>` when there is one.
    pub fn display(
        &self,
        f: &mut fmt::Formatter<'_>,
        formatted: impl FnOnce(&mut fmt::Formatter<'_>) -> fmt::Result,
    ) -> fmt::Result {
        let row = self.doc.error_code;
        write_display(f, row.code(), row.message(), None::<&str>)?;
        if self.has_detail() {
            f.write_str(": ")?;
            self.write_detail(f, formatted)?;
        }
        Ok(())
    }
}

/// The docs of a run of variants, for `variant_docs`.
pub fn extend_docs(docs: &mut Vec<VariantDoc>, metas: &[Meta]) {
    docs.extend(metas.iter().map(Meta::doc));
}

/// The detail of a derived error's own variant: borrowed when it is fixed.
pub fn detail_of<'a, E: CceError + ?Sized>(error: &'a E, meta: &Meta) -> Option<Cow<'a, str>> {
    match meta.wire {
        Wire::Fixed { detail, .. } => detail.map(Cow::Borrowed),
        Wire::Detail { .. } => {
            // A field's `Display` may fail; what was written stands, rather
            // than a panic (`format!` panics on a formatting error).
            let mut text = String::new();
            let _ = fmt::Write::write_fmt(&mut text, format_args!("{}", DetailOf(error)));
            // A detail that came out as the message word for word is not
            // sent: a client that shows the message and the detail
            // together (the Java SDK's CCE handler) would show it twice. A
            // fixed one is refused while compiling.
            (text != error.message()).then_some(Cow::Owned(text))
        }
    }
}

/// `Resource not found. [CCE.01404001]`, then `: <detail>` when there is one.
pub(crate) fn write_display(
    f: &mut fmt::Formatter<'_>,
    code: &str,
    message: &str,
    detail: Option<impl fmt::Display>,
) -> fmt::Result {
    write!(f, "{message} [{code}]")?;
    match detail {
        Some(detail) => write!(f, ": {detail}"),
        None => Ok(()),
    }
}

/// `Serialize` of a derived error: its body; a detail equal to the message
/// is left out, as [`detail_of`] leaves it out.
pub fn serialize<E, S>(error: &E, serializer: S) -> Result<S::Ok, S::Error>
where
    E: CceError + ?Sized,
    S: serde_core::Serializer,
{
    match error.__cce_wire() {
        Some(Wire::Fixed { detail, .. }) => {
            crate::body::serialize_parts(serializer, error.code(), error.message(), detail)
        }
        // Formatted once, so that a detail equal to the message is left out
        // as `detail_of` leaves it out (arguments are evaluated once).
        Some(Wire::Detail { .. }) => crate::body::serialize_parts(
            serializer,
            error.code(),
            error.message(),
            error.detail().as_deref(),
        ),
        None => serde_core::Serialize::serialize(&error.to_body(), serializer),
    }
}

/// The detail of an error: `Display` writes it as it is formatted, and
/// `Serialize` makes it a JSON string the same way.
pub(crate) struct DetailOf<'a, E: ?Sized>(pub(crate) &'a E);

impl<E: CceError + ?Sized> fmt::Display for DetailOf<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.__cce_write_detail(f)
    }
}

impl<E: CceError + ?Sized> serde_core::Serialize for DetailOf<'_, E> {
    fn serialize<S: serde_core::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What a derived type reaches of the type of a `transparent` field: one
/// constant per such field, so that a field type that is no `CceError` is
/// one error, not one per use.
pub struct Inner<T> {
    pub from_body: fn(&crate::ErrorBody<'_>) -> Option<T>,
    pub variant_docs: fn() -> Vec<VariantDoc>,
    pub as_dyn: for<'a> fn(&'a T) -> &'a dyn CceError,
}

/// A field, for the method calls below that pick what to do by its type
/// (autoref specialization: the method found first, on `&&Wrap`, `&Wrap`
/// or `Wrap`, wins).
pub struct Wrap<'a, T: ?Sized>(pub &'a T);

// By hand: a derive would ask `T: Copy`.
impl<T: ?Sized> Clone for Wrap<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Wrap<'_, T> {}

/// A source field that is an error: itself.
pub trait SourceIsError<'a> {
    fn __cce_source(self) -> &'a (dyn Error + 'static);
}

impl<'a, T: Error + 'static> SourceIsError<'a> for &&Wrap<'a, T> {
    #[inline]
    fn __cce_source(self) -> &'a (dyn Error + 'static) {
        self.0
    }
}

/// A source field that points to an error (`Box<dyn Error + Send + Sync>`,
/// `anyhow::Error`), which is no `Error` itself: the error it points to.
pub trait SourceDerefsToError<'a> {
    fn __cce_source(self) -> &'a (dyn Error + 'static);
}

impl<'a, T> SourceDerefsToError<'a> for &Wrap<'a, T>
where
    T: ?Sized + core::ops::Deref,
    T::Target: AsDynError<'static>,
{
    #[inline]
    fn __cce_source(self) -> &'a (dyn Error + 'static) {
        (**self.0).as_dyn_error()
    }
}

/// Any other field: itself, which the generated code's `&dyn Error`
/// rejects with the compiler's own "`Error` is not implemented" at the
/// field's type.
pub trait SourceIsNotError<'a, T: ?Sized> {
    fn __cce_source(self) -> &'a T;
}

impl<'a, T: ?Sized> SourceIsNotError<'a, T> for Wrap<'a, T> {
    #[inline]
    fn __cce_source(self) -> &'a T {
        self.0
    }
}

/// A `Path` or `PathBuf` in a `{field}` placeholder: shown as `.display()`
/// shows it.
pub trait DisplayPath<'a> {
    fn __cce_display(self) -> std::path::Display<'a>;
}

macro_rules! display_path {
    ($($ty:ty),*) => {$(
        impl<'a> DisplayPath<'a> for &Wrap<'a, $ty> {
            #[inline]
            fn __cce_display(self) -> std::path::Display<'a> {
                self.0.display()
            }
        }
    )*};
}

display_path!(
    std::path::Path,
    std::path::PathBuf,
    &std::path::Path,
    &std::path::PathBuf,
    Box<std::path::Path>,
    Cow<'_, std::path::Path>,
    std::rc::Rc<std::path::Path>,
    std::sync::Arc<std::path::Path>
);

/// Any other field in a `{field}` placeholder: itself.
pub trait DisplayAny<'a, T: ?Sized> {
    fn __cce_display(self) -> &'a T;
}

impl<'a, T: ?Sized> DisplayAny<'a, T> for Wrap<'a, T> {
    #[inline]
    fn __cce_display(self) -> &'a T {
        self.0
    }
}

/// `&dyn Error` from a source field, whether it holds a concrete error or a
/// `Box<dyn Error + ...>` (which does not implement `Error` itself).
pub trait AsDynError<'a>: Sealed {
    fn as_dyn_error(&self) -> &(dyn Error + 'a);
}

impl<'a, T: Error + 'a> AsDynError<'a> for T {
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + 'a {
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + Send + 'a {
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + Send + Sync + 'a {
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + Sync + 'a {
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

pub trait Sealed {}
impl<T: Error> Sealed for T {}
impl Sealed for dyn Error + '_ {}
impl Sealed for dyn Error + Send + '_ {}
impl Sealed for dyn Error + Send + Sync + '_ {}
impl Sealed for dyn Error + Sync + '_ {}

#[cfg(feature = "axum")]
pub use axum_core;

#[cfg(feature = "actix-web")]
pub use actix_web;

#[cfg(feature = "utoipa")]
pub use utoipa;

#[cfg(feature = "tonic")]
pub use ::tonic;

/// The framework impls of a derived type: `IntoResponse` with the `axum`
/// feature, `ResponseError` with `actix-web`. The derive calls it; which
/// impls it expands to is decided by this crate's features, so the derive
/// itself has none.
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_framework_impls {
    ([$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        $crate::__cce_axum_impl! { [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__cce_actix_impl! { [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__cce_utoipa_impl! { [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__cce_tonic_impl! { [$($generics)*] [$($ty)*] [$($where)*] }
    };
}

#[cfg(feature = "tonic")]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_tonic_impl {
    ([$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* ::core::convert::From<$($ty)*> for $crate::__private::tonic::Status $($where)* {
            fn from(error: $($ty)*) -> Self {
                $crate::tonic::into_status(&error)
            }
        }
    };
}

#[cfg(not(feature = "tonic"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_tonic_impl {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_utoipa_impl {
    ([$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $($ty)* $($where)* {
            fn responses() -> ::std::collections::BTreeMap<
                ::std::string::String,
                $crate::__private::utoipa::openapi::RefOr<$crate::__private::utoipa::openapi::response::Response>,
            > {
                $crate::openapi::responses::<Self>()
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_utoipa_impl {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_axum_impl {
    ([$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::axum_core::response::IntoResponse for $($ty)* $($where)* {
            fn into_response(self) -> $crate::__private::axum_core::response::Response {
                $crate::axum::into_response(&self)
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_axum_impl {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_actix_impl {
    ([$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $($ty)* $($where)* {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::actix::status_code(self)
            }

            fn error_response(
                &self,
            ) -> $crate::__private::actix_web::HttpResponse<$crate::__private::actix_web::body::BoxBody> {
                $crate::actix::error_response(self)
            }
        }
    };
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __cce_actix_impl {
    ($($tokens:tt)*) => {};
}

pub use crate::__cce_framework_impls as framework_impls;
