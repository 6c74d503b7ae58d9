//! The checks that span several attributes or need the table. `check`
//! consumes the parsed input and returns the resolved model, or `None`
//! when it reported a mistake: each at the user's token, with what to
//! write instead.

use std::collections::HashMap;
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{GenericArgument, Member, PathArguments, Type};

use crate::ast::{self, Field, Input, Shape};
use crate::attr::{DetailAttr, Key, Setting};
use crate::ctxt::Ctxt;
use crate::model::{
    Detail, DetailText, Formatted, FromField, Kind, Model, Own, Ref, RowRef, Rows, Source,
    StdImpls, Variant,
};
use crate::table::{self, Naming, Row, Table};
use crate::template::{self, Arg, FmtTrait, Role};
use crate::{fmt, manifest};

pub(crate) fn check<'a>(cx: &Ctxt, input: Input<'a>) -> Option<Model<'a>> {
    cx.section(0);
    let derives = std_impls(cx, &input);
    let krate = crate_path(cx, &input);
    let mut rows = resolve_table(cx, &input)?;
    let shape = input.shape;
    let mut variants = Vec::with_capacity(input.variants.len());
    let mut complete = true;
    let mut own_count = 0;
    let mut slots = 0;
    let mut unit_rows: Vec<usize> = Vec::new();
    let mut sections = Vec::with_capacity(input.variants.len());
    for (i, variant) in input.variants.into_iter().enumerate() {
        cx.section(i + 1);
        let described = describe(shape, variant.ident);
        let checked = check_variant(cx, &rows, shape, &described, &variant, derives);
        let Some((kind, source, from)) = checked else {
            complete = false;
            continue;
        };
        let kind = match kind {
            Checked::Own {
                row,
                retry_after,
                detail,
            } => {
                let row_ref = match &mut rows {
                    Rows::Canonical(_) => RowRef::Canonical(row),
                    Rows::Custom { used, .. } => {
                        RowRef::Custom(used.iter().position(|&r| r == row).unwrap_or_else(|| {
                            used.push(row);
                            used.len() - 1
                        }))
                    }
                };
                // `from_body` builds variants without fields; when several
                // share a code, the first declared.
                let decodes = variant.fields.is_empty() && !unit_rows.contains(&row);
                if decodes {
                    unit_rows.push(row);
                }
                own_count += 1;
                Kind::Own(Own {
                    row,
                    meta: own_count - 1,
                    row_ref,
                    decodes,
                    retry_after,
                    detail,
                })
            }
            Checked::Transparent { field, key } => {
                slots += 1;
                Kind::Transparent {
                    field,
                    slot: slots - 1,
                    key,
                }
            }
        };
        sections.push(i + 1);
        variants.push(Variant {
            ident: variant.ident,
            written: variant.ident.to_string(),
            fields: variant.fields,
            source,
            from,
            kind,
        });
    }
    check_from_types(cx, shape, &variants, &sections, derives);
    let domain = input.attrs.domain.as_ref().map(|d| d.value.value());
    Some(Model {
        ident: input.ident,
        generics: input.generics,
        shape,
        krate: krate?,
        rows,
        derives,
        variants,
        own_count,
        domain,
    })
    .filter(|_| complete)
}

/// `variant `Name`` or `struct `Name``, for messages.
fn describe(shape: Shape, ident: &syn::Ident) -> String {
    match shape {
        Shape::Enum => format!("variant `{ident}`"),
        Shape::Struct => format!("struct `{ident}`"),
    }
}

fn kind_word(shape: Shape) -> &'static str {
    match shape {
        Shape::Enum => "variant",
        Shape::Struct => "struct",
    }
}

/// Which of `Display`, `Error` and `From` this derive writes: all but
/// those `skip(...)` names; none with `thiserror`.
fn std_impls(cx: &Ctxt, input: &Input<'_>) -> StdImpls {
    let attrs = &input.attrs;
    if let (Some(_), Some(skip)) = (&attrs.thiserror, &attrs.skip) {
        cx.error_spanned_by(
            &skip.key,
            "`thiserror` already leaves `Display`, `Error` and `From` to thiserror; remove `skip(...)`",
        );
    }
    let skips = attrs.skip.as_ref().map(|s| &s.value);
    let derives = if attrs.thiserror.is_some() {
        StdImpls {
            display: false,
            error: false,
            from: false,
        }
    } else {
        StdImpls {
            display: skips.is_none_or(|s| s.display.is_none()),
            error: skips.is_none_or(|s| s.error.is_none()),
            from: skips.is_none_or(|s| s.from.is_none()),
        }
    };
    // A skipped or thiserror key with a mistake elsewhere still says what
    // is left to others, so no error about `#[error]` is due then.
    let opted_out = attrs.wrote(Key::Thiserror) || attrs.wrote(Key::Skip);
    if !opted_out && (derives.display || derives.error) {
        let error_attr = attrs.error_attr.as_ref().or_else(|| {
            input
                .variants
                .iter()
                .find_map(|v| v.attrs.error_attr.as_ref())
        });
        if let Some(path) = error_attr {
            cx.error_spanned_by(
                path,
                "this type also derives thiserror's `Error` (it has `#[error(...)]`): add `#[cce(thiserror)]` to the type, so that `Display`, `Error` and the `From` impls come from thiserror and not from both derives",
            );
        }
    }
    derives
}

/// Where generated code finds the runtime crate: the `crate` key, else
/// `::cce_errors`, unless the crate's Cargo.toml renames the dependency.
fn crate_path(cx: &Ctxt, input: &Input<'_>) -> Option<TokenStream> {
    if let Some(setting) = &input.attrs.krate {
        return Some(setting.value.path.to_token_stream());
    }
    if input.attrs.wrote(Key::Crate) {
        // Its value was wrong, and reported.
        return None;
    }
    if let Some(name) = manifest::renamed_dependency() {
        cx.error_spanned_by(
            input.ident,
            format!(
                "Cargo.toml depends on cce-errors under the name `{name}`, and generated code names the crate `cce_errors`: add `#[cce(crate = \"{name}\")]` to `{}`",
                input.ident
            ),
        );
        return None;
    }
    Some(quote!(::cce_errors))
}

/// The CCE table, or the team's table `#[cce(table = "...")]` names; a
/// table that cannot be read is an error at its path.
fn resolve_table(cx: &Ctxt, input: &Input<'_>) -> Option<Rows> {
    let Some(setting) = &input.attrs.table else {
        return match table::canonical() {
            Ok(table) => Some(Rows::Canonical(table)),
            Err(why) => {
                cx.error_spanned_by(
                    input.ident,
                    format!("cce-errors-derive could not read its error-code table: {why}"),
                );
                None
            }
        };
    };
    let relative = setting.value.value();
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        cx.error_spanned_by(
            &setting.value,
            "`table` paths are relative to the crate's directory, and CARGO_MANIFEST_DIR is not set: build with cargo",
        );
        return None;
    };
    match table::load(Path::new(&manifest_dir), &relative, Naming::Attribute) {
        Ok((table, file)) => Some(Rows::Custom {
            table,
            written: relative,
            file,
            used: Vec::new(),
        }),
        Err(why) => {
            cx.error_spanned_by(&setting.value, why);
            None
        }
    }
}

enum Checked {
    Own {
        row: usize,
        retry_after: Option<usize>,
        detail: Option<Detail>,
    },
    Transparent {
        field: usize,
        key: proc_macro2::Span,
    },
}

/// Every check of one variant; `None` after reporting a mistake.
fn check_variant<'a>(
    cx: &Ctxt,
    rows: &Rows,
    shape: Shape,
    described: &str,
    variant: &ast::Variant<'a>,
    derives: StdImpls,
) -> Option<(Checked, Option<Source<'a>>, Option<FromField<'a>>)> {
    let attrs = &variant.attrs;
    let sources = check_sources(cx, shape, described, variant);
    let (retry_after, one_retry_after) = check_retry_after_fields(cx, described, variant);
    if let Some(transparent) = &attrs.transparent {
        let field = check_transparent(cx, shape, described, variant, transparent);
        let (_, from) = sources?;
        let key = transparent.key.span();
        return Some((Checked::Transparent { field: field?, key }, None, from));
    }
    let row = check_code(cx, rows, described, variant);
    let (source, from) = sources?;
    if let Some(source) = &source
        && derives.error
    {
        check_source_type(cx, &variant.fields[source.field], source.ty)?;
    }
    let detail = match &attrs.detail {
        Some(detail) => Some(check_detail(
            cx,
            shape,
            described,
            variant,
            source.as_ref(),
            detail,
        )?),
        None => None,
    };
    if let (Some(row), Some(detail)) = (row, &detail)
        && let DetailText::Fixed(text) = &detail.text
        && *text == rows.row(row).message
    {
        let code = &rows.row(row).code;
        cx.syn_error(syn::Error::new(
            detail.span,
            format!(
                "this `detail` is the message of {code} word for word; clients that show the message and the detail together (the Java SDK's CCE handler) would show it twice: leave `detail` out, or say what is particular to this error"
            ),
        ));
        return None;
    }
    if !one_retry_after {
        return None;
    }
    Some((
        Checked::Own {
            row: row?,
            retry_after,
            detail,
        },
        source,
        from,
    ))
}

/// The row of the variant's code; its status and `retry_after` agree
/// with the row.
fn check_code(
    cx: &Ctxt,
    rows: &Rows,
    described: &str,
    variant: &ast::Variant<'_>,
) -> Option<usize> {
    let attrs = &variant.attrs;
    let (table, custom) = match rows {
        Rows::Canonical(table) => (*table, false),
        Rows::Custom { table, .. } => (table, true),
    };
    if attrs.wrote(Key::Table) {
        // A `table` written on a variant (already an error) leaves which
        // table the code belongs to unknown: no guess at its code.
        return None;
    }
    let custom_name = custom.then(|| table_name(rows));
    let Some(code) = &attrs.code else {
        if !attrs.wrote(Key::Code) && !attrs.malformed {
            let on = if described.starts_with("struct") {
                " on the struct"
            } else {
                ""
            };
            // The example is a code of the table in use.
            let (example, from) = match (&custom_name, table.rows.first()) {
                (Some(name), Some(row)) => (row.code.as_str(), name.clone()),
                _ => ("CCE.01400001", "the CCE table".to_owned()),
            };
            cx.error_spanned_by(
                variant.ident,
                format!(
                    "{described} has no code: add `#[cce(code = \"{example}\")]`{on} with a code from {from}, or `#[cce(transparent)]` to take the code of its single field",
                ),
            );
        }
        return None;
    };
    let written = code.value.value();
    // Codes of other tables have other shapes; the table decides.
    if let Some(name) = &custom_name {
        let Some(index) = table.position(&written) else {
            cx.error_spanned_by(&code.value, unknown_code_message(table, &written, name));
            return None;
        };
        return check_row(cx, variant, &table.rows[index], name).then_some(index);
    }
    if let Err(why) = cce_errors_table::check_cce_shape(&written) {
        let fixed = written.trim().to_ascii_uppercase();
        let hint = if fixed != written.to_ascii_uppercase() && table.position(&fixed).is_some() {
            format!("; remove the white space around it: `{fixed}`")
        } else if table.position(&fixed).is_some() {
            format!("; did you mean `{fixed}`?")
        } else {
            String::new()
        };
        cx.error_spanned_by(&code.value, format!("{why}{hint}"));
        return None;
    }
    let Some(index) = table.position(&written) else {
        cx.error_spanned_by(
            &code.value,
            unknown_code_message(table, &written, CCE_TABLE),
        );
        return None;
    };
    check_row(cx, variant, &table.rows[index], "the CCE table").then_some(index)
}

fn table_name(rows: &Rows) -> String {
    match rows {
        Rows::Canonical(_) => "the CCE table".to_owned(),
        Rows::Custom { written, .. } => format!("`{written}`"),
    }
}

/// One `retry_after` field at most; returns it, and whether there was
/// only one.
fn check_retry_after_fields(
    cx: &Ctxt,
    described: &str,
    variant: &ast::Variant<'_>,
) -> (Option<usize>, bool) {
    let mut fields = variant
        .fields
        .iter()
        .filter(|f| f.attrs.retry_after.is_some());
    let first = fields.next().map(|f| f.index);
    let mut ok = true;
    for second in fields.filter_map(|f| f.attrs.retry_after.as_ref()) {
        ok = false;
        cx.error_spanned_by(
            second,
            format!(
                "{described} already has a `retry_after` field; a response has one `Retry-After`"
            ),
        );
    }
    (first, ok)
}

/// `transparent`: exactly one field, no settings of its own; returns the field.
fn check_transparent(
    cx: &Ctxt,
    shape: Shape,
    described: &str,
    variant: &ast::Variant<'_>,
    transparent: &Setting<()>,
) -> Option<usize> {
    let attrs = &variant.attrs;
    let mut ok = true;
    if let Some(key) = variant
        .fields
        .iter()
        .find_map(|f| f.attrs.retry_after.as_ref())
    {
        ok = false;
        cx.error_spanned_by(
            key,
            "a transparent variant takes `Retry-After` from its field's own `CceError`; remove `#[cce(retry_after)]`",
        );
    }
    if let Some(source) = variant.fields.iter().find_map(|f| f.attrs.source.as_ref()) {
        ok = false;
        cx.error_spanned_by(
            source,
            format!(
                "a transparent {} has no source of its own: `source()` is its field's own `source()`. Remove `#[source]`",
                kind_word(shape)
            ),
        );
    }
    if variant.fields.len() != 1 {
        ok = false;
        cx.error_spanned_by(
            &transparent.key,
            format!(
                "`transparent` needs exactly one field, the inner error whose code is used; {described} has {}",
                variant.fields.len()
            ),
        );
    }
    for (key, setting) in [
        (Key::Code, attrs.code.as_ref().map(|s| &s.key)),
        (Key::Status, attrs.status.as_ref().map(|s| &s.key)),
        (Key::Detail, attrs.detail.as_ref().map(|s| &s.key)),
    ] {
        if let Some(key_ident) = setting {
            ok = false;
            let key = key.name();
            cx.error_spanned_by(
                key_ident,
                format!(
                    "`{key}` cannot be combined with `transparent`: a transparent {} takes its {key} from its field; remove one of them",
                    kind_word(shape)
                ),
            );
        }
    }
    ok.then_some(0)
}

/// What a variant says that its row decides: the status, `retry_after`.
fn check_row(cx: &Ctxt, variant: &ast::Variant<'_>, row: &Row, source: &str) -> bool {
    let mut ok = true;
    if let Some(key) = variant
        .fields
        .iter()
        .find_map(|f| f.attrs.retry_after.as_ref())
        && !matches!(row.status, 429 | 503)
    {
        // `Retry-After` belongs to 429 and 503 responses (RFC 9110, section 10.2.3).
        ok = false;
        cx.error_spanned_by(
            key,
            format!(
                "`retry_after` is for responses with status 429 or 503, and `{}` ({}) has status {}; remove `#[cce(retry_after)]`, or use a 429 code such as `CCE.01429002`",
                row.code, row.message, row.status
            ),
        );
    }
    if let Some(status) = &variant.attrs.status
        && status.value.value != row.status
    {
        ok = false;
        cx.error_spanned_by(
            &status.value.lit,
            format!(
                "status {} disagrees with {source}: `{}` ({}) has status {}; write `status = {}` or leave `status` out",
                status.value.value, row.code, row.message, row.status, row.status
            ),
        );
    }
    ok
}

const CCE_TABLE: &str = "the CCE error-code table";

fn unknown_code_message(table: &Table, code: &str, source: &str) -> String {
    let what = if source == CCE_TABLE {
        "CCE error code"
    } else {
        "error code"
    };
    let suggestion = table.suggest(code, "`cce_errors::ErrorCode::all()` lists the codes");
    format!("unknown {what} `{code}`: it is not in {source}{suggestion}")
}

/// `#[source]` / `#[from]`: at most one source, and `#[from]` alone.
/// Returns the source (marked, or a field named `source`) and the
/// `#[from]` field.
fn check_sources<'a>(
    cx: &Ctxt,
    shape: Shape,
    described: &str,
    variant: &ast::Variant<'a>,
) -> Option<(Option<Source<'a>>, Option<FromField<'a>>)> {
    let mut explicit = variant
        .fields
        .iter()
        .filter(|f| f.attrs.from.is_some() || f.attrs.source.is_some());
    let first = explicit.next();
    let seconds: Vec<_> = explicit
        .filter_map(|f| f.attrs.from.as_ref().or(f.attrs.source.as_ref()))
        .collect();
    for second in &seconds {
        cx.error_spanned_by(
            second,
            format!(
                "{described} already has a source; an error has at most one `#[source]` or `#[from]` field"
            ),
        );
    }
    if !seconds.is_empty() {
        // Whether `#[from]` may stand beside other fields is moot until
        // there is one source.
        return None;
    }
    let from = variant.fields.iter().find(|f| f.attrs.from.is_some());
    if let Some(key) = from.and_then(|f| f.attrs.from.as_ref())
        && variant.fields.len() > 1
    {
        cx.error_spanned_by(
            key,
            format!(
                "`#[from]` needs the {} to have only this field, since `From` has nothing to fill the others with; use `#[source]` and build the value yourself",
                kind_word(shape)
            ),
        );
        return None;
    }
    let source = first
        .or_else(|| variant.fields.iter().find(|f| f.named_source()))
        .map(|field| Source {
            field: field.index,
            ty: option_inner(field.ty).unwrap_or(field.ty),
            optional: option_inner(field.ty).is_some(),
        });
    let from = from.map(|field| FromField {
        field: field.index,
        ty: option_inner(field.ty).unwrap_or(field.ty),
        optional: option_inner(field.ty).is_some(),
    });
    Some((source, from))
}

/// What `source()` can return: an error type that owns its data. Types
/// that surely are no error, and borrowed ones, are reported here, where
/// the message can say why the field is a source and what to write
/// instead; any other type that is no error meets the compiler's own
/// "`Error` is not implemented" at the field's type.
fn check_source_type(cx: &Ctxt, field: &Field<'_>, ty: &Type) -> Option<()> {
    let shown = ast::tokens_text(ty);
    let how = if field.attrs.from.is_some() {
        How::From
    } else if field.attrs.source.is_some() {
        How::Source
    } else {
        How::Named
    };
    if let Some(lifetime) = borrowed_lifetime(ty.to_token_stream()) {
        let owned = shown.replace(&format!("'{lifetime}"), "'static");
        cx.error_spanned_by(
            field.ty,
            format!(
                "a source error must be `'static`, since `source()` returns it as `&(dyn Error + 'static)`, and `{shown}` borrows for `'{lifetime}`: give the field a type that owns its data (such as `{owned}`), or {}",
                match how {
                    How::From => "remove `#[from]` to keep the value without making it the source",
                    How::Source => "remove `#[source]` to keep the value without making it the source",
                    How::Named => "rename the field: a field named `source` is taken as the source error",
                }
            ),
        );
        return None;
    }
    if known_not_error(ty) {
        let message = match how {
            How::Named => format!(
                "a field named `source` is taken as the source error, and `{shown}` is not an error type: rename the field (for example to `source_name`), or mark the field that holds the underlying error `#[source]`"
            ),
            How::Source => format!(
                "`{shown}` is not an error type, so it cannot be the source: `#[source]` marks the field holding the error that caused this one. Remove `#[source]`, or give the field an error type"
            ),
            How::From => format!(
                "`{shown}` is not an error type, so it cannot be the source that `#[from]` makes it: remove `#[from]` (and write the `From` impl yourself if you need one), or give the field an error type"
            ),
        };
        match how {
            How::Named => match &field.member {
                Member::Named(name) => cx.error_spanned_by(name, message),
                Member::Unnamed(_) => cx.error_spanned_by(field.ty, message),
            },
            How::From | How::Source => cx.error_spanned_by(field.ty, message),
        }
        return None;
    }
    Some(())
}

enum How {
    From,
    Source,
    Named,
}

/// The first lifetime of a type that is not `'static`.
fn borrowed_lifetime(tokens: TokenStream) -> Option<String> {
    let mut after_quote = false;
    for tree in tokens {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                after_quote = true;
                continue;
            }
            TokenTree::Ident(ident) if after_quote && ident != "static" => {
                return Some(ident.to_string());
            }
            TokenTree::Group(group) => {
                if let Some(found) = borrowed_lifetime(group.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
        after_quote = false;
    }
    None
}

/// `E` of `Option<E>`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let segments = &path.path.segments;
    let last = segments.last()?;
    let std_path = segments.len() == 1
        || (segments.len() >= 2 && segments[segments.len() - 2].ident == "option");
    if last.ident != "Option" || !std_path {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter();
    match (types.next(), types.next()) {
        (Some(GenericArgument::Type(inner)), None) => Some(inner),
        _ => None,
    }
}

/// What a field's type surely is, seen through references and smart
/// pointers, for the few questions a type's name answers: is it an error,
/// can it be a path.
enum Seen {
    /// A tuple, slice, array, pointer or function pointer.
    Structural,
    /// A path the user cannot have pointed elsewhere (one segment, or from
    /// `std`, `core` or `alloc`): its last segment.
    Named(String),
    Unknown,
}

fn seen(ty: &Type) -> Seen {
    match ty {
        Type::Reference(reference) => seen(&reference.elem),
        Type::Paren(inner) => seen(&inner.elem),
        Type::Group(inner) => seen(&inner.elem),
        Type::Slice(_) | Type::Array(_) | Type::Tuple(_) | Type::Ptr(_) | Type::FnPtr(_) => {
            Seen::Structural
        }
        Type::Path(path) if path.qself.is_none() => {
            let segments = &path.path.segments;
            let Some(last) = segments.last() else {
                return Seen::Unknown;
            };
            let from_std = segments.len() == 1
                || matches!(
                    segments.first().map(|s| s.ident.to_string()).as_deref(),
                    Some("std" | "core" | "alloc")
                );
            if !from_std {
                return Seen::Unknown;
            }
            let name = last.ident.to_string();
            if matches!(name.as_str(), "Box" | "Rc" | "Arc" | "Cow") {
                let PathArguments::AngleBracketed(args) = &last.arguments else {
                    return Seen::Unknown;
                };
                return args
                    .args
                    .iter()
                    .find_map(|arg| match arg {
                        GenericArgument::Type(inner) => Some(seen(inner)),
                        _ => None,
                    })
                    .unwrap_or(Seen::Unknown);
            }
            Seen::Named(name)
        }
        _ => Seen::Unknown,
    }
}

/// Standard types that are no error; `Path` and `PathBuf` are the last two.
const NOT_ERRORS: &[&str] = &[
    "bool",
    "char",
    "str",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "String",
    "OsString",
    "OsStr",
    "Vec",
    "VecDeque",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "IpAddr",
    "Ipv4Addr",
    "Ipv6Addr",
    "SocketAddr",
    "SocketAddrV4",
    "SocketAddrV6",
    "Duration",
    "Instant",
    "SystemTime",
    "PathBuf",
    "Path",
];

/// Types of the standard library that are surely no error: primitives,
/// strings, paths, collections, addresses, times, and references, boxes
/// and tuples of them.
fn known_not_error(ty: &Type) -> bool {
    match seen(ty) {
        Seen::Structural => true,
        Seen::Named(name) => NOT_ERRORS.contains(&name.as_str()),
        Seen::Unknown => false,
    }
}

/// Whether a type can be a `Path` or `PathBuf` (behind a reference or a
/// pointer): any type but the standard ones known to be something else,
/// as a user's type alias may name a path.
fn may_be_path(ty: &Type) -> bool {
    match seen(ty) {
        Seen::Structural => false,
        Seen::Named(name) => {
            let others = &NOT_ERRORS[..NOT_ERRORS.len() - 2];
            !others.contains(&name.as_str())
        }
        Seen::Unknown => true,
    }
}

/// Two `#[from]` fields of the same type would generate conflicting `From` impls.
fn check_from_types(
    cx: &Ctxt,
    shape: Shape,
    variants: &[Variant<'_>],
    sections: &[usize],
    derives: StdImpls,
) {
    if !derives.from || shape == Shape::Struct {
        return;
    }
    let mut seen: HashMap<String, &syn::Ident> = HashMap::new();
    for (variant, section) in variants.iter().zip(sections) {
        cx.section(*section);
        let Some(from) = &variant.from else {
            continue;
        };
        let from_ty = from.ty;
        let ty = ast::tokens_text(from_ty);
        if let Some(first) = seen.get(&ty) {
            cx.error_spanned_by(
                from_ty,
                format!(
                    "variant `{first}` already has `#[from] {ty}`; two `From<{ty}>` impls would conflict. Keep `#[from]` on one and use `#[source]` on the other"
                ),
            );
        } else {
            seen.insert(ty, variant.ident);
        }
    }
}

/// Parses `detail` and resolves what each placeholder and argument refers to.
fn check_detail(
    cx: &Ctxt,
    shape: Shape,
    described: &str,
    variant: &ast::Variant<'_>,
    source: Option<&Source<'_>>,
    setting: &Setting<DetailAttr>,
) -> Option<Detail> {
    let DetailAttr { lit, args } = &setting.value;
    let written = lit.value();
    let template = match template::parse(&written) {
        Ok(template) => template,
        Err(why) => {
            cx.error_spanned_by(lit, why);
            return None;
        }
    };
    let mut fields_read = Vec::new();
    let args = match args {
        Some(tokens) => {
            let scope = fmt::Scope {
                fields: &variant.fields,
                source: source.map(|s| s.field),
                described: described.to_owned(),
                is_struct: shape == Shape::Struct,
            };
            Some(fmt::parse(cx, tokens.clone(), &scope, &mut fields_read)?)
        }
        None => None,
    };
    let mut resolver = Resolver {
        variant,
        args: args.as_ref(),
        source: source.map(|s| s.field),
        next: 0,
        used: vec![false; args.as_ref().map_or(0, fmt::Args::len)],
    };
    let mapped = template.try_map(|arg| resolver.resolve(arg));
    let template = match mapped {
        Ok(template) => template,
        Err(mistakes) => {
            report(cx, lit, described, &resolver, mistakes);
            return None;
        }
    };
    let used = std::mem::take(&mut resolver.used);
    let mut ok = true;
    if let Some(args) = &args {
        let all = (args.positional.iter()).chain(args.named.iter().map(|(_, _, arg)| arg));
        for (arg, used) in all.zip(&used) {
            if !used {
                ok = false;
                cx.error_spanned_by(
                    &arg.written,
                    "this argument of `detail(...)` is never used: add a placeholder for it to the format string, or remove it",
                );
            }
        }
    }
    if !ok {
        return None;
    }
    let text = if let (Some(text), None) = (template.fixed_text(), &args) {
        DetailText::Fixed(text)
    } else {
        for (reference, _) in template.references() {
            if let Ref::Field(field) = reference
                && !fields_read.contains(field)
            {
                fields_read.push(*field);
            }
        }
        fields_read.sort_unstable();
        // Paths show as `.display()` shows them, which takes a method
        // call per placeholder: only where the type may be one.
        let mut paths: Vec<usize> = template
            .references()
            .filter_map(|(reference, role)| match (reference, role) {
                (Ref::Field(field), Role::Value(FmtTrait::Display))
                    if may_be_path(variant.fields[*field].ty) =>
                {
                    Some(*field)
                }
                _ => None,
            })
            .collect();
        paths.sort_unstable();
        paths.dedup();
        let args = args.map_or_else(Vec::new, |args| {
            args.positional
                .into_iter()
                .chain(args.named.into_iter().map(|(_, _, arg)| arg))
                .map(|arg| arg.tokens)
                .collect()
        });
        DetailText::Formatted(Formatted {
            template,
            args,
            fields: fields_read,
            paths,
        })
    };
    Some(Detail {
        written,
        span: lit.span(),
        text,
    })
}

/// What went wrong with one reference of a template.
enum Mistake {
    /// Names no field (and no argument): reported together.
    Missing(Arg),
    /// Names the source field.
    Source(Arg, String),
    /// `{}` or `.*` in a `detail` without arguments.
    NoArguments(Arg),
    /// `{}` or `.*` past the last positional argument: its number.
    TooFew(Arg, usize),
    /// `{3}` that is neither a tuple field nor a positional argument.
    NoSuchArgument(usize),
}

struct Resolver<'r, 'a> {
    variant: &'r ast::Variant<'a>,
    args: Option<&'r fmt::Args>,
    source: Option<usize>,
    /// How many positional arguments `{}` and `.*` took.
    next: usize,
    used: Vec<bool>,
}

impl Resolver<'_, '_> {
    fn positional(&self) -> usize {
        self.args.map_or(0, |a| a.positional.len())
    }

    fn resolve(&mut self, arg: Arg) -> Result<Ref, Mistake> {
        let fields = &self.variant.fields;
        let positional = self.positional();
        let reference = match &arg {
            Arg::Next | Arg::Star => {
                if self.args.is_none() {
                    return Err(Mistake::NoArguments(arg));
                }
                self.next += 1;
                if self.next > positional {
                    return Err(Mistake::TooFew(arg, self.next));
                }
                Ref::Arg(self.next - 1)
            }
            // A tuple field first, as thiserror reads `{0}`.
            Arg::Index(i) => match fields.get(*i).filter(|f| !f.is_named()) {
                Some(field) => Ref::Field(field.index),
                None if *i < positional => Ref::Arg(*i),
                None if self.args.is_some() => return Err(Mistake::NoSuchArgument(*i)),
                None => return Err(Mistake::Missing(arg)),
            },
            // A named argument first, as `format!` reads `{name}`.
            Arg::Name(name) => match self.args.and_then(|a| a.named(name)) {
                Some(j) => Ref::Arg(positional + j),
                None => match fields.iter().find(|f| f.is_named() && f.name() == *name) {
                    Some(field) => Ref::Field(field.index),
                    None => return Err(Mistake::Missing(arg)),
                },
            },
        };
        match reference {
            Ref::Arg(j) => self.used[j] = true,
            Ref::Field(f) if Some(f) == self.source => {
                return Err(Mistake::Source(arg, fields[f].name().to_owned()));
            }
            Ref::Field(_) => {}
        }
        Ok(reference)
    }
}

/// The mistakes of one template: the placeholders that name nothing in
/// one message, each other mistake in its own.
fn report(
    cx: &Ctxt,
    lit: &syn::LitStr,
    described: &str,
    resolver: &Resolver<'_, '_>,
    mistakes: Vec<Mistake>,
) {
    let mut missing: Vec<Arg> = Vec::new();
    let mut messages: Vec<String> = Vec::new();
    let positional = resolver.positional();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    for mistake in mistakes {
        let message = match mistake {
            Mistake::Missing(arg) => {
                if !missing.contains(&arg) {
                    missing.push(arg);
                }
                continue;
            }
            Mistake::Source(arg, field) => format!(
                "`{}` in `detail` names the source error `{field}`: a source's text is internal and never goes into a response. To show a value of it to clients, add a field holding just that value and name that field in `detail`",
                arg.shown()
            ),
            Mistake::NoArguments(Arg::Star) => "`.*` in `detail` takes the precision from an argument, and this `detail` has none: name a field instead, as in `{value:.precision$}`, or give the precision as an argument of `detail(\"...\", ...)`".to_owned(),
            Mistake::NoArguments(_) => "`{}` in `detail` names no field: write `{0}` for a tuple field or `{name}` for a named one, or give its value as an argument: `detail(\"{}\", value)`".to_owned(),
            Mistake::TooFew(arg, number) => format!(
                "`{}` in `detail` takes positional argument number {number}, and `detail(...)` has {positional} positional argument{}: add one, or name a field instead",
                arg.shown(),
                plural(positional)
            ),
            Mistake::NoSuchArgument(index) => {
                let fields = &resolver.variant.fields;
                let tuple = fields.first().is_some_and(|f| !f.is_named());
                let field = if tuple {
                    format!(
                        "; nor is it a field: {described} has {} field{}",
                        fields.len(),
                        plural(fields.len())
                    )
                } else {
                    String::new()
                };
                format!(
                    "`{{{index}}}` in `detail` refers to positional argument number {}, and `detail(...)` has {positional}{field}",
                    index + 1
                )
            }
        };
        if !messages.contains(&message) {
            messages.push(message);
        }
    }
    if !missing.is_empty() {
        let mut message = missing_fields_message(described, resolver.variant, &missing);
        for arg in &missing {
            if let Arg::Name(name) = arg {
                message.push_str(&name_hint(name));
            }
        }
        cx.error_spanned_by(lit, message);
    }
    for message in messages {
        cx.error_spanned_by(lit, message);
    }
}

/// What a name that is no field may have been meant as, in thiserror's
/// `#[error(...)]`: a constant in scope, or the error itself.
fn name_hint(name: &str) -> String {
    if name == "self" {
        "; to format the whole error, give it as an argument: `detail(\"{:?}\", self)`".to_owned()
    } else if name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        format!(
            "; to format a constant, give it as a named argument: `detail(\"{{{name}}}\", {name} = {name})`"
        )
    } else {
        String::new()
    }
}

/// One message for every placeholder of a `detail` that names no field.
fn missing_fields_message(described: &str, variant: &ast::Variant<'_>, missing: &[Arg]) -> String {
    let what = described;
    let shown = |args: &[&Arg]| {
        args.iter()
            .map(|a| format!("`{}`", a.shown()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing: Vec<&Arg> = missing.iter().collect();
    if variant.fields.is_empty() {
        return format!(
            "{} in `detail`: {what} has no fields, so its detail can only be fixed text",
            shown(&missing)
        );
    }
    let fields = variant
        .fields
        .iter()
        .map(|f| format!("`{{{}}}`", f.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let tuple = !variant.fields[0].is_named();
    let (wrong_style, wrong_target): (Vec<&Arg>, Vec<&Arg>) = missing
        .iter()
        .partition(|arg| matches!(arg, Arg::Name(_)) == tuple);
    let mut sentences = Vec::new();
    if !wrong_style.is_empty() {
        let how = if tuple {
            "have no names; refer to them by position"
        } else {
            "are named; refer to them by name"
        };
        sentences.push(format!(
            "{} in `detail`: the fields of {what} {how}: {fields}",
            shown(&wrong_style)
        ));
    }
    for arg in wrong_target {
        sentences.push(match arg {
            Arg::Index(_) | Arg::Next | Arg::Star => format!(
                "`{}` in `detail` is out of range: {what} has {} field{}: {fields}",
                arg.shown(),
                variant.fields.len(),
                if variant.fields.len() == 1 { "" } else { "s" },
            ),
            Arg::Name(name) => {
                let nearest = variant
                    .fields
                    .iter()
                    .map(|f| (cce_errors_table::edit_distance(name, f.name()), f.name()))
                    .filter(|(d, field)| {
                        *d <= 2 || field.starts_with(name.as_str()) || name.starts_with(*field)
                    })
                    .min();
                let hint =
                    nearest.map_or(String::new(), |(_, n)| format!("; did you mean `{{{n}}}`?"));
                format!(
                    "`{}` in `detail` names no field of {what} (its fields: {fields}){hint}",
                    arg.shown()
                )
            }
        });
    }
    sentences.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(source: &str) -> Type {
        syn::parse_str(source).unwrap()
    }

    #[test]
    fn what_a_type_name_says() {
        for path in [
            "PathBuf",
            "&'a std::path::Path",
            "Box<Path>",
            "std::borrow::Cow<'a, Path>",
            "ConfigPath",
            "T",
            "crate::String",
        ] {
            assert!(may_be_path(&ty(path)), "{path}");
        }
        for other in [
            "String",
            "&'a str",
            "u32",
            "Cow<'a, str>",
            "(u8, u8)",
            "Vec<u8>",
        ] {
            assert!(!may_be_path(&ty(other)), "{other}");
        }
        for no_error in [
            "String",
            "&'static str",
            "Box<str>",
            "[u8; 4]",
            "std::net::IpAddr",
        ] {
            assert!(known_not_error(&ty(no_error)), "{no_error}");
        }
        for maybe in [
            "std::io::Error",
            "Box<dyn std::error::Error>",
            "anyhow::Error",
            "crate::String",
            "E",
        ] {
            assert!(!known_not_error(&ty(maybe)), "{maybe}");
        }
    }
}
