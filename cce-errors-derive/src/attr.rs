//! Parsing `#[cce(...)]` and the field attributes `#[source]` / `#[from]`.
//!
//! Every key is parsed to the end of its value even when it is wrong, so one
//! build reports every mistake of an attribute list, not only the first.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitInt, LitStr, Meta, Path, Token};

use crate::ctxt::Ctxt;

/// The key names of `#[cce(...)]`, in one place.
pub(crate) mod key {
    pub(crate) const CODE: &str = "code";
    pub(crate) const STATUS: &str = "status";
    pub(crate) const DETAIL: &str = "detail";
    pub(crate) const TRANSPARENT: &str = "transparent";
    pub(crate) const CRATE: &str = "crate";
    pub(crate) const THISERROR: &str = "thiserror";
    pub(crate) const RETRY_AFTER: &str = "retry_after";
    pub(crate) const TABLE: &str = "table";

    pub(crate) const ALL: &[&str] = &[
        CODE,
        STATUS,
        DETAIL,
        TRANSPARENT,
        CRATE,
        THISERROR,
        RETRY_AFTER,
        TABLE,
    ];
}

/// Where an attribute sits; each place takes its own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Enum,
    Struct,
    Variant,
    Field,
}

impl Place {
    fn keys(self) -> &'static [&'static str] {
        use key::{CODE, CRATE, DETAIL, RETRY_AFTER, STATUS, TABLE, THISERROR, TRANSPARENT};
        match self {
            Place::Enum => &[TABLE, CRATE, THISERROR],
            Place::Struct => &[CODE, STATUS, DETAIL, TRANSPARENT, TABLE, CRATE, THISERROR],
            Place::Variant => &[CODE, STATUS, DETAIL, TRANSPARENT],
            Place::Field => &[RETRY_AFTER],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Place::Enum => "an enum",
            Place::Struct => "a struct",
            Place::Variant => "a variant",
            Place::Field => "a field",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Place::Enum => "`#[cce(crate = \"::cce_errors\")]` (codes go on the variants)",
            Place::Struct | Place::Variant => "`#[cce(code = \"CCE.01400001\")]`",
            Place::Field => FIELD_ATTRIBUTES,
        }
    }
}

/// Where a key belongs, for the message when it is written elsewhere.
fn home_of(key: &str) -> &'static str {
    match key {
        key::CRATE | key::THISERROR | key::TABLE => "on the type (the enum or struct)",
        key::RETRY_AFTER => "on the field holding the delay, in a 429 or 503 variant",
        _ => "on each variant of an enum, or on a struct",
    }
}

/// How an example value of each key is written.
fn value_example(key: &str) -> &'static str {
    match key {
        key::CODE => "code = \"CCE.01400001\"",
        key::STATUS => "status = 400",
        key::DETAIL => "detail = \"subnet {subnet_id} is not in VPC {vpc_id}\"",
        key::CRATE => "crate = \"::cce_errors\"",
        key::TRANSPARENT => "transparent",
        key::RETRY_AFTER => "retry_after",
        key::TABLE => "table = \"docs/error-codes.rst\"",
        _ => "thiserror",
    }
}

/// One key's value, with the key for error spans.
pub(crate) struct Setting<T> {
    pub(crate) key: Ident,
    pub(crate) value: T,
    /// Which attribute on the item gave it, to word a duplicate's error.
    attr_index: usize,
    /// The key and value as written, for a duplicate's error.
    shown: String,
}

pub(crate) struct Status {
    pub(crate) value: u16,
    pub(crate) lit: LitInt,
}

/// The keys of the `#[cce(...)]` attributes of one item.
#[derive(Default)]
pub(crate) struct CceAttrs {
    pub(crate) code: Option<Setting<LitStr>>,
    pub(crate) status: Option<Setting<Status>>,
    pub(crate) detail: Option<Setting<LitStr>>,
    pub(crate) transparent: Option<Setting<()>>,
    pub(crate) krate: Option<Setting<Path>>,
    pub(crate) thiserror: Option<Setting<()>>,
    pub(crate) retry_after: Option<Setting<()>>,
    pub(crate) table: Option<Setting<LitStr>>,
    /// Keys written, whether or not their value was valid, so that a bad
    /// value is not reported a second time as a missing key.
    pub(crate) written: Vec<&'static str>,
    /// Whether some `#[cce]` was malformed, so that what it may have held
    /// is not reported again as missing.
    pub(crate) malformed: bool,
    /// thiserror's `#[error(...)]`, when the item has one.
    pub(crate) error_attr: Option<Ident>,
}

impl CceAttrs {
    pub(crate) fn wrote(&self, key: &str) -> bool {
        self.written.contains(&key)
    }
}

/// Parses every `#[cce(...)]` of an item; errors go to `cx`.
pub(crate) fn parse_cce(cx: &Ctxt, attrs: &[Attribute], place: Place) -> CceAttrs {
    let mut out = CceAttrs::default();
    for (index, attr) in attrs.iter().enumerate() {
        if let Some(ident) = attr.path().get_ident().filter(|i| *i == "error") {
            out.error_attr.get_or_insert_with(|| ident.clone());
            continue;
        }
        if place != Place::Field
            && let Some(name) = ["source", "from"]
                .into_iter()
                .find(|n| attr.path().is_ident(n))
        {
            // Silently ignored, it would leave the error without its source.
            cx.error_spanned_by(
                attr,
                format!(
                    "`#[{name}]` goes on a field, not on {}: write it before the field, as in `Storage(#[{name}] std::io::Error)`",
                    place.name()
                ),
            );
            continue;
        }
        if !attr.path().is_ident("cce") {
            continue;
        }
        let list = match &attr.meta {
            Meta::List(list) if !list.tokens.is_empty() => list,
            _ if place == Place::Field => {
                cx.error_spanned_by(attr, field_attr_message(None));
                continue;
            }
            _ => {
                out.malformed = true;
                cx.error_spanned_by(
                    attr,
                    format!(
                        "expected `#[cce(...)]` with keys, as in {}",
                        place.example()
                    ),
                );
                continue;
            }
        };
        let parsed = list.parse_nested_meta(|meta| parse_key(cx, &mut out, index, place, &meta));
        if let Err(error) = parsed {
            out.malformed = true;
            cx.syn_error(explain_syntax(&error, place));
        }
    }
    out
}

/// syn's messages for a list that is not `key`, `key = value`, ... said in
/// the terms of this attribute.
fn explain_syntax(error: &syn::Error, place: Place) -> syn::Error {
    let text = error.to_string();
    let message = if text.starts_with("unexpected token in nested attribute") {
        format!(
            "expected a key here; `#[cce(...)]` takes keys separated by commas, as in {}",
            place.example()
        )
    } else if text == "expected `,`" {
        "expected `,` between the keys of `#[cce(...)]`".to_owned()
    } else {
        return error.clone();
    };
    syn::Error::new(error.span(), message)
}

fn field_attr_message(key: Option<&str>) -> String {
    let first = match key {
        Some(key) if key::ALL.contains(&key) => {
            format!(
                "`{key}` is not allowed on a field; it goes {}",
                home_of(key)
            )
        }
        Some(key) => format!("unknown key `{key}` on a field"),
        None => "`#[cce]` on a field needs a key".to_owned(),
    };
    format!("{first}; a field takes {FIELD_ATTRIBUTES}")
}

fn parse_key(
    cx: &Ctxt,
    out: &mut CceAttrs,
    index: usize,
    place: Place,
    meta: &ParseNestedMeta,
) -> syn::Result<()> {
    let Some(ident) = meta.path.get_ident().map(IdentExt::unraw) else {
        out.malformed = true;
        cx.error_spanned_by(
            &meta.path,
            unknown_key_message(&crate::ast::tokens_text(&meta.path), place),
        );
        return skip_value(meta);
    };
    let name = ident.to_string();
    let Some(&known) = place.keys().iter().find(|k| **k == name) else {
        let message = if place == Place::Field {
            field_attr_message(Some(&name))
        } else if key::ALL.contains(&name.as_str()) {
            format!(
                "`{name}` is not allowed on {}; it goes {}",
                place.name(),
                home_of(&name)
            )
        } else {
            unknown_key_message(&name, place)
        };
        // What was meant may be the missing `code`: no second error for it.
        out.malformed = true;
        if let Some(known) = key::ALL.iter().find(|k| **k == name) {
            out.written.push(known);
        }
        cx.error_spanned_by(&ident, message);
        return skip_value(meta);
    };
    out.written.push(known);
    match known {
        key::CODE => {
            if let Some(lit) = string_value(cx, meta, &ident)? {
                let shown = format!("code = {}", lit.to_token_stream());
                set(cx, &mut out.code, ident, index, lit, shown, place);
            }
        }
        key::DETAIL => {
            if let Some(lit) = string_value(cx, meta, &ident)? {
                let shown = format!("detail = {}", lit.to_token_stream());
                set(cx, &mut out.detail, ident, index, lit, shown, place);
            }
        }
        key::TABLE => {
            if let Some(lit) = string_value(cx, meta, &ident)? {
                let shown = format!("table = {}", lit.to_token_stream());
                set(cx, &mut out.table, ident, index, lit, shown, place);
            }
        }
        key::STATUS => {
            if let Some(status) = status_value(cx, meta, &ident)? {
                let shown = format!("status = {}", status.lit);
                set(cx, &mut out.status, ident, index, status, shown, place);
            }
        }
        key::CRATE => {
            if let Some(lit) = string_value(cx, meta, &ident)? {
                match lit.parse::<Path>() {
                    Ok(path) => {
                        let shown = format!("crate = {}", lit.to_token_stream());
                        set(cx, &mut out.krate, ident, index, path, shown, place);
                    }
                    Err(_) => cx.error_spanned_by(
                        &lit,
                        format!(
                            "`crate` takes the path of the cce-errors crate, as in `{}`",
                            value_example(key::CRATE)
                        ),
                    ),
                }
            }
        }
        key::TRANSPARENT => {
            if flag(cx, meta, &ident)? {
                set(cx, &mut out.transparent, ident, index, (), name, place);
            } else {
                out.malformed = true;
            }
        }
        key::RETRY_AFTER => {
            if flag(cx, meta, &ident)? {
                set(cx, &mut out.retry_after, ident, index, (), name, place);
            }
        }
        _ => {
            if flag(cx, meta, &ident)? {
                set(cx, &mut out.thiserror, ident, index, (), name, place);
            }
        }
    }
    Ok(())
}

fn unknown_key_message(name: &str, place: Place) -> String {
    let keys = place.keys();
    let listed = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let nearest = keys
        .iter()
        .map(|k| (strsim::osa_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .or_else(|| synonym(name).filter(|k| keys.contains(k)).map(|k| (0, k)));
    let mut message = format!("unknown key `{name}` in `#[cce(...)]` on {}", place.name());
    match nearest {
        Some((_, k)) => {
            message.push_str("; did you mean `");
            message.push_str(k);
            message.push_str("`?");
        }
        None => message.push('.'),
    }
    message + " The keys here are " + &listed
}

/// What a key written under another library's name means here.
fn synonym(name: &str) -> Option<&'static str> {
    match name {
        "message" | "msg" | "error_message" | "errorMessage" | "description" | "display" => {
            Some(key::DETAIL)
        }
        "error_code" | "errorCode" | "id" => Some(key::CODE),
        "http_status" | "status_code" | "http" => Some(key::STATUS),
        _ => None,
    }
}

/// Consumes a key's value (`= expr` or `(...)`) after an error, so parsing
/// goes on with the next key.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let value = meta.value()?;
        if value.fork().parse::<Expr>().is_ok() {
            value.parse::<Expr>()?;
        }
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    // Whatever else stands before the next comma belongs to this key.
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

/// Whether a key is followed by `=` and a value (not by nothing, a comma,
/// or the end of the list).
fn has_value(meta: &ParseNestedMeta) -> bool {
    if !meta.input.peek(Token![=]) {
        return false;
    }
    let ahead = meta.input.fork();
    let _ = ahead.parse::<Token![=]>();
    !ahead.is_empty() && !ahead.peek(Token![,])
}

fn lit_kind(lit: &Lit) -> &'static str {
    match lit {
        Lit::Str(_) => "a string",
        Lit::ByteStr(_) => "a byte string",
        Lit::CStr(_) => "a C string",
        Lit::Byte(_) => "a byte",
        Lit::Char(_) => "a character",
        Lit::Int(_) => "an integer",
        Lit::Float(_) => "a float",
        Lit::Bool(_) => "a boolean",
        _ => "this literal",
    }
}

/// The value of a string key; `None` after reporting a wrong one.
fn string_value(cx: &Ctxt, meta: &ParseNestedMeta, key: &Ident) -> syn::Result<Option<LitStr>> {
    let example = value_example(&key.to_string());
    if !has_value(meta) {
        cx.error_spanned_by(key, format!("`{key}` needs a value: write `{example}`"));
        skip_value(meta)?;
        return Ok(None);
    }
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Some(lit)),
        Expr::Lit(ExprLit { lit, .. }) => {
            cx.error_spanned_by(
                &lit,
                format!(
                    "`{key}` takes a string literal, not {}: write `{example}`",
                    lit_kind(&lit)
                ),
            );
            Ok(None)
        }
        other => {
            cx.error_spanned_by(
                &other,
                format!(
                    "`{key}` takes a string literal (the derive reads it while compiling, so a constant or a macro cannot stand here): write `{example}`"
                ),
            );
            Ok(None)
        }
    }
}

fn status_value(cx: &Ctxt, meta: &ParseNestedMeta, key: &Ident) -> syn::Result<Option<Status>> {
    if !has_value(meta) {
        cx.error_spanned_by(key, "`status` needs a value: write `status = 400`");
        skip_value(meta)?;
        return Ok(None);
    }
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) => match lit.base10_parse::<u16>() {
            Ok(value) if (100..=999).contains(&value) => Ok(Some(Status { value, lit })),
            _ => {
                cx.error_spanned_by(
                    &lit,
                    "`status` is a 3-digit HTTP status code, as in `status = 400`",
                );
                Ok(None)
            }
        },
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            let value = lit.value();
            let message = if value.trim().parse::<u16>().is_ok() {
                format!(
                    "`status` takes an integer: write `status = {}` without quotes",
                    value.trim()
                )
            } else {
                "`status` takes an integer: write `status = 400`".to_owned()
            };
            cx.error_spanned_by(&lit, message);
            Ok(None)
        }
        Expr::Unary(negative)
            if matches!(
                *negative.expr,
                Expr::Lit(ExprLit {
                    lit: Lit::Int(_),
                    ..
                })
            ) =>
        {
            cx.error_spanned_by(
                &negative,
                "`status` is a 3-digit HTTP status code, as in `status = 400`",
            );
            Ok(None)
        }
        other => {
            cx.error_spanned_by(
                &other,
                "`status` takes an integer literal: write `status = 400`",
            );
            Ok(None)
        }
    }
}

/// A key without a value; `false` after reporting one that has a value.
fn flag(cx: &Ctxt, meta: &ParseNestedMeta, key: &Ident) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            key,
            format!("`{key}` takes no value: write `#[cce({key})]`"),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    Ok(true)
}

fn set<T>(
    cx: &Ctxt,
    slot: &mut Option<Setting<T>>,
    key: Ident,
    attr_index: usize,
    value: T,
    shown: String,
    place: Place,
) {
    match slot {
        Some(first) => {
            let whose = match place {
                Place::Variant => "variant",
                Place::Field => "field",
                Place::Enum | Place::Struct => "type",
            };
            let where_first = if first.attr_index == attr_index {
                "earlier in this `#[cce(...)]`".to_owned()
            } else {
                format!("in an earlier `#[cce(...)]` on this {whose}")
            };
            cx.error_spanned_by(
                &key,
                format!(
                    "duplicate key `{key}`: `{}` is already given {where_first}; keep one of them",
                    first.shown
                ),
            );
        }
        None => {
            *slot = Some(Setting {
                key,
                value,
                attr_index,
                shown,
            });
        }
    }
}

const FIELD_ATTRIBUTES: &str = "`#[source]`, `#[from]` or `#[cce(retry_after)]`";

/// `#[source]`, `#[from]` and `#[cce(retry_after)]` on one field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) source: Option<Ident>,
    pub(crate) from: Option<Ident>,
    /// The `retry_after` key, for spans.
    pub(crate) retry_after: Option<Ident>,
}

pub(crate) fn parse_field(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs {
        retry_after: parse_cce(cx, attrs, Place::Field)
            .retry_after
            .map(|setting| setting.key),
        ..FieldAttrs::default()
    };
    for attr in attrs {
        let Some(ident) = attr.path().get_ident() else {
            continue;
        };
        let slot = if ident == "source" {
            &mut out.source
        } else if ident == "from" {
            &mut out.from
        } else {
            continue;
        };
        let name = if ident == "source" { "source" } else { "from" };
        if let Meta::List(_) | Meta::NameValue(_) = &attr.meta {
            cx.error_spanned_by(
                &attr.meta,
                format!("`#[{name}]` takes no arguments: write `#[{name}]`"),
            );
            continue;
        }
        if slot.is_some() {
            cx.error_spanned_by(attr, format!("`#[{name}]` is given twice on this field"));
            continue;
        }
        *slot = Some(ident.clone());
    }
    out
}
