//! A typed view of the derive input that borrows from syn, so every error
//! can point at the user's own tokens.

use std::borrow::Cow;
use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Index, Member, Path, Type};

use crate::attr::{self, CceAttrs, FieldAttrs, Place};
use crate::ctxt::Ctxt;
use crate::table::Table;
use crate::template::Template;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    /// The type's own `#[cce(...)]`: `crate`, `thiserror`, and for a struct
    /// also its `code`, `status`, `detail`, `transparent`.
    pub(crate) attrs: CceAttrs,
    /// An enum's variants; a struct is one "variant" whose settings are the
    /// type's attributes.
    pub(crate) variants: Vec<Variant<'a>>,
    /// Set by `valid`: the table the codes come from.
    pub(crate) table: Option<Resolved>,
}

/// The table a type's codes are checked against and its rows come from.
pub(crate) struct Resolved {
    pub(crate) table: Cow<'static, Table>,
    /// For a team's own table (`#[cce(table = "...")]`): the file.
    pub(crate) custom: Option<Custom>,
}

pub(crate) struct Custom {
    /// As written, for messages.
    pub(crate) relative: String,
    /// For cargo to track the file.
    pub(crate) absolute: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Variant,
    Struct,
}

pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) kind: Kind,
    /// The variant's `#[cce(...)]`; for a struct the settings live in
    /// `Input::attrs` and this is empty.
    pub(crate) attrs: CceAttrs,
    pub(crate) fields: Vec<Field<'a>>,
    /// Set by `valid`: the table row of `code`.
    pub(crate) row: Option<usize>,
    /// Set by `valid`: the parsed, checked `detail`.
    pub(crate) template: Option<Template>,
}

pub(crate) struct Field<'a> {
    /// Position in the variant, for the name of its binding.
    pub(crate) index: usize,
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: FieldAttrs,
}

impl<'a> Input<'a> {
    /// `None` for a union (reported to `cx`).
    pub(crate) fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Option<Self> {
        let (place, variants) = match &node.data {
            Data::Enum(data) => (
                Place::Enum,
                data.variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        cx.section(i + 1);
                        Variant {
                            ident: &v.ident,
                            kind: Kind::Variant,
                            attrs: attr::parse_cce(cx, &v.attrs, Place::Variant),
                            fields: fields(cx, &v.fields),
                            row: None,
                            template: None,
                        }
                    })
                    .collect(),
            ),
            Data::Struct(data) => (
                Place::Struct,
                vec![Variant {
                    ident: &node.ident,
                    kind: Kind::Struct,
                    attrs: CceAttrs::default(),
                    fields: fields(cx, &data.fields),
                    row: None,
                    template: None,
                }],
            ),
            Data::Union(data) => {
                cx.syn_error(syn::Error::new(
                    data.union_token.span,
                    "#[derive(CceError)] does not support unions; use an enum with one variant per error, or a struct",
                ));
                return None;
            }
        };
        cx.section(0);
        Some(Input {
            ident: &node.ident,
            generics: &node.generics,
            attrs: attr::parse_cce(cx, &node.attrs, place),
            variants,
            table: None,
        })
    }

    /// The settings of a variant: its own attributes, or the type's for a struct.
    pub(crate) fn settings<'s>(&'s self, variant: &'s Variant<'a>) -> &'s CceAttrs {
        match variant.kind {
            Kind::Variant => &variant.attrs,
            Kind::Struct => &self.attrs,
        }
    }

    /// Generated code's path to the runtime crate.
    pub(crate) fn krate(&self) -> TokenStream {
        if let Some(setting) = &self.attrs.krate {
            let path: &Path = &setting.value;
            quote!(#path)
        } else {
            quote!(::cce_errors)
        }
    }

    /// Whether thiserror (or another derive) provides `Display`, `Error` and `From`.
    pub(crate) fn external_std_impls(&self) -> bool {
        self.attrs.thiserror.is_some()
    }
}

fn fields<'a>(cx: &Ctxt, fields: &'a Fields) -> Vec<Field<'a>> {
    fields
        .iter()
        .enumerate()
        .map(|(i, field)| Field {
            index: i,
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
            attrs: attr::parse_field(cx, &field.attrs),
        })
        .collect()
}

impl Variant<'_> {
    /// `Self::Name` for a variant, `Self` for a struct.
    pub(crate) fn path(&self) -> TokenStream {
        let ident = self.ident;
        match self.kind {
            Kind::Variant => quote!(Self::#ident),
            Kind::Struct => quote!(Self),
        }
    }

    pub(crate) fn describe(&self) -> String {
        match self.kind {
            Kind::Variant => format!("variant `{}`", self.ident),
            Kind::Struct => format!("struct `{}`", self.ident),
        }
    }

    /// The field that is the error's source: the one marked `#[source]` or
    /// `#[from]`, else one named `source`.
    pub(crate) fn source_field(&self) -> Option<&Field<'_>> {
        self.fields
            .iter()
            .find(|f| f.attrs.source.is_some() || f.attrs.from.is_some())
            .or_else(|| {
                self.fields
                    .iter()
                    .find(|f| matches!(&f.member, Member::Named(n) if n == "source"))
            })
    }

    pub(crate) fn retry_after_field(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.retry_after.is_some())
    }

    pub(crate) fn field_with_from(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.from.is_some())
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

impl Field<'_> {
    /// The local a generated `match` binds this field to.
    /// The local a generated `match` binds this field to. Made from the
    /// position, not the name, so no two generated names can collide; it
    /// carries the field type's span, so that a trait the field lacks
    /// (`Display`, `Error`, `CceError`, `RetryAfter`) is reported there.
    pub(crate) fn binding(&self) -> Ident {
        Ident::new(&format!("__cce_{}", self.index), self.ty.span())
    }

    pub(crate) fn name(&self) -> String {
        match &self.member {
            Member::Named(name) => name.to_string().trim_start_matches("r#").to_owned(),
            Member::Unnamed(index) => index.index.to_string(),
        }
    }
}
