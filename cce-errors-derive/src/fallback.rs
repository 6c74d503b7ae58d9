//! What the derive emits when the input has mistakes: the errors, plus the
//! impls the type would have had, with bodies that are never run. Without
//! them every use of the type would add an error about a missing impl, and
//! the user's one mistake would drown among them (thiserror does the same).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn expand(
    node: &DeriveInput,
    krate: &TokenStream,
    external_std_impls: bool,
    error: &syn::Error,
) -> TokenStream {
    let errors = error.to_compile_error();
    let path = krate;
    let krate = &quote!(__cce_crate);
    let private = quote!(#krate::__private);
    let ty = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    let predicates = where_clause.map(|w| &w.predicates);
    let std_impls = (!external_std_impls).then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::fmt::Display for #ty #ty_generics #where_clause {
                fn fmt(&self, _: &mut #private::fmt::Formatter<'_>) -> #private::fmt::Result {
                    #private::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics #private::Error for #ty #ty_generics
            where
                #predicates
                Self: #private::fmt::Debug,
            {
            }
        }
    });
    let impls = quote! {

        #[automatically_derived]
        impl #impl_generics #krate::CceError for #ty #ty_generics
        where
            #predicates
            Self: #private::Error,
        {
            fn error_code(&self) -> &'static #krate::ErrorCode {
                #private::unreachable!()
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::serde::Serialize for #ty #ty_generics #where_clause {
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
            [#impl_generics] [#ty #ty_generics] [where #predicates Self: #krate::CceError,]
        }

        #std_impls
    };
    let items = crate::expand::in_scope_of_crate(path, &impls);
    quote!(#errors #items)
}
