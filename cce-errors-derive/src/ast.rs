//! A typed view of the derive input that borrows from syn, so every error
//! can point at the user's own tokens. It holds what was written, checked
//! only as far as parsing goes; `valid` turns it into the `model`.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Index, Member, Type};

use crate::attr::{self, CceAttrs, FieldAttrs, Place};
use crate::ctxt::Ctxt;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) shape: Shape,
    /// The type's own keys: `table`, `crate`, `thiserror`, `skip`. A
    /// struct's `code`, `status`, `detail` and `transparent` are moved to
    /// its one variant.
    pub(crate) attrs: CceAttrs,
    /// An enum's variants; a struct is one variant named like the type.
    pub(crate) variants: Vec<Variant<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Enum,
    Struct,
}

pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: CceAttrs,
    pub(crate) fields: Vec<Field<'a>>,
}

pub(crate) struct Field<'a> {
    /// Position in the variant, for the name of its binding.
    pub(crate) index: usize,
    pub(crate) member: Member,
    /// The name as a template writes it (see `name`), worked out once.
    name: String,
    pub(crate) ty: &'a Type,
    /// The span of `ty`, worked out once (syn joins the spans of the
    /// type's tokens each time it is asked).
    pub(crate) ty_span: Span,
    pub(crate) attrs: FieldAttrs,
}

impl<'a> Input<'a> {
    /// `None` for a union (reported to `cx`).
    pub(crate) fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Option<Self> {
        let (shape, place) = match &node.data {
            Data::Enum(_) => (Shape::Enum, Place::Enum),
            Data::Struct(_) => (Shape::Struct, Place::Struct),
            Data::Union(data) => {
                cx.syn_error(syn::Error::new(
                    data.union_token.span,
                    "#[derive(CceError)] does not support unions; use an enum with one variant per error, or a struct",
                ));
                return None;
            }
        };
        cx.section(0);
        let mut attrs = attr::parse_cce(cx, &node.attrs, place);
        let variants = match &node.data {
            Data::Enum(data) => data
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    cx.section(i + 1);
                    Variant {
                        ident: &v.ident,
                        attrs: attr::parse_cce(cx, &v.attrs, Place::Variant),
                        fields: fields(cx, &v.fields),
                    }
                })
                .collect(),
            Data::Struct(data) => {
                cx.section(1);
                vec![Variant {
                    ident: &node.ident,
                    attrs: attrs.take_variant_keys(),
                    fields: fields(cx, &data.fields),
                }]
            }
            Data::Union(_) => Vec::new(),
        };
        cx.section(0);
        Some(Input {
            ident: &node.ident,
            generics: &node.generics,
            shape,
            attrs,
            variants,
        })
    }
}

fn fields<'a>(cx: &Ctxt, fields: &'a Fields) -> Vec<Field<'a>> {
    fields
        .iter()
        .enumerate()
        .map(|(i, field)| Field {
            index: i,
            name: field.ident.as_ref().map_or_else(
                || i.to_string(),
                |ident| {
                    let name = ident.to_string();
                    match name.strip_prefix("r#") {
                        Some(bare) => bare.to_owned(),
                        None => name,
                    }
                },
            ),
            member: field.ident.clone().map_or_else(
                || {
                    Member::Unnamed(Index {
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                        span: Span::call_site(),
                    })
                },
                Member::Named,
            ),
            ty: &field.ty,
            ty_span: field.ty.span(),
            attrs: attr::parse_field(cx, &field.attrs),
        })
        .collect()
}

impl Field<'_> {
    /// The local a generated `match` binds this field to. Made from the
    /// position, not the name, so no two generated names can collide; it
    /// carries the field type's span, so that a trait the field lacks
    /// (`Display`, `Error`, `CceError`, `RetryAfter`) is reported there.
    pub(crate) fn binding(&self) -> Ident {
        Ident::new(&format!("__cce_{}", self.index), self.ty_span)
    }

    /// The name as a template writes it: `subnet_id`, `type` for `r#type`, `0`.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn is_named(&self) -> bool {
        matches!(self.member, Member::Named(_))
    }

    /// Whether the field is the source without an attribute, for its name.
    pub(crate) fn named_source(&self) -> bool {
        self.is_named() && self.name() == "source"
    }
}

/// Tokens as a user writes them, for messages (`std::io::Error`, not
/// `std :: io :: Error`).
pub(crate) fn tokens_text(tokens: &impl quote::ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
    ] {
        text = text.replace(spaced, tight);
    }
    text
}
