//! What the derive emits when the input has mistakes: the errors, plus the
//! impls the type would have had, with bodies that are never run. Without
//! them every use of the type would add an error about a missing impl, and
//! the user's one mistake would drown among them (thiserror does the same).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::DeriveInput;

use crate::ast::Input;
use crate::attr::Key;
use crate::generics::where_clause;
use crate::manifest;

/// What the fallback needs to know of the input, taken before `valid`
/// consumes it: how to name the runtime crate, and which std impls other
/// derives provide.
pub(crate) struct Shell {
    krate: TokenStream,
    display: bool,
    error: bool,
}

impl Shell {
    pub(crate) fn of(input: &Input<'_>) -> Self {
        let attrs = &input.attrs;
        let krate = match (&attrs.krate, manifest::renamed_dependency()) {
            (Some(setting), _) => setting.value.path.to_token_stream(),
            // The error says to add `crate`; the fallback names the crate
            // as it is named, so that it is the only error.
            (None, Some(renamed)) if !attrs.wrote(Key::Crate) => {
                let ident = syn::Ident::new(&renamed, proc_macro2::Span::call_site());
                quote!(::#ident)
            }
            (None, _) => quote!(::cce_errors),
        };
        // With `#[error(...)]` somewhere, thiserror writes `Display` and
        // `Error`, whatever else is wrong.
        let thiserror = attrs.wrote(Key::Thiserror)
            || attrs.error_attr.is_some()
            || input.variants.iter().any(|v| v.attrs.error_attr.is_some());
        let skips = attrs.skip.as_ref().map(|s| &s.value);
        Shell {
            krate,
            display: !thiserror && skips.is_none_or(|s| s.display.is_none()),
            error: !thiserror && skips.is_none_or(|s| s.error.is_none()),
        }
    }
}

pub(crate) fn expand(node: &DeriveInput, shell: &Shell, error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    let krate = &quote!(__cce_crate);
    let private = quote!(#krate::__private);
    let ty = &node.ident;
    let (impl_generics, ty_generics, _) = node.generics.split_for_impl();
    let plain = where_clause(&node.generics, []);
    let debug = quote!(Self: #private::fmt::Debug);
    let error_bound = quote!(Self: #private::Error);
    // The type, not `Self`: `framework_impls!` also writes
    // `impl From<Type> for tonic::Status`.
    let cce_bound = quote!(#ty #ty_generics: #krate::CceError);
    let display = shell.display.then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::fmt::Display for #ty #ty_generics #plain {
                fn fmt(&self, _: &mut #private::fmt::Formatter<'_>) -> #private::fmt::Result {
                    #private::unreachable!()
                }
            }
        }
    });
    let error_impl = shell.error.then(|| {
        let bounds = where_clause(&node.generics, [&debug]);
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::Error for #ty #ty_generics #bounds {}
        }
    });
    let cce_where = where_clause(&node.generics, [&error_bound]);
    let framework_where = where_clause(&node.generics, [&cce_bound]);
    let impls = quote! {
        #[automatically_derived]
        impl #impl_generics #krate::CceError for #ty #ty_generics #cce_where {
            fn error_code(&self) -> &'static #krate::ErrorCode {
                #private::unreachable!()
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::serde::Serialize for #ty #ty_generics #plain {
            fn serialize<__S>(&self, _: __S) -> #private::Result<__S::Ok, __S::Error>
            where
                __S: #private::serde::Serializer,
            {
                #private::unreachable!()
            }
        }

        // A handler returning the type needs these too, or each use adds
        // an error about a missing impl.
        #private::framework_impls! {
            [#impl_generics] [#ty #ty_generics] [#framework_where]
        }

        #display
        #error_impl
    };
    let items = crate::expand::in_scope_of_crate(&shell.krate, &impls);
    quote!(#errors #items)
}
