//! Code generation: the impls of a type whose model `valid` resolved. It
//! reads facts only; every check happened before.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, LitStr};

use crate::ast::{Input, Shape};
use crate::ctxt::Ctxt;
use crate::generics::{Bounds, where_clause};
use crate::model::{Detail, DetailText, Formatted, Kind, Model, Own, Ref, RowRef, Rows, Variant};
use crate::table::Row;
use crate::template::{FmtTrait, Role};
use crate::text::{self, Text};
use crate::{canonical, fallback, fmt, json, valid};

/// `#[derive(CceError)]`: the impls, or the errors plus a fallback impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let Some(input) = Input::from_syn(&cx, node) else {
        // A union can never be a `CceError`: the error alone, no impls.
        return cx
            .check()
            .err()
            .map(|e| e.to_compile_error())
            .unwrap_or_default();
    };
    let shell = fallback::Shell::of(&input);
    let model = valid::check(&cx, input);
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand(&model),
        (Err(error), _) => fallback::expand(node, &shell, &error),
        (Ok(()), None) => {
            let error = syn::Error::new_spanned(
                &node.ident,
                "cce-errors-derive found a mistake it could not describe; please report this input",
            );
            fallback::expand(node, &shell, &error)
        }
    }
}

fn expand(model: &Model<'_>) -> TokenStream {
    // Generated code names the runtime crate once, in a `use` (see
    // `in_scope_of_crate`), and then through the alias.
    let krate = quote!(__cce_crate);
    // One token for the runtime's private module, named often.
    let private = quote!(__cce_private);
    let bounds = Bounds::infer(model, &krate, &private);
    let generator = Generator {
        model,
        krate,
        private,
        bounds,
        type_name: unraw(model.ident),
    };
    let rows = generator.rows_static();
    let meta = generator.meta_static();
    let inherent = generator.inherent_impls();
    let cce = generator.cce_impl();
    let serialize = generator.serialize_impl();
    let frameworks = generator.framework_impls();
    let derives = model.derives;
    let display = derives.display.then(|| generator.display_impl());
    let error = derives.error.then(|| generator.error_impl());
    let from = derives.from.then(|| generator.impls_of_from());
    in_scope_of_crate(
        &model.krate,
        &quote! {
            use __cce_crate::__private as __cce_private;
            // One token each for what every entry of `__CCE_META` names.
            #[allow(unused_imports)]
            use __cce_private::{CANONICAL as __CCE_TABLE, Meta as __CceMeta};
            #rows
            #meta
            #inherent
            #cce
            #serialize
            #frameworks
            #display
            #error
            #from
        },
    )
}

/// The generated items in a block that names the runtime crate once: a
/// `#[cce(crate = "...")]` path that names nothing is one error, not one
/// per use, and the items the block holds stay private to it. The block
/// allows `deprecated`: a deprecated type, variant or field is used by
/// the generated impls as by any derive, and the user's lint levels are
/// for the user's own uses; and `unused_qualifications`, as generated
/// paths are rooted whatever the user has in scope.
pub(crate) fn in_scope_of_crate(path: &TokenStream, items: &TokenStream) -> TokenStream {
    // Spanned at the path, so that an unresolved path is reported there.
    let span = path
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span());
    let import = quote_spanned!(span=> use #path as __cce_crate;);
    quote! {
        #[allow(deprecated, unused_qualifications)]
        const _: () = {
            #import
            #items
        };
    }
}

struct Generator<'m, 'a> {
    model: &'m Model<'a>,
    krate: TokenStream,
    private: TokenStream,
    bounds: Bounds,
    /// The type's name without `r#`, for `variant_docs`.
    type_name: String,
}

impl Generator<'_, '_> {
    /// `impl<..> #trait_path for Type<..> where ..`
    fn impl_header<'b>(
        &self,
        trait_path: &TokenStream,
        bounds: impl IntoIterator<Item = &'b TokenStream>,
    ) -> TokenStream {
        let ty = self.model.ident;
        let (impl_generics, ty_generics, _) = self.model.generics.split_for_impl();
        let where_clause = where_clause(self.model.generics, bounds);
        quote! {
            #[automatically_derived]
            #[allow(unused_qualifications)]
            impl #impl_generics #trait_path for #ty #ty_generics #where_clause
        }
    }

    /// An inherent impl block with `bounds`.
    fn inherent_header<'b>(
        &self,
        bounds: impl IntoIterator<Item = &'b TokenStream>,
    ) -> TokenStream {
        let ty = self.model.ident;
        let (impl_generics, ty_generics, _) = self.model.generics.split_for_impl();
        let where_clause = where_clause(self.model.generics, bounds);
        quote! {
            #[allow(unused_qualifications)]
            impl #impl_generics #ty #ty_generics #where_clause
        }
    }

    /// `Self::__CCE_INNER_<slot>`: what the type reaches of a transparent
    /// field's type.
    fn inner(slot: usize) -> TokenStream {
        let name = format_ident!("__CCE_INNER_{}", slot);
        quote!(Self::#name)
    }

    /// A team's table has no rows in the runtime crate: the rows this type
    /// uses become a static of its own.
    fn rows_static(&self) -> Option<TokenStream> {
        let Rows::Custom {
            table, file, used, ..
        } = &self.model.rows
        else {
            return None;
        };
        let krate = &self.krate;
        let path = file.to_string_lossy();
        let count = used.len();
        let rows = used
            .iter()
            .map(|&i| canonical::row_expr(krate, &table.rows[i]));
        Some(quote! {
            // Cargo rebuilds the crate when the table changes.
            const _: &[u8] = ::core::include_bytes!(#path);
            static __CCE_ROWS: [#krate::ErrorCode; #count] = [#(#rows),*];
        })
    }

    /// `__CCE_META`: for each variant that owns a row, in order, what it
    /// sends, computed here while expanding: its row, its body (whole when
    /// the detail is fixed, up to the detail otherwise), its detail
    /// template and whether it sends `Retry-After`. Methods read this table
    /// instead of each matching on every variant, which keeps a large type
    /// quick to compile. Written as text (see `text`): it holds strings and
    /// numbers only.
    fn meta_static(&self) -> TokenStream {
        let mut text = Text::default();
        text.src("static __CCE_META: [__cce_private::Meta; ")
            .usize(self.model.own_count)
            .src("] = [");
        // A row's body literals, written once: a large type has many
        // variants per row.
        let mut literals = RowLiterals::default();
        for variant in &self.model.variants {
            if let Some(own) = variant.own() {
                self.meta_entry(&mut text, &mut literals, variant, own);
                text.src(",");
            }
        }
        text.src("];");
        text.into_tokens()
    }

    /// A variant's entry in `__CCE_META`: a call of one of `Meta`'s
    /// constructors, the shortest that says what it sends.
    fn meta_entry(
        &self,
        text: &mut Text,
        literals: &mut RowLiterals,
        variant: &Variant<'_>,
        own: &Own,
    ) {
        let row = self.model.rows.row(own.row);
        let retry_after = own.retry_after.is_some();
        let name = self.variant_name(variant);
        let row_ref = |text: &mut Text| {
            match own.row_ref {
                RowRef::Canonical(index) => text.src("&__CCE_TABLE[").usize(index),
                RowRef::Custom(index) => text.src("&__CCE_ROWS[").usize(index),
            };
            text.src("], ").str(&name).src(", ");
        };
        match &own.detail {
            None if !retry_after => {
                text.src("__CceMeta::plain(");
                row_ref(text);
                text.src(literals.plain_body(own.row, row)).src(")");
            }
            None => {
                text.src("__CceMeta::fixed(");
                row_ref(text);
                text.src("__cce_private::Option::None, true, ")
                    .src(literals.plain_body(own.row, row))
                    .src(", __cce_private::Option::None)");
            }
            Some(Detail {
                written,
                text: DetailText::Fixed(fixed),
                ..
            }) => {
                text.src("__CceMeta::fixed(");
                row_ref(text);
                text.src("__cce_private::Option::Some(")
                    .str(written)
                    .src("), ")
                    .bool(retry_after)
                    .src(", ")
                    .str(&json::fixed_body(&row.code, &row.message, Some(fixed)))
                    .src(", __cce_private::Option::Some(")
                    .str(fixed)
                    .src("))");
            }
            Some(Detail {
                written,
                text: DetailText::Formatted(formatted),
                ..
            }) => {
                let (prefix, prefix_len) = literals.detail_prefix(own.row, row);
                // Room for the detail: its template, and some per value.
                let capacity = prefix_len + written.len() + 64;
                text.src("__CceMeta::formatted(");
                row_ref(text);
                text.str(written).src(", &[");
                for &field in &formatted.fields {
                    text.str(variant.fields[field].name()).src(", ");
                }
                text.src("], ")
                    .bool(retry_after)
                    .src(", ")
                    .src(prefix)
                    .src(", ")
                    .usize(capacity)
                    .src(")");
            }
        }
    }

    /// `Type::Variant`, or `Type` for a struct: how `variant_docs` and the
    /// error contract name a variant.
    fn variant_name(&self, variant: &Variant<'_>) -> String {
        let ty = &self.type_name;
        match self.model.shape {
            Shape::Enum => {
                let written = &variant.written;
                format!("{ty}::{}", written.strip_prefix("r#").unwrap_or(written))
            }
            Shape::Struct => ty.clone(),
        }
    }

    /// The inherent items every impl goes through: which entry of
    /// `__CCE_META` a value is, or the inner error of a transparent
    /// variant; the constants of the transparent fields' types; and the
    /// one place a detail is formatted. Their bounds are those their
    /// fields need, so that `Display` uses them without `CceError`.
    fn inherent_impls(&self) -> TokenStream {
        let Generator {
            model,
            krate,
            private,
            bounds,
            ..
        } = self;
        let inners = model
            .variants
            .iter()
            .filter_map(Variant::transparent)
            .map(|(field, slot)| {
                let name = format_ident!("__CCE_INNER_{}", slot);
                let ty = field.ty;
                quote! {
                    #[doc(hidden)]
                    const #name: #private::Inner<#ty> = transparent::<#ty>();
                }
            });
        let index = self.dispatch_match();
        let dispatch = if model.own_count == 0 {
            // Every variant delegates (or there is none): no entry to index.
            index
        } else {
            quote! {
                let __cce_index = #index;
                #private::Result::Ok(&__CCE_META[__cce_index])
            }
        };
        let dispatch_header = self.inherent_header(&bounds.transparent);
        // What the type reaches of a transparent field's type, through one
        // function whose one bound is `CceError`: a field type that is no
        // `CceError` is one error, saying so, and no other about `Error`
        // or `Sized` (which each of the trait's items would add).
        let transparent = model
            .variants
            .iter()
            .find_map(|v| match v.kind {
                Kind::Transparent { key, .. } => Some(key),
                Kind::Own(_) => None,
            })
            .map(|key| {
                // The compiler shows the bound as the reason: at the key.
                let krate = syn::Ident::new("__cce_crate", key);
                let bound = quote_spanned!(key=> #krate::CceError);
                quote! {
                    #[inline]
                    const fn transparent<T: #bound>() -> #private::Inner<T> {
                        #private::Inner {
                            from_body: T::from_body,
                            variant_docs: T::variant_docs,
                            as_dyn: T::__cce_as_dyn,
                        }
                    }
                }
            });
        let detail_header = self.inherent_header(&bounds.detail);
        let detail = self.detail_fn();
        quote! {
            #transparent

            #dispatch_header {
                #(#inners)*

                #[doc(hidden)]
                #[inline]
                fn __cce_dispatch(
                    &self,
                ) -> #private::Result<&'static #private::Meta, &(dyn #krate::CceError + '_)> {
                    #dispatch
                }
            }

            #detail_header {
                #detail
            }
        }
    }

    /// `__cce_detail`: writes the detail of a variant whose detail has
    /// placeholders; the others' details are fixed, in `__CCE_META`.
    fn detail_fn(&self) -> TokenStream {
        let private = &self.private;
        let model = self.model;
        let mut wraps_display = false;
        let arms: Vec<TokenStream> = model
            .variants
            .iter()
            .filter_map(|v| {
                let detail = v.own()?.detail.as_ref()?;
                let DetailText::Formatted(formatted) = &detail.text else {
                    return None;
                };
                let (args, wraps) = self.format_args(v, detail, formatted);
                wraps_display |= wraps;
                let path = v.path(model.shape);
                let members = formatted.fields.iter().map(|&f| &v.fields[f].member);
                let bindings = formatted.fields.iter().map(|&f| v.fields[f].binding());
                Some(quote! {
                    #path { #(#members: #bindings,)* .. } => __cce_formatter.write_fmt(#args),
                })
            })
            .collect();
        let fallback =
            (arms.len() < model.variants.len()).then(|| quote!(_ => #private::Result::Ok(()),));
        let body = if model.variants.is_empty() {
            quote!(match *self {})
        } else {
            quote! {
                #[allow(unreachable_patterns)]
                match self {
                    #(#arms)*
                    #fallback
                }
            }
        };
        let uses =
            wraps_display.then(|| quote!(use #private::{DisplayAny as _, DisplayPath as _};));
        quote! {
            #[doc(hidden)]
            fn __cce_detail(
                &self,
                __cce_formatter: &mut #private::fmt::Formatter<'_>,
            ) -> #private::fmt::Result {
                #uses
                #body
            }
        }
    }

    /// `format_args!(...)` for a formatted detail, and whether it shows a
    /// field through `Display` (which goes through `DisplayPath`).
    fn format_args(
        &self,
        v: &Variant<'_>,
        detail: &Detail,
        formatted: &Formatted,
    ) -> (TokenStream, bool) {
        let private = &self.private;
        let mut names: Vec<String> = Vec::new();
        let mut args: Vec<TokenStream> = Vec::new();
        let mut wraps = false;
        // Each name is worked out as text first, and tokens made only for
        // a name not seen yet: a template that shows a field twice reads
        // it once.
        let format = formatted.template.render(|reference, role| {
            let (text, arg) = match *reference {
                Ref::Arg(j) => {
                    let text = format!("__cce_a{j}");
                    if names.contains(&text) {
                        return text;
                    }
                    let name = syn::Ident::new(&text, Span::call_site());
                    let value = fmt::grouped(&formatted.args[j]);
                    let arg = quote!(#name = #value);
                    (text, arg)
                }
                Ref::Field(f) => {
                    let field = &v.fields[f];
                    let display_path =
                        role == Role::Value(FmtTrait::Display) && formatted.paths.contains(&f);
                    let suffix = match role {
                        Role::Count => "_count",
                        Role::Value(FmtTrait::Pointer) => "_ptr",
                        Role::Value(_) if display_path => "_display",
                        Role::Value(_) => "",
                    };
                    let text = format!("__cce_{}{suffix}", field.index);
                    if names.contains(&text) {
                        return text;
                    }
                    // The field type's span, as the binding's: a trait the
                    // field lacks is reported there.
                    let span = field.ty_span;
                    let name = syn::Ident::new(&text, span);
                    let b = field.binding();
                    let value = match role {
                        // A count must be a `usize`, not the `&usize` the
                        // match binds; a pointer is the address of the
                        // field's value, as `format!` on the field shows
                        // it, not of the binding's.
                        Role::Count | Role::Value(FmtTrait::Pointer) => {
                            quote_spanned!(span=> *#b)
                        }
                        Role::Value(_) if display_path => {
                            wraps = true;
                            quote_spanned!(span=> (&#private::Wrap(#b)).__cce_display())
                        }
                        Role::Value(_) => quote!(#b),
                    };
                    (text, quote!(#name = #value))
                }
            };
            names.push(text.clone());
            args.push(arg);
            text
        });
        let format = LitStr::new(&format, detail.span);
        (quote!(#private::format_args!(#format #(, #args)*)), wraps)
    }

    fn cce_impl(&self) -> TokenStream {
        let Generator {
            krate,
            private,
            bounds,
            ..
        } = self;
        let from_body = self.decode_fn();
        let retry_after = self.retry_after_fn();
        let variant_docs = self.variant_docs_fn();
        let domain = self.domain_fn();
        let metadata = self.metadata_fn();
        let error = quote!(Self: #private::Error);
        let header = self.impl_header(
            &quote!(#krate::CceError),
            bounds
                .transparent
                .iter()
                .chain(&bounds.detail)
                .chain(&bounds.retry_after)
                .chain([&error]),
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

                #domain

                #metadata
            }
        }
    }

    /// `domain()`: the type's `domain`, for every variant; without one, a
    /// transparent variant's inner type's (the trait's default, `None`, for
    /// the others).
    fn domain_fn(&self) -> Option<TokenStream> {
        let Generator {
            model,
            krate,
            private,
            ..
        } = self;
        let body = if let Some(domain) = &model.domain {
            quote!(#private::Option::Some(#domain))
        } else {
            {
                let arms: Vec<TokenStream> = model
                    .variants
                    .iter()
                    .filter_map(|v| {
                        let (field, slot) = v.transparent()?;
                        let path = v.path(model.shape);
                        let member = &field.member;
                        let b = field.binding();
                        let inner = Self::inner(slot);
                        Some(quote! {
                            #path { #member: #b, .. } => #krate::CceError::domain((#inner.as_dyn)(#b)),
                        })
                    })
                    .collect();
                if arms.is_empty() {
                    return None;
                }
                let fallback = (arms.len() < model.variants.len())
                    .then(|| quote!(_ => #private::Option::None,));
                quote! {
                    #[allow(unreachable_patterns)]
                    match self {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        };
        Some(quote! {
            fn domain(&self) -> #private::Option<&'static #private::str> {
                #body
            }
        })
    }

    /// `__cce_metadata`: each field a variant's detail shows through a
    /// placeholder, by name (`0` for a tuple field), formatted with the
    /// placeholder's trait and without its width or precision; a
    /// transparent variant's inner error's. A source is never among them:
    /// a detail cannot name it.
    fn metadata_fn(&self) -> Option<TokenStream> {
        // Only the gRPC wire reads it: emitted when `cce-errors` has its
        // `tonic` feature (which sets this crate's), left out otherwise (the
        // trait's default stands). Left out, not wrapped in a macro that
        // drops it: a macro's input still crosses to the compiler and is
        // parsed, 15 % of the expansion at 1,000 variants.
        if !cfg!(feature = "tonic") {
            return None;
        }
        let Generator {
            model,
            krate,
            private,
            ..
        } = self;
        let mut wraps = false;
        let arms: Vec<TokenStream> = model
            .variants
            .iter()
            .filter_map(|v| {
                let path = v.path(model.shape);
                if let Some((field, slot)) = v.transparent() {
                    let member = &field.member;
                    let b = field.binding();
                    let inner = Self::inner(slot);
                    return Some(quote! {
                        #path { #member: #b, .. } => #krate::CceError::__cce_metadata((#inner.as_dyn)(#b), __cce_out),
                    });
                }
                let detail = v.own()?.detail.as_ref()?;
                let DetailText::Formatted(formatted) = &detail.text else {
                    return None;
                };
                let shown = metadata_fields(&formatted.template);
                if shown.is_empty() {
                    return None;
                }
                let members = shown.iter().map(|(f, ..)| &v.fields[*f].member);
                let bindings = shown.iter().map(|(f, ..)| v.fields[*f].binding());
                let calls = shown.iter().map(|(f, fmt, spec)| {
                    let field = &v.fields[*f];
                    let name = field.name();
                    let b = field.binding();
                    let span = field.ty_span;
                    let value = match fmt {
                        FmtTrait::Display if formatted.paths.contains(f) => {
                            wraps = true;
                            quote_spanned!(span=> (&#private::Wrap(#b)).__cce_display())
                        }
                        // The address of the field's value, as the detail shows it.
                        FmtTrait::Pointer => quote_spanned!(span=> *#b),
                        _ => quote!(#b),
                    };
                    quote!(__cce_out(#name, #private::format_args!(#spec, #value));)
                });
                Some(quote! {
                    #path { #(#members: #bindings,)* .. } => { #(#calls)* }
                })
            })
            .collect();
        if arms.is_empty() {
            return None;
        }
        let uses = wraps.then(|| quote!(use #private::{DisplayAny as _, DisplayPath as _};));
        let fallback = (arms.len() < model.variants.len()).then(|| quote!(_ => {}));
        Some(quote! {
            fn __cce_metadata(
                &self,
                __cce_out: &mut dyn #private::FnMut(&'static #private::str, #private::fmt::Arguments<'_>),
            ) {
                #uses
                #[allow(unreachable_patterns)]
                match self {
                    #(#arms)*
                    #fallback
                }
            }
        })
    }

    /// `variant_docs()`: each variant's row and detail template, from
    /// `__CCE_META`, with a transparent field's type's own in its place.
    fn variant_docs_fn(&self) -> TokenStream {
        let Generator {
            model,
            krate,
            private,
            ..
        } = self;
        let mut steps = Vec::new();
        let mut run_start = 0usize;
        let mut own = 0usize;
        for v in &model.variants {
            match &v.kind {
                Kind::Transparent { slot, .. } => {
                    if own > run_start {
                        steps.push(quote! {
                            #private::extend_docs(&mut __cce_docs, &__CCE_META[#run_start..#own]);
                        });
                    }
                    run_start = own;
                    let inner = Self::inner(*slot);
                    steps.push(quote! {
                        __cce_docs.append(&mut (#inner.variant_docs)());
                    });
                }
                Kind::Own(_) => own += 1,
            }
        }
        if own > run_start {
            steps.push(quote! {
                #private::extend_docs(&mut __cce_docs, &__CCE_META[#run_start..#own]);
            });
        }
        let count = model.variants.len();
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
            model,
            krate,
            private,
            ..
        } = self;
        let arms: Vec<TokenStream> = model
            .variants
            .iter()
            .filter_map(|v| {
                let (field, expr) = match &v.kind {
                    Kind::Transparent { field, slot, .. } => {
                        let field = &v.fields[*field];
                        let b = field.binding();
                        let inner = Self::inner(*slot);
                        (
                            field,
                            quote!(#krate::CceError::retry_after((#inner.as_dyn)(#b))),
                        )
                    }
                    Kind::Own(own) => {
                        let field = &v.fields[own.retry_after?];
                        let b = field.binding();
                        let span = field.ty_span;
                        (
                            field,
                            quote_spanned!(span=> #krate::RetryAfter::retry_after(#b)),
                        )
                    }
                };
                let path = v.path(model.shape);
                let member = &field.member;
                let b = field.binding();
                Some(quote!(#path { #member: #b, .. } => #expr,))
            })
            .collect();
        if arms.is_empty() {
            return None;
        }
        let fallback =
            (arms.len() < model.variants.len()).then(|| quote!(_ => #private::Option::None,));
        Some(quote! {
            fn retry_after(&self) -> #private::Option<#private::Duration> {
                #[allow(unreachable_patterns)]
                match self {
                    #(#arms)*
                    #fallback
                }
            }
        })
    }

    /// A call of the runtime crate's macro that expands to the impls of
    /// the frameworks its features enable.
    fn framework_impls(&self) -> TokenStream {
        let Generator {
            model,
            krate,
            private,
            bounds,
            ..
        } = self;
        let ty = model.ident;
        let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
        // The type, not `Self`: in `impl From<Type> for tonic::Status`,
        // `Self` is the status.
        let cce = quote!(#ty #ty_generics: #krate::CceError);
        let where_clause = where_clause(
            model.generics,
            bounds
                .transparent
                .iter()
                .chain(&bounds.detail)
                .chain(&bounds.retry_after)
                .chain([&cce]),
        );
        quote! {
            #private::framework_impls! {
                [#impl_generics] [#ty #ty_generics] [#where_clause]
            }
        }
    }

    fn serialize_impl(&self) -> TokenStream {
        let Generator { krate, private, .. } = self;
        let cce = quote!(Self: #krate::CceError);
        let header = self.impl_header(&quote!(#private::serde::Serialize), [&cce]);
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
        let Generator {
            private, bounds, ..
        } = self;
        let header = self.impl_header(
            &quote!(#private::fmt::Display),
            bounds.transparent.iter().chain(&bounds.detail),
        );
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
        let Generator {
            model,
            private,
            bounds,
            ..
        } = self;
        let arms: Vec<TokenStream> = model
            .variants
            .iter()
            .filter_map(|v| {
                let (field, expr) = match &v.kind {
                    Kind::Transparent { field, slot, .. } => {
                        let field = &v.fields[*field];
                        let b = field.binding();
                        let inner = Self::inner(*slot);
                        (field, quote!(#private::Error::source((#inner.as_dyn)(#b))))
                    }
                    Kind::Own(_) => {
                        let source = v.source.as_ref()?;
                        let field = &v.fields[source.field];
                        let b = field.binding();
                        let span = field.ty_span;
                        let some = |value: &syn::Ident| {
                            quote_spanned! {span=>
                                {
                                    let __cce_source: &(dyn #private::Error + 'static) =
                                        (&&#private::Wrap(#value)).__cce_source();
                                    #private::Option::Some(__cce_source)
                                }
                            }
                        };
                        let expr = if source.optional {
                            let inner = syn::Ident::new("__cce_inner", span);
                            let some = some(&inner);
                            quote! {
                                match #b {
                                    #private::Option::Some(#inner) => #some,
                                    #private::Option::None => #private::Option::None,
                                }
                            }
                        } else {
                            some(&b)
                        };
                        (field, expr)
                    }
                };
                let path = v.path(model.shape);
                let member = &field.member;
                let b = field.binding();
                Some(quote!(#path { #member: #b, .. } => #expr,))
            })
            .collect();
        let source = (!arms.is_empty()).then(|| {
            let fallback = (arms.len() < model.variants.len())
                .then(|| quote!(_ => #private::Option::None,));
            quote! {
                fn source(&self) -> #private::Option<&(dyn #private::Error + 'static)> {
                    use #private::{SourceDerefsToError as _, SourceIsError as _, SourceIsNotError as _};
                    #[allow(unreachable_patterns)]
                    match self {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        });
        let debug_display = quote!(Self: #private::fmt::Debug + #private::fmt::Display);
        let header = self.impl_header(
            &quote!(#private::Error),
            bounds
                .transparent
                .iter()
                .chain(&bounds.source)
                .chain([&debug_display]),
        );
        quote! {
            #header {
                #source
            }
        }
    }

    fn impls_of_from(&self) -> TokenStream {
        let Generator { model, private, .. } = self;
        let ty = model.ident;
        let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
        let where_clause = where_clause(model.generics, []);
        let impls = model.variants.iter().filter_map(|v| {
            let from = v.from.as_ref()?;
            let field = &v.fields[from.field];
            let (from_ty, optional) = (from.ty, from.optional);
            let path = v.path(model.shape);
            let member = &field.member;
            let span = field
                .attrs
                .from
                .as_ref()
                .map_or_else(Span::call_site, Spanned::span);
            // One identifier for the parameter and its use: made here, its
            // hygiene does not depend on where `#[from]` was written (a
            // `macro_rules!` body, or its caller).
            let source = syn::Ident::new("__cce_source", Span::call_site());
            let value = if optional {
                quote!(#private::Option::Some(#source))
            } else {
                quote!(#source)
            };
            Some(quote_spanned! {span=>
                #[automatically_derived]
                #[allow(unused_qualifications)]
                impl #impl_generics #private::From<#from_ty> for #ty #ty_generics #where_clause {
                    fn from(#source: #from_ty) -> Self {
                        #path { #member: #value }
                    }
                }
            })
        });
        quote!(#(#impls)*)
    }

    fn decode_fn(&self) -> TokenStream {
        let Generator {
            model,
            krate,
            private,
            ..
        } = self;
        let mut steps = Vec::new();
        let mut uses_code = false;
        // Consecutive unit variants are one `match` on the code; a
        // transparent variant between them is tried in its place.
        // Its arms (`"CCE.01400001" => Some(Self::V {}),`) as text.
        let mut run = Text::default();
        let flush = |run: &mut Text, steps: &mut Vec<TokenStream>| {
            if !run.is_empty() {
                let arms = std::mem::take(run).into_tokens();
                steps.push(quote! {
                    if let #private::Option::Some(__cce_found) = match __cce_code {
                        #arms
                        _ => #private::Option::None,
                    } {
                        return #private::Option::Some(__cce_found);
                    }
                });
            }
        };
        for v in &model.variants {
            match &v.kind {
                Kind::Transparent { field, slot, .. } => {
                    flush(&mut run, &mut steps);
                    let path = v.path(model.shape);
                    let member = &v.fields[*field].member;
                    let inner = Self::inner(*slot);
                    steps.push(quote! {
                        if let #private::Option::Some(__cce_inner) = (#inner.from_body)(__cce_body) {
                            return #private::Option::Some(#path { #member: __cce_inner });
                        }
                    });
                }
                Kind::Own(own) if own.decodes => {
                    uses_code = true;
                    run.str(&model.rows.row(own.row).code)
                        .src(" => __cce_private::Option::Some(");
                    self.path_text(&mut run, v);
                    run.src(" {}),");
                }
                Kind::Own(_) => {}
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

    /// The `match` of `__cce_dispatch`: a variant's index in `__CCE_META`,
    /// or `return`s the inner error of a transparent variant. The arms of
    /// variants with a code (all but a few, in a large type) are written as
    /// text; a transparent arm binds its field with the field type's span.
    fn dispatch_match(&self) -> TokenStream {
        let model = self.model;
        let private = &self.private;
        if model.variants.is_empty() {
            return quote!(match *self {});
        }
        let mut arms = TokenStream::new();
        let mut text = Text::default();
        for v in &model.variants {
            match &v.kind {
                Kind::Own(own) => {
                    self.path_text(&mut text, v);
                    text.src(" { .. } => ").usize(own.meta).src(",");
                }
                Kind::Transparent { field, slot, .. } => {
                    // Streams are appended whole (`once`): extending with a
                    // stream's trees one by one costs a call into the
                    // compiler per token.
                    arms.extend(std::iter::once(std::mem::take(&mut text).into_tokens()));
                    let path = v.path(model.shape);
                    let field = &v.fields[*field];
                    let member = &field.member;
                    let b = field.binding();
                    let inner = Self::inner(*slot);
                    let ret = (model.own_count > 0).then(|| quote!(return));
                    arms.extend(std::iter::once(quote! {
                        #path { #member: #b, .. } => #ret #private::Result::Err((#inner.as_dyn)(#b)),
                    }));
                }
            }
        }
        arms.extend(std::iter::once(text.into_tokens()));
        quote!(match self { #arms })
    }

    /// `Self::r#Variant`, or `Self` for a struct, as text. The name is
    /// always raw: text is lexed in the derive crate's edition, where a
    /// name the user's edition allows may be a keyword (`gen` is one from
    /// 2024 on, `async` and `try` from 2018 on). No variant can be named
    /// one of the words a raw identifier cannot be (`Self`, `self`,
    /// `super`, `crate`, `_`).
    fn path_text(&self, text: &mut Text, v: &Variant<'_>) {
        match self.model.shape {
            Shape::Enum if v.written.starts_with("r#") => text.src("Self::").src(&v.written),
            Shape::Enum => text.src("Self::r#").src(&v.written),
            Shape::Struct => text.src("Self"),
        };
    }
}

/// The string literals of rows' bodies in `__CCE_META`, as source text,
/// by row index.
#[derive(Default)]
struct RowLiterals {
    plain: HashMap<usize, String>,
    /// With the body's length in bytes.
    prefix: HashMap<usize, (String, usize)>,
}

impl RowLiterals {
    /// The whole body of a variant without detail.
    fn plain_body(&mut self, index: usize, row: &Row) -> &str {
        self.plain
            .entry(index)
            .or_insert_with(|| text::literal(&json::fixed_body(&row.code, &row.message, None)))
    }

    /// The body up to a formatted detail, and its length.
    fn detail_prefix(&mut self, index: usize, row: &Row) -> (&str, usize) {
        let (literal, len) = self.prefix.entry(index).or_insert_with(|| {
            let prefix = json::detail_prefix(&row.code, &row.message);
            (text::literal(&prefix), prefix.len())
        });
        (literal, *len)
    }
}

/// An identifier as written without `r#`.
fn unraw(ident: &syn::Ident) -> String {
    let name = ident.to_string();
    match name.strip_prefix("r#") {
        Some(bare) => bare.to_owned(),
        None => name,
    }
}

/// The fields a detail shows, each once, with the trait and the whole spec
/// of its first placeholder, as `format_args!` takes them (`"{:.4}"`): the
/// gRPC metadata shows a field as the detail does, never more of it (a
/// precision that cuts a secret short cuts it there too). A field shown
/// with a width or precision taken from another value (`{s:.n$}`, `.*`) is
/// left out: its text depends on more than the field.
fn metadata_fields(template: &crate::template::Template<Ref>) -> Vec<(usize, FmtTrait, String)> {
    use crate::template::{Piece, SpecPart};
    let mut shown: Vec<(usize, FmtTrait, String)> = Vec::new();
    let mut left_out: Vec<usize> = Vec::new();
    for piece in &template.pieces {
        let Piece::Hole {
            arg: Ref::Field(f),
            spec,
            fmt,
        } = piece
        else {
            continue;
        };
        if shown.iter().any(|(seen, ..)| seen == f) || left_out.contains(f) {
            continue;
        }
        let mut text = String::new();
        for part in spec {
            match part {
                SpecPart::Text(t) => text.push_str(t),
                SpecPart::Count(_) => {
                    left_out.push(*f);
                    break;
                }
            }
        }
        if !left_out.contains(f) {
            let kept = metadata_spec(&text);
            let spec = if kept.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{:{kept}}}")
            };
            shown.push((*f, *fmt, spec));
        }
    }
    shown
}

/// A placeholder's spec (`>8.4x`) without what only pads the text (fill,
/// alignment, `0` and width): its sign, `#`, precision and type stay, as
/// they choose what the text says.
fn metadata_spec(spec: &str) -> String {
    let mut rest = spec;
    let is_align = |c: char| matches!(c, '<' | '^' | '>');
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(fill), Some(align)) if is_align(align) => {
            rest = &rest[fill.len_utf8() + 1..];
        }
        (Some(align), _) if is_align(align) => rest = &rest[1..],
        _ => {}
    }
    let mut kept = String::new();
    if let Some(sign) = rest.strip_prefix(['+', '-']) {
        kept.push_str(&rest[..1]);
        rest = sign;
    }
    if let Some(after) = rest.strip_prefix('#') {
        kept.push('#');
        rest = after;
    }
    // `0` and the width: padding only.
    rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    if let Some(after) = rest.strip_prefix('.') {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        kept.push_str(&rest[..=digits]);
        rest = &after[digits..];
    }
    kept.push_str(rest);
    kept
}

#[cfg(test)]
mod tests {
    use super::{derive, metadata_spec};

    /// `.ci/run` runs this with the feature (the workspace's tests) and
    /// without (the derive crate alone).
    #[test]
    fn the_metadata_method_is_emitted_with_the_tonic_feature_only() {
        let input: syn::DeriveInput = syn::parse_quote! {
            enum E {
                #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} of {vpc:?}")]
                V { subnet_id: String, vpc: u32 },
            }
        };
        let out = derive(&input).to_string();
        assert!(out.contains("__cce_detail"), "{out}");
        assert_eq!(
            out.contains("fn __cce_metadata"),
            cfg!(feature = "tonic"),
            "{out}"
        );
        if cfg!(feature = "tonic") {
            assert!(out.contains(r#"__cce_out ("subnet_id""#), "{out}");
            assert!(out.contains(r#"__cce_out ("vpc""#), "{out}");
        }
    }

    #[test]
    fn metadata_specs_keep_what_chooses_the_text_and_drop_the_padding() {
        for (spec, kept) in [
            ("", ""),
            (">8", ""),
            ("08", ""),
            ("0>5", ""),
            ("*^10.4", ".4"),
            ("#x", "#x"),
            ("#010x", "#x"),
            ("+.2e", "+.2e"),
            ("-^#010.5x", "#.5x"),
            ("x?", "x?"),
            ("#?", "#?"),
            (".0", ".0"),
            ("é<12.3", ".3"),
            ("<", ""),
            ("?", "?"),
        ] {
            assert_eq!(metadata_spec(spec), kept, "{spec:?}");
        }
    }
}
