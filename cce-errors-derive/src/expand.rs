//! Code generation. Everything here may assume `valid` found no mistake.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, LitStr, Type};

use crate::ast::{Field, Input, Resolved, Variant};
use crate::ctxt::Ctxt;
use crate::template::{Arg, Template};
use crate::{fallback, table, valid};

/// `#[derive(CceError)]`: the impls, or the errors plus a fallback impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let Some(mut input) = Input::from_syn(&cx, node) else {
        // A union can never be a `CceError`: the error alone, no impls.
        return cx
            .check()
            .err()
            .map(|e| e.to_compile_error())
            .unwrap_or_default();
    };
    valid::check(&cx, &mut input);
    match cx.check() {
        Ok(()) => expand(&input),
        Err(error) => {
            let external = input.external_std_impls()
                || input.attrs.error_attr.is_some()
                || input.variants.iter().any(|v| v.attrs.error_attr.is_some());
            fallback::expand(node, &input.krate(), external, &error)
        }
    }
}

fn expand(input: &Input<'_>) -> TokenStream {
    // Generated code names the runtime crate once, in a `use` (see
    // `in_scope_of_crate`), and then through the alias.
    let krate = quote!(__cce_crate);
    // One token for the runtime's private module, named often.
    let private = quote!(__cce_private);
    let bounds = inferred_bounds(input, &krate, &private);
    let Some(resolved) = &input.table else {
        // `valid` sets the table whenever it finds no mistake.
        return quote!(::core::compile_error! { "cce-errors-derive: no table was resolved" });
    };
    // A team's table has no rows in the runtime crate: the rows this type
    // uses become a static of its own, in declaration order.
    let mut used_rows: Vec<usize> = Vec::new();
    if resolved.custom.is_some() {
        for row in input.variants.iter().filter_map(|v| v.row) {
            if !used_rows.contains(&row) {
                used_rows.push(row);
            }
        }
    }
    let generator = Generator {
        input,
        krate,
        private,
        bounds,
        resolved,
        used_rows,
    };
    let cce = generator.cce_impl();
    let meta = generator.meta_static();
    let dispatch = generator.dispatch_impl();
    let detail = quote!(#meta #dispatch);
    let serialize = generator.serialize_impl();
    let frameworks = generator.framework_impls();
    let impls = if input.external_std_impls() {
        quote!(#cce #detail #serialize #frameworks)
    } else {
        let display = generator.display_impl();
        let error = generator.error_impl();
        let from = generator.impls_of_from();
        quote!(#cce #detail #serialize #frameworks #display #error #from)
    };
    let table_rows = resolved.custom.as_ref().map(|custom| {
        let krate = &generator.krate;
        let path = custom.absolute.to_string_lossy();
        let count = generator.used_rows.len();
        let rows = generator.used_rows.iter().map(|&i| {
            let r = &resolved.table.rows[i];
            let (code, status, message, description, troubleshooting) =
                (&r.code, r.status, &r.message, &r.description, &r.troubleshooting);
            quote!(#krate::ErrorCode::__new(#code, #status, #message, #description, #troubleshooting))
        });
        quote! {
            // Cargo rebuilds the crate when the table changes.
            const _: &[u8] = ::core::include_bytes!(#path);
            static __CCE_ROWS: [#krate::ErrorCode; #count] = [#(#rows),*];
        }
    });
    in_scope_of_crate(
        &input.krate(),
        &quote!(use __cce_crate::__private as __cce_private; #table_rows #impls),
    )
}

/// The generated items in a block that names the runtime crate once: a
/// `#[cce(crate = "...")]` path that names nothing is one error, not one
/// per use, and the items the block holds stay private to it.
pub(crate) fn in_scope_of_crate(path: &TokenStream, items: &TokenStream) -> TokenStream {
    // Spanned at the path, so that an unresolved path is reported there.
    let span = path
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span());
    let import = quote_spanned!(span=> use #path as __cce_crate;);
    quote! {
        const _: () = {
            #import
            #items
        };
    }
}

struct Generator<'i, 'a> {
    input: &'i Input<'a>,
    krate: TokenStream,
    private: TokenStream,
    /// Inferred bounds on generic field types, shared by every impl but
    /// `From` (see `inferred_bounds`).
    bounds: Vec<TokenStream>,
    resolved: &'i Resolved,
    /// For a team's table: the table rows in `__CCE_ROWS`, in its order.
    used_rows: Vec<usize>,
}

impl Generator<'_, '_> {
    /// The `&'static ErrorCode` of a table row.
    fn row_ref(&self, row: usize) -> TokenStream {
        let private = &self.private;
        match self.used_rows.iter().position(|&r| r == row) {
            Some(index) if self.resolved.custom.is_some() => quote!(&__CCE_ROWS[#index]),
            _ => quote!(&#private::CANONICAL[#row]),
        }
    }

    /// `impl<..> #trait_path for Type<..> where ..`
    fn impl_header(&self, trait_path: &TokenStream, extra: Option<TokenStream>) -> TokenStream {
        let ty = self.input.ident;
        let (impl_generics, ty_generics, _) = self.input.generics.split_for_impl();
        let where_clause = where_clause(
            self.input.generics,
            self.bounds.iter().cloned().chain(extra),
        );
        quote! {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl #impl_generics #trait_path for #ty #ty_generics #where_clause
        }
    }

    /// `__CCE_META`: for each variant that is not transparent, in order,
    /// what it sends, computed here while expanding: its row, its body
    /// (whole when the detail is fixed, up to the detail otherwise, escaped
    /// by `serde_json` as the runtime would), its detail
    /// template and whether it sends `Retry-After`. Methods read this table
    /// instead of each matching on every variant, which keeps a large type
    /// quick to compile.
    fn meta_static(&self) -> TokenStream {
        let Generator { input, private, .. } = self;
        let entries: Vec<TokenStream> = input
            .variants
            .iter()
            .filter(|v| transparent_field(input, v).is_none())
            .map(|v| self.meta_of(v))
            .collect();
        let count = entries.len();
        quote! {
            static __CCE_META: [#private::Meta; #count] = [#(#entries),*];
        }
    }

    /// A variant's entry in `__CCE_META`: a call of one of `Meta`'s
    /// constructors, the shortest that says what it sends.
    fn meta_of(&self, v: &Variant<'_>) -> TokenStream {
        let private = &self.private;
        let row = &self.resolved.table.rows[v.row.unwrap_or_default()];
        let error_code = self.row_ref(v.row.unwrap_or_default());
        let template = self
            .input
            .settings(v)
            .detail
            .as_ref()
            .map(|detail| detail.value.value());
        let retry_after = v.retry_after_field().is_some();
        let fixed = match &v.template {
            None => Some(None),
            Some(template) => template.fixed_text().map(Some),
        };
        let option = |text: Option<&str>| {
            text.map_or_else(
                || quote!(#private::Option::None),
                |text| quote!(#private::Option::Some(#text)),
            )
        };
        match (fixed, template) {
            (Some(detail), template) => {
                let mut body = body_start(row);
                if let Some(detail) = &detail {
                    body.push_str(",\"message\":");
                    body.push_str(&json_string(detail));
                }
                body.push('}');
                if detail.is_none() && template.is_none() && !retry_after {
                    return quote!(#private::Meta::plain(#error_code, #body));
                }
                let (template, detail) = (option(template.as_deref()), option(detail.as_deref()));
                quote!(#private::Meta::fixed(#error_code, #template, #retry_after, #body, #detail))
            }
            (None, template) => {
                let template = template.unwrap_or_default();
                let prefix = body_start(row) + ",\"message\":";
                // Room for the detail: its template, and some per value.
                let capacity = prefix.len() + template.len() + 64;
                quote!(#private::Meta::formatted(#error_code, #template, #retry_after, #prefix, #capacity))
            }
        }
    }

    /// The inherent methods every other impl goes through: which entry of
    /// `__CCE_META` a value is, or the inner error of a transparent variant;
    /// and the one place a detail template is formatted. Their bounds are
    /// those the fields need, so that `Display` uses them without `CceError`.
    fn dispatch_impl(&self) -> TokenStream {
        let Generator {
            input,
            krate,
            private,
            ..
        } = self;
        // Variants that are not transparent are `__CCE_META`'s entries, in order.
        // Each arm is the variant's index, or returns the inner error.
        let own_count = input
            .variants
            .iter()
            .filter(|v| transparent_field(input, v).is_none())
            .count();
        let mut own = 0usize;
        let index = match_arms(input, |v| {
            if let Some(field) = transparent_field(input, v) {
                let b = field.binding();
                let ret = (own_count > 0).then(|| quote!(return));
                return (vec![field], quote!(#ret #private::Result::Err(#b)));
            }
            let index = own;
            own += 1;
            (vec![], quote!(#index))
        });
        let dispatch = if own_count == 0 {
            // Every variant delegates (or there is none): no entry to index.
            index
        } else {
            quote! {
                let __cce_index = #index;
                #private::Result::Ok(&__CCE_META[__cce_index])
            }
        };
        // Only variants whose detail has placeholders format anything.
        let detail_arms: Vec<TokenStream> = input
            .variants
            .iter()
            .filter(|v| transparent_field(input, v).is_none())
            .filter_map(|v| {
                let template = v.template.as_ref()?;
                if template.fixed_text().is_some() {
                    return None;
                }
                let (fields, args) = format_args(private, v, template, detail_span(input, v));
                let path = v.path();
                let members = fields.iter().map(|f| &f.member);
                let bindings = fields.iter().map(|f| f.binding());
                Some(quote! {
                    #path { #(#members: #bindings,)* .. } => __cce_formatter.write_fmt(#args),
                })
            })
            .collect();
        let detail_fallback = (detail_arms.len() < input.variants.len())
            .then(|| quote!(_ => #private::Result::Ok(()),));
        let detail = if input.variants.is_empty() {
            quote!(match *self {})
        } else {
            quote! {
                #[allow(unreachable_patterns)]
                match self {
                    #(#detail_arms)*
                    #detail_fallback
                }
            }
        };
        let ty = input.ident;
        let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
        let where_clause = where_clause(input.generics, self.bounds.iter().cloned());
        quote! {
            #[allow(unused_qualifications)]
            impl #impl_generics #ty #ty_generics #where_clause {
                #[doc(hidden)]
                #[inline]
                fn __cce_dispatch(
                    &self,
                ) -> #private::Result<&'static #private::Meta, &(dyn #krate::CceError + '_)> {
                    #dispatch
                }

                #[doc(hidden)]
                fn __cce_detail(
                    &self,
                    __cce_formatter: &mut #private::fmt::Formatter<'_>,
                ) -> #private::fmt::Result {
                    #detail
                }
            }
        }
    }

    fn cce_impl(&self) -> TokenStream {
        let Generator { krate, private, .. } = self;
        let from_body = self.decode_fn();
        let retry_after = self.retry_after_fn();
        let variant_docs = self.variant_docs_fn();
        let header = self.impl_header(
            &quote!(#krate::CceError),
            Some(quote!(Self: #private::Error)),
        );
        quote! {
            #header {
                fn error_code(&self) -> &'static #krate::ErrorCode {
                    match Self::__cce_dispatch(self) {
                        #private::Result::Ok(__cce_meta) => __cce_meta.doc.error_code,
                        #private::Result::Err(__cce_inner) => __cce_inner.error_code(),
                    }
                }

                fn detail(&self) -> #private::Option<#private::Cow<'_, #private::str>> {
                    match Self::__cce_dispatch(self) {
                        #private::Result::Ok(__cce_meta) => #private::detail_of(self, __cce_meta),
                        #private::Result::Err(__cce_inner) => __cce_inner.detail(),
                    }
                }

                fn __cce_wire(&self) -> #private::Option<#private::Wire> {
                    match Self::__cce_dispatch(self) {
                        #private::Result::Ok(__cce_meta) => #private::Option::Some(__cce_meta.wire),
                        #private::Result::Err(__cce_inner) => __cce_inner.__cce_wire(),
                    }
                }

                fn __cce_write_detail(
                    &self,
                    __cce_formatter: &mut #private::fmt::Formatter<'_>,
                ) -> #private::fmt::Result {
                    match Self::__cce_dispatch(self) {
                        #private::Result::Ok(__cce_meta) => __cce_meta.write_detail(__cce_formatter, |__cce_formatter| {
                            Self::__cce_detail(self, __cce_formatter)
                        }),
                        #private::Result::Err(__cce_inner) => __cce_inner.__cce_write_detail(__cce_formatter),
                    }
                }

                #retry_after

                #variant_docs

                #from_body
            }
        }
    }

    /// `variant_docs()`: each variant's row and detail template, from
    /// `__CCE_META`, with a transparent field's type's own in its place.
    fn variant_docs_fn(&self) -> TokenStream {
        let Generator {
            input,
            krate,
            private,
            ..
        } = self;
        let mut steps = Vec::new();
        let mut run_start = 0usize;
        let mut own = 0usize;
        for v in &input.variants {
            if let Some(field) = transparent_field(input, v) {
                if own > run_start {
                    steps.push(quote! {
                        #private::extend_docs(&mut __cce_docs, &__CCE_META[#run_start..#own]);
                    });
                }
                run_start = own;
                let inner = respanned(field.ty);
                steps.push(quote! {
                    __cce_docs.append(&mut <#inner as #krate::CceError>::variant_docs());
                });
            } else {
                own += 1;
            }
        }
        if own > run_start {
            steps.push(quote! {
                #private::extend_docs(&mut __cce_docs, &__CCE_META[#run_start..#own]);
            });
        }
        let count = input.variants.len();
        quote! {
            fn variant_docs() -> #private::Vec<#krate::VariantDoc> {
                let mut __cce_docs: #private::Vec<#krate::VariantDoc> = #private::Vec::with_capacity(#count);
                #(#steps)*
                __cce_docs
            }
        }
    }

    /// `retry_after()`, when a variant has a `retry_after` field or delegates.
    fn retry_after_fn(&self) -> Option<TokenStream> {
        let Generator {
            input,
            krate,
            private,
            ..
        } = self;
        let needed = input
            .variants
            .iter()
            .any(|v| v.retry_after_field().is_some() || transparent_field(input, v).is_some());
        if !needed {
            return None;
        }
        let arms = match_arms(input, |v| {
            if let Some(field) = transparent_field(input, v) {
                let b = field.binding();
                return (vec![field], quote!(#krate::CceError::retry_after(#b)));
            }
            let Some(field) = v.retry_after_field() else {
                return (vec![], quote!(#private::Option::None));
            };
            let b = field.binding();
            let span = field.ty.span();
            (
                vec![field],
                quote_spanned!(span=> #krate::RetryAfter::retry_after(#b)),
            )
        });
        Some(quote! {
            fn retry_after(&self) -> #private::Option<#private::Duration> {
                #arms
            }
        })
    }

    /// A call of the runtime crate's macro that expands to the impls of
    /// the frameworks its features enable.
    fn framework_impls(&self) -> TokenStream {
        let Generator {
            input,
            krate,
            private,
            bounds,
            ..
        } = self;
        let ty = input.ident;
        let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
        let where_clause = where_clause(
            input.generics,
            bounds
                .iter()
                .cloned()
                .chain([quote!(Self: #krate::CceError)]),
        );
        quote! {
            #private::framework_impls! {
                [#impl_generics] [#ty #ty_generics] [#where_clause]
            }
        }
    }

    fn serialize_impl(&self) -> TokenStream {
        let Generator { krate, private, .. } = self;
        let header = self.impl_header(
            &quote!(#private::serde::Serialize),
            Some(quote!(Self: #krate::CceError)),
        );
        quote! {
            #header {
                fn serialize<__S>(&self, __cce_serializer: __S) -> #private::Result<__S::Ok, __S::Error>
                where
                    __S: #private::serde::Serializer,
                {
                    #private::serialize(self, __cce_serializer)
                }
            }
        }
    }

    fn display_impl(&self) -> TokenStream {
        let private = &self.private;
        let header = self.impl_header(&quote!(#private::fmt::Display), None);
        quote! {
            #header {
                fn fmt(&self, __cce_formatter: &mut #private::fmt::Formatter<'_>) -> #private::fmt::Result {
                    match Self::__cce_dispatch(self) {
                        #private::Result::Ok(__cce_meta) => __cce_meta.display(__cce_formatter, |__cce_formatter| {
                            Self::__cce_detail(self, __cce_formatter)
                        }),
                        #private::Result::Err(__cce_inner) => #private::fmt::Display::fmt(__cce_inner, __cce_formatter),
                    }
                }
            }
        }
    }

    fn error_impl(&self) -> TokenStream {
        let Generator { input, private, .. } = self;
        let has_sources = input
            .variants
            .iter()
            .any(|v| v.source_field().is_some() || transparent_field(input, v).is_some());
        let source = has_sources.then(|| {
            let arms = match_arms(input, |v| {
                if let Some(field) = transparent_field(input, v) {
                    let b = field.binding();
                    return (vec![field], quote!(#private::Error::source(#b)));
                }
                let Some(field) = v.source_field() else {
                    return (vec![], quote!(#private::Option::None));
                };
                let b = field.binding();
                let span = field.ty.span();
                (
                    vec![field],
                    quote_spanned!(span=> #private::Option::Some(#b.as_dyn_error())),
                )
            });
            quote! {
                fn source(&self) -> #private::Option<&(dyn #private::Error + 'static)> {
                    use #private::AsDynError as _;
                    #arms
                }
            }
        });
        let header = self.impl_header(
            &quote!(#private::Error),
            Some(quote!(Self: #private::fmt::Debug + #private::fmt::Display)),
        );
        quote! {
            #header {
                #source
            }
        }
    }

    fn impls_of_from(&self) -> TokenStream {
        let Generator { input, private, .. } = self;
        let ty = input.ident;
        let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
        let impls = input.variants.iter().filter_map(|v| {
            let field = v.field_with_from()?;
            let from_ty = field.ty;
            let path = v.path();
            let member = &field.member;
            let span = field
                .attrs
                .from
                .as_ref()
                .map_or_else(Span::call_site, Spanned::span);
            Some(quote_spanned! {span=>
                #[automatically_derived]
                #[allow(unused_qualifications)]
                impl #impl_generics #private::From<#from_ty> for #ty #ty_generics #where_clause {
                    fn from(__cce_source: #from_ty) -> Self {
                        #path { #member: __cce_source }
                    }
                }
            })
        });
        quote!(#(#impls)*)
    }

    fn decode_fn(&self) -> TokenStream {
        let Generator {
            input,
            krate,
            private,
            ..
        } = self;
        let mut seen = BTreeSet::new();
        let mut steps = Vec::new();
        let mut uses_code = false;
        // Consecutive unit variants are one `match` on the code; a
        // transparent variant between them is tried in its place.
        let mut run: Vec<TokenStream> = Vec::new();
        let flush = |run: &mut Vec<TokenStream>, steps: &mut Vec<TokenStream>| {
            if !run.is_empty() {
                steps.push(quote! {
                    if let #private::Option::Some(__cce_found) = match __cce_code {
                        #(#run)*
                        _ => #private::Option::None,
                    } {
                        return #private::Option::Some(__cce_found);
                    }
                });
                run.clear();
            }
        };
        for v in &input.variants {
            let path = v.path();
            if let Some(field) = transparent_field(input, v) {
                flush(&mut run, &mut steps);
                let inner = respanned(field.ty);
                let member = &field.member;
                steps.push(quote! {
                    if let #private::Option::Some(__cce_inner) = <#inner as #krate::CceError>::from_body(__cce_body) {
                        return #private::Option::Some(#path { #member: __cce_inner });
                    }
                });
            } else if v.fields.is_empty()
                && let Some(row) = v.row
                // Two variants may share a code: the first declared answers.
                && seen.insert(row)
            {
                uses_code = true;
                let code = &self.resolved.table.rows[row].code;
                run.push(quote!(#code => #private::Option::Some(#path {}),));
            }
        }
        flush(&mut run, &mut steps);
        let body = if steps.is_empty() {
            quote!(_)
        } else {
            quote!(__cce_body)
        };
        let code = uses_code.then(|| quote!(let __cce_code: &#private::str = &__cce_body.code;));
        quote! {
            fn from_body(#body: &#krate::ErrorBody<'_>) -> #private::Option<Self> {
                #code
                #(#steps)*
                #private::Option::None
            }
        }
    }
}

fn detail_span(input: &Input<'_>, variant: &Variant<'_>) -> Span {
    input
        .settings(variant)
        .detail
        .as_ref()
        .map_or_else(Span::call_site, |d| d.value.span())
}

/// The field a `transparent` variant delegates to.
fn transparent_field<'v, 'a>(input: &Input<'a>, variant: &'v Variant<'a>) -> Option<&'v Field<'a>> {
    if input.settings(variant).transparent.is_some() {
        variant.fields.first()
    } else {
        None
    }
}

/// A `match self` with one arm per variant; `body` names the fields it uses
/// (they are bound by reference) and gives the arm's expression.
fn match_arms<'v, 'a: 'v>(
    input: &'v Input<'a>,
    mut body: impl FnMut(&'v Variant<'a>) -> (Vec<&'v Field<'a>>, TokenStream),
) -> TokenStream {
    let variants = &input.variants;
    if variants.is_empty() {
        return quote!(match *self {});
    }
    let arms = variants.iter().map(|v| {
        let (fields, expr) = body(v);
        let path = v.path();
        let members = fields.iter().map(|f| &f.member);
        let bindings = fields.iter().map(|f| f.binding());
        quote!(#path { #(#members: #bindings,)* .. } => #expr,)
    });
    quote! {
        match self {
            #(#arms)*
        }
    }
}

/// `format_args!(...)` for a variant's detail, and the fields it binds.
fn format_args<'v, 'a>(
    private: &TokenStream,
    variant: &'v Variant<'a>,
    template: &Template,
    span: Span,
) -> (Vec<&'v Field<'a>>, TokenStream) {
    let field_of = |arg: &Arg| {
        variant.fields.iter().find(|f| match arg {
            Arg::Index(i) => {
                f.name() == i.to_string() && matches!(f.member, syn::Member::Unnamed(_))
            }
            Arg::Name(n) => f.name() == *n && matches!(f.member, syn::Member::Named(_)),
        })
    };
    let mut used: Vec<&'v Field<'a>> = Vec::new();
    let mut args: Vec<TokenStream> = Vec::new();
    let mut named: BTreeSet<String> = BTreeSet::new();
    let format = template.rewrite(|arg, count| {
        let Some(field) = field_of(arg) else {
            return String::new();
        };
        let binding = field.binding();
        let name = if count {
            format_ident!("{}_count", binding)
        } else {
            binding.clone()
        };
        if named.insert(name.to_string()) {
            if !used.iter().any(|f| f.binding() == binding) {
                used.push(field);
            }
            // A count must be a `usize`, not the `&usize` the match binds.
            let value = if count {
                quote!(*#binding)
            } else {
                quote!(#binding)
            };
            args.push(quote!(#name = #value));
        }
        name.to_string()
    });
    let format = LitStr::new(&format, span);
    (used, quote!(#private::format_args!(#format #(, #args)*)))
}

/// `{"errorCode":"..","errorMessage":".."`: a body's start, in the order
/// `ErrorBody` serializes it.
fn body_start(row: &table::Row) -> String {
    let mut text = String::from("{\"errorCode\":");
    text.push_str(&json_string(&row.code));
    text.push_str(",\"errorMessage\":");
    text.push_str(&json_string(&row.message));
    text
}

/// A type's tokens all spanned at the whole type, so that every error
/// about it (a missing `CceError` on a transparent field, say) has the same
/// span and message, and the compiler shows it once.
fn respanned(ty: &Type) -> TokenStream {
    fn respan(tokens: TokenStream, span: Span) -> TokenStream {
        tokens
            .into_iter()
            .map(|mut tree| {
                if let TokenTree::Group(group) = &tree {
                    let mut inner =
                        proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                    inner.set_span(span);
                    tree = TokenTree::Group(inner);
                } else {
                    tree.set_span(span);
                }
                tree
            })
            .collect()
    }
    respan(ty.to_token_stream(), ty.span())
}

/// A JSON string literal of `text`, escaped by `serde_json`.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

/// Bounds on generic field types, inferred from how the fields are used:
/// a detail placeholder needs its `fmt` trait, a source `Error + 'static`,
/// a transparent field `CceError`. Fields whose types name no type
/// parameter need no bound (a missing impl is reported at the field).
fn inferred_bounds(
    input: &Input<'_>,
    krate: &TokenStream,
    private: &TokenStream,
) -> Vec<TokenStream> {
    let params: Vec<String> = input
        .generics
        .type_params()
        .map(|p| p.ident.to_string())
        .collect();
    if params.is_empty() {
        return Vec::new();
    }
    let mut seen = BTreeSet::new();
    let mut bounds = Vec::new();
    let mut push = |ty: &Type, bound: TokenStream| {
        if mentions(ty.to_token_stream(), &params) {
            let predicate = quote_spanned!(ty.span()=> #ty: #bound);
            if seen.insert(predicate.to_string()) {
                bounds.push(predicate);
            }
        }
    };
    for v in &input.variants {
        if let Some(field) = transparent_field(input, v) {
            push(field.ty, quote!(#krate::CceError));
            continue;
        }
        if let Some(field) = v.source_field() {
            push(field.ty, quote!(#private::Error + 'static));
        }
        if let Some(field) = v.retry_after_field() {
            push(field.ty, quote!(#krate::RetryAfter));
        }
        if let Some(template) = &v.template {
            for (arg, fmt_trait) in template.placeholders() {
                let field = v.fields.iter().find(|f| match arg {
                    Arg::Index(i) => f.name() == i.to_string(),
                    Arg::Name(n) => f.name() == *n,
                });
                if let Some(field) = field {
                    let name = format_ident!("{}", fmt_trait.name());
                    push(field.ty, quote!(#private::fmt::#name));
                }
            }
        }
    }
    bounds
}

fn mentions(tokens: TokenStream, params: &[String]) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(ident) => params.iter().any(|p| ident == p),
        TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

/// The type's own where-clause plus `extra` predicates.
fn where_clause(generics: &Generics, extra: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let existing = generics
        .where_clause
        .iter()
        .flat_map(|w| w.predicates.iter().map(ToTokens::to_token_stream));
    let all: Vec<TokenStream> = existing.chain(extra).collect();
    if all.is_empty() {
        TokenStream::new()
    } else {
        quote!(where #(#all,)*)
    }
}

/// `__canonical_table!()` in the runtime crate: the table's rows as a
/// static, and an index by code.
pub(crate) fn canonical_table() -> TokenStream {
    let table = match table::canonical() {
        Ok(table) => table,
        Err(why) => return quote!(::core::compile_error! { #why }),
    };
    let count = table.rows.len();
    let rows = table.rows.iter().map(|r| {
        let (code, status, message, description, troubleshooting) = (
            &r.code,
            r.status,
            &r.message,
            &r.description,
            &r.troubleshooting,
        );
        quote!(crate::ErrorCode::__new(#code, #status, #message, #description, #troubleshooting))
    });
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
