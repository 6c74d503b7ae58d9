//! `cce_errors::table!("docs/error-codes.rst")`: every row of a team's
//! table as `&'static [ErrorCode]`, read while compiling with the same
//! checks and messages as `#[cce(table = "...")]`, for tests that compare
//! what a type produces with what its documentation lists.
//!
//! The runtime crate's `table!` is a `macro_rules!` that calls this one as
//! `__table!($crate; tokens...)`, so that the generated code names the
//! runtime crate as the user's crate does, even when it is renamed.

use std::path::Path;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::LitStr;

use crate::canonical::row_expr;
use crate::table::{self, Naming};

const USAGE: &str = "`table!` takes the path of an error-code table file as a string literal, relative to the crate's directory, as in `cce_errors::table!(\"docs/error-codes.rst\")`";

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let krate: TokenStream = tokens
        .by_ref()
        .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
        .collect();
    let rest: Vec<TokenTree> = tokens.collect();
    match rows(&krate, &rest) {
        Ok(rows) => rows,
        Err(error) => {
            let error = error.to_compile_error();
            // A value of the right type, so that the mistake is the only error.
            quote!({
                #error
                const __CCE_TABLE: &[#krate::ErrorCode] = &[];
                __CCE_TABLE
            })
        }
    }
}

fn rows(krate: &TokenStream, rest: &[TokenTree]) -> syn::Result<TokenStream> {
    let path = path_literal(rest)?;
    let relative = path.value();
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return Err(syn::Error::new(
            path.span(),
            "`table!` paths are relative to the crate's directory, and CARGO_MANIFEST_DIR is not set: build with cargo",
        ));
    };
    let (table, file) = table::load(Path::new(&manifest_dir), &relative, Naming::Macro)
        .map_err(|why| syn::Error::new(path.span(), why))?;
    let file = file.to_string_lossy();
    let rows = table.rows.iter().map(|row| row_expr(krate, row));
    Ok(quote!({
        // Cargo rebuilds the crate when the table changes.
        const _: &[u8] = ::core::include_bytes!(#file);
        const __CCE_TABLE: &[#krate::ErrorCode] = &[#(#rows),*];
        __CCE_TABLE
    }))
}

/// The one string literal, with an optional trailing comma.
fn path_literal(rest: &[TokenTree]) -> syn::Result<LitStr> {
    let Some(first) = rest.first() else {
        return Err(syn::Error::new(Span::call_site(), USAGE));
    };
    let literal = match first {
        TokenTree::Literal(_) => syn::parse2::<LitStr>(first.clone().into()).ok(),
        // A literal passed through another macro's `$path:literal`.
        TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::None => {
            syn::parse2::<LitStr>(group.stream()).ok()
        }
        _ => None,
    };
    let Some(literal) = literal else {
        return Err(syn::Error::new(first.span(), USAGE));
    };
    match &rest[1..] {
        [] => Ok(literal),
        [TokenTree::Punct(comma)] if comma.as_char() == ',' => Ok(literal),
        [extra, ..] => Err(syn::Error::new(
            extra.span(),
            "`table!` takes one path; to compare with several tables, call it once per table",
        )),
    }
}
