//! The resolved model `valid` returns and `expand` reads: every fact about
//! the type and each variant already worked out, nothing left to look up
//! or to default.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Generics, Ident};

use crate::ast::{Field, Shape};
use crate::table::{Row, Table};
use crate::template::Template;

pub(crate) struct Model<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) shape: Shape,
    /// The path generated code names the runtime crate by.
    pub(crate) krate: TokenStream,
    pub(crate) rows: Rows,
    /// Which of `Display`, `Error` and `From` this derive writes.
    pub(crate) derives: StdImpls,
    pub(crate) variants: Vec<Variant<'a>>,
    /// How many variants own a row: the length of the type's `Meta` table.
    pub(crate) own_count: usize,
    /// `#[cce(domain = "...")]`: the gRPC `ErrorInfo.domain` of the type's
    /// own variants, and of its transparent ones in place of their inner
    /// type's; `None` leaves each variant the runtime's default, a
    /// transparent one its inner type's domain.
    pub(crate) domain: Option<String>,
}

/// Where the rows of the type's codes are, for generated code.
pub(crate) enum Rows {
    /// The CCE table, which the runtime crate holds as `CANONICAL`.
    Canonical(&'static Table),
    /// A team's table: the rows this type uses become a static of its own,
    /// in the order of `used`.
    Custom {
        table: Table,
        /// The path as written, for messages.
        written: String,
        /// The file, for cargo to track it.
        file: PathBuf,
        used: Vec<usize>,
    },
}

impl Rows {
    pub(crate) fn row(&self, index: usize) -> &Row {
        match self {
            Rows::Canonical(table) => &table.rows[index],
            Rows::Custom { table, .. } => &table.rows[index],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StdImpls {
    pub(crate) display: bool,
    pub(crate) error: bool,
    pub(crate) from: bool,
}

pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    /// The identifier as written (`r#type` raw), worked out once for the
    /// text of generated code.
    pub(crate) written: String,
    pub(crate) fields: Vec<Field<'a>>,
    /// The field `source()` returns.
    pub(crate) source: Option<Source<'a>>,
    /// The `#[from]` field, the variant's only one.
    pub(crate) from: Option<FromField<'a>>,
    pub(crate) kind: Kind,
}

pub(crate) enum Kind {
    /// The variant has a code of its own.
    Own(Own),
    /// `#[cce(transparent)]`: everything comes from its one field.
    Transparent {
        /// Its one field.
        field: usize,
        /// Which transparent variant of the type this is, for the name of
        /// the constant holding what the type reaches of the field's type.
        slot: usize,
        /// The `transparent` key, for errors about the field's type.
        key: Span,
    },
}

pub(crate) struct Own {
    /// The row of its code in the table.
    pub(crate) row: usize,
    /// Its entry in the type's `Meta` table.
    pub(crate) meta: usize,
    /// How generated code reaches the row's `&'static ErrorCode`.
    pub(crate) row_ref: RowRef,
    /// Whether `from_body` answers with this variant for its code: it has
    /// no fields, and no earlier such variant has the same code.
    pub(crate) decodes: bool,
    /// The `#[cce(retry_after)]` field.
    pub(crate) retry_after: Option<usize>,
    pub(crate) detail: Option<Detail>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum RowRef {
    Canonical(usize),
    /// The index in the type's own static of a team's rows.
    Custom(usize),
}

pub(crate) struct Source<'a> {
    pub(crate) field: usize,
    /// The error's type: the field's, or `E` of an `Option<E>` field.
    pub(crate) ty: &'a syn::Type,
    /// `Option<E>`: `None` has no source.
    pub(crate) optional: bool,
}

/// A `#[from]` field: `From<ty>` builds the variant.
pub(crate) struct FromField<'a> {
    pub(crate) field: usize,
    /// The type converted from: the field's, or `E` of an `Option<E>` field.
    pub(crate) ty: &'a syn::Type,
    /// `Option<E>`: the value is wrapped in `Some`.
    pub(crate) optional: bool,
}

pub(crate) struct Detail {
    /// The format string as written, for `variant_docs`.
    pub(crate) written: String,
    /// The format string literal, for generated spans.
    pub(crate) span: Span,
    pub(crate) text: DetailText,
}

pub(crate) enum DetailText {
    /// No placeholder: the text itself (braces unescaped).
    Fixed(String),
    Formatted(Formatted),
}

pub(crate) struct Formatted {
    pub(crate) template: Template<Ref>,
    /// The arguments of `detail(...)`, shorthand replaced, positional ones
    /// first.
    pub(crate) args: Vec<TokenStream>,
    /// The fields the placeholders and arguments read, to bind them.
    pub(crate) fields: Vec<usize>,
    /// The fields a `{field}` placeholder shows that may be paths, shown
    /// as `.display()` shows them when they are.
    pub(crate) paths: Vec<usize>,
}

/// What a placeholder refers to, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ref {
    Field(usize),
    Arg(usize),
}

impl Variant<'_> {
    /// `Self::Name` for a variant, `Self` for a struct.
    pub(crate) fn path(&self, shape: Shape) -> TokenStream {
        let ident = self.ident;
        match shape {
            Shape::Enum => quote!(Self::#ident),
            Shape::Struct => quote!(Self),
        }
    }

    pub(crate) fn own(&self) -> Option<&Own> {
        match &self.kind {
            Kind::Own(own) => Some(own),
            Kind::Transparent { .. } => None,
        }
    }

    /// The field and constant slot of a transparent variant.
    pub(crate) fn transparent(&self) -> Option<(&Field<'_>, usize)> {
        match self.kind {
            Kind::Transparent { field, slot, .. } => Some((&self.fields[field], slot)),
            Kind::Own(_) => None,
        }
    }
}
