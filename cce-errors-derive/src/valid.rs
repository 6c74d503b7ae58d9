//! Checks that span several attributes or need the table. Each mistake is
//! reported at the user's token with what to write instead; `expand` runs
//! only when none was found.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use syn::Member;

use crate::ast::{Custom, Field, Input, Kind, Resolved, Variant};
use crate::attr::CceAttrs;
use crate::ctxt::Ctxt;
use crate::table::{self, Table};
use crate::template::{self, Arg, Template};

pub(crate) fn check(cx: &Ctxt, input: &mut Input<'_>) {
    cx.section(0);
    let Some(resolved) = resolve_table(cx, input) else {
        return;
    };
    if !input.attrs.wrote(crate::attr::key::THISERROR) {
        let error_attr = input.attrs.error_attr.as_ref().or_else(|| {
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
    let mut results = Vec::new();
    for (i, variant) in input.variants.iter().enumerate() {
        cx.section(i + 1);
        let settings = input.settings(variant);
        results.push((
            check_variant(cx, &resolved, variant, settings),
            check_detail(cx, variant, settings),
        ));
    }
    check_from_types(cx, &input.variants);
    for (variant, (row, template)) in input.variants.iter_mut().zip(results) {
        variant.row = row;
        variant.template = template;
    }
    input.table = Some(resolved);
}

/// The CCE table, or the team's table `#[cce(table = "...")]` names; a
/// table that cannot be read is an error at its path.
fn resolve_table(cx: &Ctxt, input: &Input<'_>) -> Option<Resolved> {
    let Some(setting) = &input.attrs.table else {
        return match table::canonical() {
            Ok(table) => Some(Resolved {
                table: Cow::Borrowed(table),
                custom: None,
            }),
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
    match table::load(Path::new(&manifest_dir), &relative) {
        Ok((table, absolute)) => Some(Resolved {
            table: Cow::Owned(table),
            custom: Some(Custom { relative, absolute }),
        }),
        Err(why) => {
            cx.error_spanned_by(&setting.value, why);
            None
        }
    }
}

/// The code, status and transparency of one variant; returns the code's row.
fn check_variant(
    cx: &Ctxt,
    resolved: &Resolved,
    variant: &Variant<'_>,
    attrs: &CceAttrs,
) -> Option<usize> {
    let table = &*resolved.table;
    check_sources(cx, variant);
    check_retry_after_fields(cx, variant);
    if let Some(transparent) = &attrs.transparent {
        check_transparent(cx, variant, attrs, transparent);
        return None;
    }
    if attrs.wrote(crate::attr::key::TABLE) {
        // A `table` written on a variant (already an error) leaves which
        // table the code belongs to unknown: no guess at its code.
        return None;
    }
    let Some(code) = &attrs.code else {
        if !attrs.wrote(crate::attr::key::CODE) && !attrs.malformed {
            let on = match variant.kind {
                Kind::Variant => "",
                Kind::Struct => " on the struct",
            };
            // The example is a code of the table in use.
            let (example, from) = match (&resolved.custom, table.rows.first()) {
                (Some(custom), Some(row)) => (row.code.as_str(), format!("`{}`", custom.relative)),
                _ => ("CCE.01400001", "the CCE table".to_owned()),
            };
            cx.error_spanned_by(
                variant.ident,
                format!(
                    "{} has no code: add `#[cce(code = \"{example}\")]`{on} with a code from {from}, or `#[cce(transparent)]` to take the code of its single field",
                    variant.describe()
                ),
            );
        }
        return None;
    };
    let written = code.value.value();
    // Codes of other tables have other shapes; the table decides.
    if let Some(custom) = &resolved.custom {
        let Some(index) = table.position(&written) else {
            cx.error_spanned_by(
                &code.value,
                unknown_code_message(table, &written, &format!("`{}`", custom.relative)),
            );
            return None;
        };
        check_row(
            cx,
            variant,
            attrs,
            &table.rows[index],
            &format!("`{}`", custom.relative),
        );
        return Some(index);
    }
    if let Err(why) = table::check_cce_shape(&written) {
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
    check_row(cx, variant, attrs, &table.rows[index], "the CCE table");
    Some(index)
}

/// One `retry_after` field at most.
fn check_retry_after_fields(cx: &Ctxt, variant: &Variant<'_>) {
    let mut retry_after = variant
        .fields
        .iter()
        .filter_map(|f| f.attrs.retry_after.as_ref());
    if retry_after.next().is_some() {
        for second in retry_after {
            cx.error_spanned_by(
                second,
                format!(
                    "{} already has a `retry_after` field; a response has one `Retry-After`",
                    variant.describe()
                ),
            );
        }
    }
}

/// `transparent`: exactly one field, no settings of its own.
fn check_transparent(
    cx: &Ctxt,
    variant: &Variant<'_>,
    attrs: &CceAttrs,
    transparent: &crate::attr::Setting<()>,
) {
    if let Some(key) = variant
        .fields
        .iter()
        .find_map(|f| f.attrs.retry_after.as_ref())
    {
        cx.error_spanned_by(
            key,
            "a transparent variant takes `Retry-After` from its field's own `CceError`; remove `#[cce(retry_after)]`",
        );
    }
    if variant.fields.len() != 1 {
        cx.error_spanned_by(
            &transparent.key,
            format!(
                "`transparent` needs exactly one field, the inner error whose code is used; {} has {}",
                variant.describe(),
                variant.fields.len()
            ),
        );
    }
    for (key, setting) in [
        ("code", attrs.code.as_ref().map(|s| &s.key)),
        ("status", attrs.status.as_ref().map(|s| &s.key)),
        ("detail", attrs.detail.as_ref().map(|s| &s.key)),
    ] {
        if let Some(key_ident) = setting {
            cx.error_spanned_by(
                key_ident,
                format!(
                    "`{key}` cannot be combined with `transparent`: a transparent {} takes its {key} from its field; remove one of them",
                    if variant.kind == Kind::Struct { "struct" } else { "variant" }
                ),
            );
        }
    }
}

/// What a variant says that its row decides: the status, `retry_after`.
fn check_row(cx: &Ctxt, variant: &Variant<'_>, attrs: &CceAttrs, row: &table::Row, source: &str) {
    check_retry_after(cx, variant, row);
    if let Some(status) = &attrs.status
        && status.value.value != row.status
    {
        cx.error_spanned_by(
            &status.value.lit,
            format!(
                "status {} disagrees with {source}: `{}` ({}) has status {}; write `status = {}` or leave `status` out",
                status.value.value, row.code, row.message, row.status, row.status
            ),
        );
    }
}

/// `Retry-After` belongs to 429 and 503 responses (RFC 9110, section 10.2.3).
fn check_retry_after(cx: &Ctxt, variant: &Variant<'_>, row: &table::Row) {
    let Some(key) = variant
        .retry_after_field()
        .and_then(|f| f.attrs.retry_after.as_ref())
    else {
        return;
    };
    if !matches!(row.status, 429 | 503) {
        cx.error_spanned_by(
            key,
            format!(
                "`retry_after` is for responses with status 429 or 503, and `{}` ({}) has status {}; remove `#[cce(retry_after)]`, or use a 429 code such as `CCE.01429002`",
                row.code, row.message, row.status
            ),
        );
    }
}

const CCE_TABLE: &str = "the CCE error-code table";

fn unknown_code_message(table: &Table, code: &str, source: &str) -> String {
    let near = table.nearest(code);
    let what = if source == CCE_TABLE {
        "CCE error code"
    } else {
        "error code"
    };
    let mut message = format!("unknown {what} `{code}`: it is not in {source}");
    if near.is_empty() && table.rows.len() <= 12 {
        let codes = table
            .rows
            .iter()
            .map(|row| format!("`{}`", row.code))
            .collect::<Vec<_>>()
            .join(", ");
        message.push_str("; its codes are ");
        message.push_str(&codes);
    } else if near.is_empty() {
        message.push_str("; `cce_errors::ErrorCode::all()` lists the codes");
    } else {
        let listed = near
            .iter()
            .map(|row| format!("`{}` ({})", row.code, row.message))
            .collect::<Vec<_>>()
            .join(" or ");
        message.push_str("; did you mean ");
        message.push_str(&listed);
        message.push('?');
    }
    message
}

/// `#[source]` / `#[from]`: at most one source, and `#[from]` alone.
fn check_sources(cx: &Ctxt, variant: &Variant<'_>) {
    let mut explicit = variant
        .fields
        .iter()
        .filter_map(|f| f.attrs.from.as_ref().or(f.attrs.source.as_ref()));
    if explicit.next().is_some() {
        let mut seconds = explicit.peekable();
        if seconds.peek().is_some() {
            for second in seconds {
                cx.error_spanned_by(
                    second,
                    format!(
                        "{} already has a source; an error has at most one `#[source]` or `#[from]` field",
                        variant.describe()
                    ),
                );
            }
            // Whether `#[from]` may stand beside other fields is moot until
            // there is one source.
            return;
        }
    }
    if let Some(from) = variant.fields.iter().find_map(|f| f.attrs.from.as_ref())
        && variant.fields.len() > 1
    {
        cx.error_spanned_by(
            from,
            format!(
                "`#[from]` needs the {} to have only this field, since `From` has nothing to fill the others with; use `#[source]` and build the value yourself",
                if variant.kind == Kind::Struct { "struct" } else { "variant" }
            ),
        );
    }
}

/// Two `#[from]` fields of the same type would generate conflicting `From` impls.
fn check_from_types(cx: &Ctxt, variants: &[Variant<'_>]) {
    let mut seen: HashMap<String, &syn::Ident> = HashMap::new();
    for (i, variant) in variants.iter().enumerate() {
        cx.section(i + 1);
        // A `#[from]` beside other fields is already an error, and makes no impl.
        if let Some(field) = variant.field_with_from()
            && variant.fields.len() == 1
        {
            let ty = crate::ast::tokens_text(field.ty);
            if let Some(first) = seen.get(&ty) {
                cx.error_spanned_by(
                    field.ty,
                    format!(
                        "variant `{first}` already has `#[from] {ty}`; two `From<{ty}>` impls would conflict. Keep `#[from]` on one and use `#[source]` on the other"
                    ),
                );
            } else {
                seen.insert(ty, variant.ident);
            }
        }
    }
}

/// Parses `detail` and checks that it names real, non-source fields.
fn check_detail(cx: &Ctxt, variant: &Variant<'_>, attrs: &CceAttrs) -> Option<Template> {
    let detail = &attrs.detail.as_ref()?.value;
    let parsed = match template::parse(&detail.value()) {
        Ok(parsed) => parsed,
        Err(why) => {
            cx.error_spanned_by(detail, why);
            return None;
        }
    };
    let source = variant.source_field().map(Field::name);
    let mut missing = Vec::new();
    let mut ok = true;
    for arg in parsed.args() {
        let Some(field) = find_field(variant, arg) else {
            if !missing.contains(&arg) {
                missing.push(arg);
            }
            ok = false;
            continue;
        };
        if source.as_deref() == Some(field.as_str()) {
            cx.error_spanned_by(
                detail,
                format!(
                    "`{}` in `detail` names the source error `{field}`: a source's text is internal and never goes into a response. To show a value of it to clients, add a field holding just that value and name that field in `detail`",
                    arg.shown()
                ),
            );
            ok = false;
        }
    }
    if !missing.is_empty() {
        cx.error_spanned_by(detail, missing_fields_message(variant, &missing));
    }
    ok.then_some(parsed)
}

/// The name of the field `arg` refers to, if the variant has it.
fn find_field(variant: &Variant<'_>, arg: &Arg) -> Option<String> {
    variant
        .fields
        .iter()
        .find(|f| match (&f.member, arg) {
            (Member::Unnamed(index), Arg::Index(i)) => index.index as usize == *i,
            (Member::Named(_), Arg::Name(name)) => f.name() == *name,
            _ => false,
        })
        .map(Field::name)
}

/// One message for every placeholder of a `detail` that names no field.
fn missing_fields_message(variant: &Variant<'_>, missing: &[&Arg]) -> String {
    let what = variant.describe();
    let shown = |args: &[&Arg]| {
        args.iter()
            .map(|a| format!("`{}`", a.shown()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if variant.fields.is_empty() {
        return format!(
            "{} in `detail`: {what} has no fields, so its detail can only be fixed text",
            shown(missing)
        );
    }
    let fields = variant
        .fields
        .iter()
        .map(|f| format!("`{{{}}}`", f.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let tuple = matches!(variant.fields[0].member, Member::Unnamed(_));
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
            Arg::Index(_) => format!(
                "`{}` in `detail` is out of range: {what} has {} field{}: {fields}",
                arg.shown(),
                variant.fields.len(),
                if variant.fields.len() == 1 { "" } else { "s" },
            ),
            Arg::Name(name) => {
                let nearest = variant
                    .fields
                    .iter()
                    .map(|f| (strsim::osa_distance(name, &f.name()), f.name()))
                    .filter(|(d, field)| {
                        *d <= 2
                            || field.starts_with(name.as_str())
                            || name.starts_with(field.as_str())
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
