//! The derive macro of [cce-errors](https://docs.rs/cce-errors). Use it
//! through `cce_errors::CceError`; this crate's items are not meant to be
//! named directly.
//!
//! One stage per file: `attr` and `ast` read the input, `fmt` and
//! `template` a detail's format string and arguments, `valid` checks it all
//! and returns the resolved `model`, which `expand` turns into code with
//! the bounds of `generics` and the JSON of `json`; `fallback` is what is
//! emitted beside errors; `table` and `manifest` read files (tables
//! through `cce-errors-table`), `canonical` gives the runtime crate the
//! shipped table, and `rows` expands `cce_errors::table!`.

#![warn(missing_docs)]

mod ast;
mod attr;
mod canonical;
mod ctxt;
mod expand;
mod fallback;
mod fmt;
mod generics;
mod json;
mod manifest;
mod model;
mod rows;
mod table;
mod template;
mod text;
mod valid;

#[cfg(test)]
mod never_panics;

use proc_macro::TokenStream;

/// Derives `cce_errors::CceError`, `serde::Serialize`, `Display`,
/// `std::error::Error` and `From` for `#[from]` fields. See the
/// `cce-errors` crate for the attributes.
#[proc_macro_derive(CceError, attributes(cce, source, from))]
pub fn derive_cce_error(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}

/// The canonical table's rows for the runtime crate, so that the macro and
/// the runtime read the one shipped documentation page.
#[doc(hidden)]
#[proc_macro]
pub fn __canonical_table(_input: TokenStream) -> TokenStream {
    canonical::expand().into()
}

/// `cce_errors::table!`'s work: the rows of a team's table file. Called by
/// that `macro_rules!` as `__table!($crate; "path")`.
#[doc(hidden)]
#[proc_macro]
pub fn __table(input: TokenStream) -> TokenStream {
    rows::expand(input.into()).into()
}
