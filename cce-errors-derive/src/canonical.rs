//! `__canonical_table!()` in the runtime crate: the shipped table's rows as
//! a static, and an index by code, so that the macro and the runtime read
//! the one documentation page.

use proc_macro2::TokenStream;
use quote::quote;

use crate::table::{self, Row};

/// A row as a constant expression of type `ErrorCode`, the runtime crate
/// named by `krate`.
pub(crate) fn row_expr(krate: &TokenStream, row: &Row) -> TokenStream {
    let (code, status, message, description, troubleshooting, retryable) = (
        &row.code,
        row.status,
        &row.message,
        &row.description,
        &row.troubleshooting,
        row.retryable,
    );
    quote!(#krate::ErrorCode::__new(#code, #status, #message, #description, #troubleshooting, #retryable))
}

pub(crate) fn expand() -> TokenStream {
    let table = match table::canonical() {
        Ok(table) => table,
        Err(why) => return quote!(::core::compile_error! { #why }),
    };
    let count = table.rows.len();
    let krate = quote!(crate);
    let rows = table.rows.iter().map(|row| row_expr(&krate, row));
    // Every canonical code is `CCE.` and 8 digits (the table loader checks
    // it), so the digits as a number identify the code: a match on a `u32`,
    // which the compiler turns into a few comparisons.
    let arms = table.rows.iter().enumerate().map(|(i, r)| {
        let key: u32 = r.code[4..].parse().unwrap_or(u32::MAX);
        quote!(#key => ::core::option::Option::Some(#i))
    });
    quote! {
        /// The rows of the CCE error-code page, in the page's order.
        pub static CANONICAL: [crate::ErrorCode; #count] = [#(#rows),*];

        /// The index in `CANONICAL` of `code`.
        pub(crate) fn canonical_index(code: &str) -> ::core::option::Option<usize> {
            let digits = code.strip_prefix("CCE.")?;
            if digits.len() != 8 {
                return ::core::option::Option::None;
            }
            let mut key: u32 = 0;
            for byte in digits.bytes() {
                let digit = byte.wrapping_sub(b'0');
                if digit > 9 {
                    return ::core::option::Option::None;
                }
                key = key * 10 + u32::from(digit);
            }
            match key {
                #(#arms,)*
                _ => ::core::option::Option::None,
            }
        }
    }
}
