//! Bounds on generic field types, inferred once from how the fields are
//! used (as thiserror's `generics.rs` does): a placeholder needs its `fmt`
//! trait, a source `Error + 'static`, a `retry_after` field `RetryAfter`,
//! a transparent field `CceError`. Each impl takes the kinds it uses.
//! Fields whose types name no type parameter need no bound: a missing
//! impl is then reported at the field.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::Generics;
use syn::spanned::Spanned;

use crate::model::{DetailText, Model, Ref};
use crate::template::Role;

pub(crate) struct Bounds {
    /// The `fmt` traits of the fields the details format.
    pub(crate) detail: Vec<TokenStream>,
    pub(crate) source: Vec<TokenStream>,
    pub(crate) retry_after: Vec<TokenStream>,
    pub(crate) transparent: Vec<TokenStream>,
}

impl Bounds {
    pub(crate) fn infer(model: &Model<'_>, krate: &TokenStream, private: &TokenStream) -> Self {
        let mut bounds = Bounds {
            detail: Vec::new(),
            source: Vec::new(),
            retry_after: Vec::new(),
            transparent: Vec::new(),
        };
        let params: Vec<&Ident> = model.generics.type_params().map(|p| &p.ident).collect();
        if params.is_empty() {
            return bounds;
        }
        let mut seen = BTreeSet::new();
        let mut push = |kind: &mut Vec<TokenStream>, ty: &syn::Type, bound: TokenStream| {
            if mentions(ty.to_token_stream(), &params) {
                let predicate = quote_spanned!(ty.span()=> #ty: #bound);
                if seen.insert(predicate.to_string()) {
                    kind.push(predicate);
                }
            }
        };
        for v in &model.variants {
            if let Some((field, _)) = v.transparent() {
                push(&mut bounds.transparent, field.ty, quote!(#krate::CceError));
                continue;
            }
            if let Some(source) = &v.source {
                push(
                    &mut bounds.source,
                    source.ty,
                    quote!(#private::Error + 'static),
                );
            }
            let Some(own) = v.own() else {
                continue;
            };
            if let Some(field) = own.retry_after {
                push(
                    &mut bounds.retry_after,
                    v.fields[field].ty,
                    quote!(#krate::RetryAfter),
                );
            }
            if let Some(DetailText::Formatted(formatted)) = own.detail.as_ref().map(|d| &d.text) {
                for (reference, role) in formatted.template.references() {
                    // Arguments are the user's expressions: their types
                    // are the user's to bound.
                    let (Ref::Field(field), Role::Value(fmt)) = (reference, role) else {
                        continue;
                    };
                    let name = format_ident!("{}", fmt.name());
                    push(
                        &mut bounds.detail,
                        v.fields[*field].ty,
                        quote!(#private::fmt::#name),
                    );
                }
            }
        }
        bounds
    }
}

fn mentions(tokens: TokenStream, params: &[&Ident]) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(ident) => params.iter().any(|p| ident == **p),
        TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

/// The type's own where-clause plus `extra` predicates, each followed by
/// a comma, whether or not the user's last one had one.
pub(crate) fn where_clause<'b>(
    generics: &Generics,
    extra: impl IntoIterator<Item = &'b TokenStream>,
) -> TokenStream {
    let existing = generics
        .where_clause
        .iter()
        .flat_map(|w| w.predicates.iter().map(ToTokens::to_token_stream));
    let all: Vec<TokenStream> = existing.chain(extra.into_iter().cloned()).collect();
    if all.is_empty() {
        TokenStream::new()
    } else {
        quote!(where #(#all,)*)
    }
}
