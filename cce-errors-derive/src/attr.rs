//! Parsing `#[cce(...)]` and the field attributes `#[source]` / `#[from]`.
//!
//! Every key is parsed to the end of its value even when it is wrong, so one
//! build reports every mistake of an attribute list, not only the first.
//! What a key may be, where it goes and how its value looks are answered by
//! one `match` on [`Key`] each, so the compiler finds the arm a new key
//! forgot.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::parse::discouraged::Speculative as _;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitInt, LitStr, Meta, Path, Token};

use crate::ctxt::Ctxt;

/// The keys of `#[cce(...)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Code,
    Status,
    Detail,
    Transparent,
    Table,
    Crate,
    Thiserror,
    Skip,
    RetryAfter,
    Domain,
}

impl Key {
    /// Every key, in the order messages list them.
    pub(crate) const ALL: [Key; 10] = [
        Key::Code,
        Key::Status,
        Key::Detail,
        Key::Transparent,
        Key::Table,
        Key::Crate,
        Key::Thiserror,
        Key::Skip,
        Key::RetryAfter,
        Key::Domain,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Key::Code => "code",
            Key::Status => "status",
            Key::Detail => "detail",
            Key::Transparent => "transparent",
            Key::Table => "table",
            Key::Crate => "crate",
            Key::Thiserror => "thiserror",
            Key::Skip => "skip",
            Key::RetryAfter => "retry_after",
            Key::Domain => "domain",
        }
    }

    fn named(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|key| key.name() == name)
    }

    /// Whether the key may be written at `place`.
    fn allowed_at(self, place: Place) -> bool {
        match self {
            Key::Code | Key::Status | Key::Detail | Key::Transparent => {
                matches!(place, Place::Struct | Place::Variant)
            }
            Key::Table | Key::Crate | Key::Thiserror | Key::Skip | Key::Domain => {
                matches!(place, Place::Enum | Place::Struct)
            }
            Key::RetryAfter => place == Place::Field,
        }
    }

    /// Where the key belongs, for the message when it is written elsewhere.
    fn home(self) -> &'static str {
        match self {
            Key::Code | Key::Status | Key::Detail | Key::Transparent => {
                "on each variant of an enum, or on a struct"
            }
            Key::Table | Key::Crate | Key::Thiserror | Key::Skip | Key::Domain => {
                "on the type (the enum or struct)"
            }
            Key::RetryAfter => "on the field holding the delay, in a 429 or 503 variant",
        }
    }

    /// How the key is written with a value.
    fn example(self) -> &'static str {
        match self {
            Key::Code => "code = \"CCE.01400001\"",
            Key::Status => "status = 400",
            Key::Detail => "detail = \"subnet {subnet_id} is not in VPC {vpc_id}\"",
            Key::Transparent => "transparent",
            Key::Table => "table = \"docs/error-codes.rst\"",
            Key::Crate => "crate = \"::cce_errors\"",
            Key::Thiserror => "thiserror",
            Key::Skip => "skip(Display)",
            Key::RetryAfter => "retry_after",
            Key::Domain => "domain = \"cce.example.com\"",
        }
    }

    /// Whether the key belongs to the variant (for a struct: to its one
    /// variant) rather than to the type.
    pub(crate) fn of_variant(self) -> bool {
        match self {
            Key::Code | Key::Status | Key::Detail | Key::Transparent => true,
            Key::Table
            | Key::Crate
            | Key::Thiserror
            | Key::Skip
            | Key::RetryAfter
            | Key::Domain => false,
        }
    }
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
    fn keys(self) -> impl Iterator<Item = Key> {
        Key::ALL.into_iter().filter(move |key| key.allowed_at(self))
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

/// One key's value, with the key for error spans.
pub(crate) struct Setting<T> {
    pub(crate) key: Ident,
    pub(crate) value: T,
    /// Which attribute on the item gave it, to word a duplicate's error.
    attr_index: usize,
}

/// A key's value as a duplicate's error shows it with its key (`code =
/// "CCE.01404001"`). Worked out only for that error: most items have no
/// duplicate, and a large enum has thousands of keys.
trait Shown {
    fn shown(&self, key: &Ident) -> String;
}

impl Shown for LitStr {
    fn shown(&self, key: &Ident) -> String {
        format!("{key} = {}", self.to_token_stream())
    }
}

impl Shown for DetailAttr {
    fn shown(&self, key: &Ident) -> String {
        match &self.args {
            None => format!("{key} = {}", self.lit.to_token_stream()),
            Some(_) => format!("{key}({}, ...)", self.lit.to_token_stream()),
        }
    }
}

impl Shown for Status {
    fn shown(&self, key: &Ident) -> String {
        format!("{key} = {}", self.lit)
    }
}

impl Shown for CratePath {
    fn shown(&self, key: &Ident) -> String {
        self.lit.shown(key)
    }
}

/// A flag: its key.
impl Shown for () {
    fn shown(&self, key: &Ident) -> String {
        key.to_string()
    }
}

impl Shown for Skips {
    fn shown(&self, key: &Ident) -> String {
        format!("{key}({})", skips_shown(self))
    }
}

/// `crate = "..."`: the path, and the string as written for messages.
pub(crate) struct CratePath {
    pub(crate) path: Path,
    lit: LitStr,
}

pub(crate) struct Status {
    pub(crate) value: u16,
    pub(crate) lit: LitInt,
}

/// `detail = "..."`, or `detail("...", args...)` with `format!` arguments.
pub(crate) struct DetailAttr {
    pub(crate) lit: LitStr,
    /// The tokens after the format string's comma; `None` when there are
    /// none (`detail = "..."`, `detail("...")`).
    pub(crate) args: Option<TokenStream>,
}

/// The impls `skip(...)` leaves to the user, each with its name for spans.
#[derive(Default)]
pub(crate) struct Skips {
    pub(crate) display: Option<Ident>,
    pub(crate) error: Option<Ident>,
    pub(crate) from: Option<Ident>,
}

/// The keys of the `#[cce(...)]` attributes of one item.
#[derive(Default)]
pub(crate) struct CceAttrs {
    pub(crate) code: Option<Setting<LitStr>>,
    pub(crate) status: Option<Setting<Status>>,
    pub(crate) detail: Option<Setting<DetailAttr>>,
    pub(crate) transparent: Option<Setting<()>>,
    pub(crate) krate: Option<Setting<CratePath>>,
    pub(crate) thiserror: Option<Setting<()>>,
    pub(crate) skip: Option<Setting<Skips>>,
    pub(crate) retry_after: Option<Setting<()>>,
    pub(crate) table: Option<Setting<LitStr>>,
    /// `domain = "..."`, checked to be a domain name.
    pub(crate) domain: Option<Setting<LitStr>>,
    /// Keys written, whether or not their value was valid, so that a bad
    /// value is not reported a second time as a missing key.
    pub(crate) written: Vec<Key>,
    /// Whether some `#[cce]` was malformed, so that what it may have held
    /// is not reported again as missing.
    pub(crate) malformed: bool,
    /// thiserror's `#[error(...)]`, when the item has one.
    pub(crate) error_attr: Option<Ident>,
}

impl CceAttrs {
    pub(crate) fn wrote(&self, key: Key) -> bool {
        self.written.contains(&key)
    }

    /// A struct's attributes hold both the type's keys and its one
    /// variant's: moves the variant's keys out, so that each lives where
    /// an enum keeps it.
    pub(crate) fn take_variant_keys(&mut self) -> CceAttrs {
        let (variant, type_keys) = self.written.iter().partition(|key| key.of_variant());
        self.written = type_keys;
        CceAttrs {
            code: self.code.take(),
            status: self.status.take(),
            detail: self.detail.take(),
            transparent: self.transparent.take(),
            written: variant,
            malformed: self.malformed,
            ..CceAttrs::default()
        }
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
    let first = match key.map(|name| (name, Key::named(name))) {
        Some((name, Some(known))) => {
            format!(
                "`{name}` is not allowed on a field; it goes {}",
                known.home()
            )
        }
        Some((name, None)) => format!("unknown key `{name}` on a field"),
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
    let known = Key::named(&name);
    let Some(key) = known.filter(|key| key.allowed_at(place)) else {
        let message = match known {
            _ if place == Place::Field => field_attr_message(Some(&name)),
            Some(key) => format!(
                "`{name}` is not allowed on {}; it goes {}",
                place.name(),
                key.home()
            ),
            None => unknown_key_message(&name, place),
        };
        // What was meant may be the missing `code`: no second error for it.
        out.malformed = true;
        out.written.extend(known);
        cx.error_spanned_by(&ident, message);
        return skip_value(meta);
    };
    out.written.push(key);
    match key {
        Key::Code => {
            if let Some(lit) = string_value(cx, meta, &ident, key)? {
                set(cx, &mut out.code, ident, index, lit, place);
            }
        }
        Key::Detail => {
            if let Some(detail) = detail_value(cx, meta, &ident)? {
                set(cx, &mut out.detail, ident, index, detail, place);
            }
        }
        Key::Table => {
            if let Some(lit) = string_value(cx, meta, &ident, key)? {
                set(cx, &mut out.table, ident, index, lit, place);
            }
        }
        Key::Status => {
            if let Some(status) = status_value(cx, meta, &ident)? {
                set(cx, &mut out.status, ident, index, status, place);
            }
        }
        Key::Crate => {
            if let Some(lit) = string_value(cx, meta, &ident, key)? {
                match lit.parse::<Path>() {
                    Ok(path) => {
                        let value = CratePath { path, lit };
                        set(cx, &mut out.krate, ident, index, value, place);
                    }
                    Err(_) => cx.error_spanned_by(
                        &lit,
                        format!(
                            "`crate` takes the path of the cce-errors crate, as in `{}`",
                            key.example()
                        ),
                    ),
                }
            }
        }
        Key::Transparent => {
            if flag(cx, meta, &ident)? {
                set(cx, &mut out.transparent, ident, index, (), place);
            } else {
                out.malformed = true;
            }
        }
        Key::RetryAfter => {
            if flag(cx, meta, &ident)? {
                set(cx, &mut out.retry_after, ident, index, (), place);
            }
        }
        Key::Thiserror => {
            if flag(cx, meta, &ident)? {
                set(cx, &mut out.thiserror, ident, index, (), place);
            }
        }
        Key::Domain => domain_key(cx, out, meta, ident, index, place)?,
        Key::Skip => {
            if let Some(skips) = skip_value_list(cx, meta, &ident)? {
                set(cx, &mut out.skip, ident, index, skips, place);
            }
        }
    }
    Ok(())
}

/// `domain = "cce.example.com"`, into `out` when it is a domain name.
fn domain_key(
    cx: &Ctxt,
    out: &mut CceAttrs,
    meta: &ParseNestedMeta,
    ident: Ident,
    index: usize,
    place: Place,
) -> syn::Result<()> {
    let Some(lit) = string_value(cx, meta, &ident, Key::Domain)? else {
        return Ok(());
    };
    match domain_mistake(&lit.value()) {
        None => {
            set(cx, &mut out.domain, ident, index, lit, place);
        }
        Some(mistake) => cx.error_spanned_by(
            &lit,
            format!(
                "`domain` takes a domain name, the gRPC `ErrorInfo.domain` of the type's errors: {mistake}; write lowercase letters, digits and hyphens in dot-separated labels, as in `{}`",
                Key::Domain.example()
            ),
        ),
    }
    Ok(())
}

/// What keeps `domain` from being a domain name (`cce.example.com`):
/// dot-separated labels of 1 to 63 lowercase letters, digits and hyphens,
/// neither starting nor ending with a hyphen, 253 characters in all.
/// Lowercase only, so that clients comparing domains as text agree.
fn domain_mistake(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return Some("it is empty".to_owned());
    }
    if domain.len() > 253 {
        return Some(format!("it has {} characters, over 253", domain.len()));
    }
    if let Some(c) = domain
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.')))
    {
        let what = if c.is_ascii_uppercase() {
            format!("the uppercase letter `{c}`")
        } else if c.is_whitespace() {
            "whitespace".to_owned()
        } else {
            format!("`{}`", c.escape_default())
        };
        return Some(format!("it has {what}"));
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Some(
                "it has an empty label (a dot at an end, or two dots in a row)".to_owned(),
            );
        }
        if label.len() > 63 {
            return Some(format!("its label `{label}` is longer than 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("its label `{label}` starts or ends with a hyphen"));
        }
    }
    None
}

fn unknown_key_message(name: &str, place: Place) -> String {
    let listed = place
        .keys()
        .map(|k| format!("`{}`", k.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let nearest = place
        .keys()
        .map(|k| (cce_errors_table::edit_distance(name, k.name()), k.name()))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .or_else(|| {
            synonym(name)
                .filter(|k| k.allowed_at(place))
                .map(|k| (0, k.name()))
        });
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
fn synonym(name: &str) -> Option<Key> {
    match name {
        "message" | "msg" | "error_message" | "errorMessage" | "description" | "display" => {
            Some(Key::Detail)
        }
        "error_code" | "errorCode" | "id" => Some(Key::Code),
        "http_status" | "status_code" | "http" => Some(Key::Status),
        _ => None,
    }
}

/// Consumes a key's value (`= expr` or `(...)`) after an error, so parsing
/// goes on with the next key.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        read_value(meta.value()?)?;
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
fn string_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    ident: &Ident,
    key: Key,
) -> syn::Result<Option<LitStr>> {
    let example = key.example();
    if !has_value(meta) {
        cx.error_spanned_by(ident, format!("`{ident}` needs a value: write `{example}`"));
        skip_value(meta)?;
        return Ok(None);
    }
    let value = meta.value()?;
    // The usual input, a string literal and then `,` or the end, is read
    // without syn's expression parser, which was a sixth of the derive's
    // time on a large enum. Anything else is read as an expression, to
    // say what it is.
    let ahead = value.fork();
    if let Ok(lit) = ahead.parse::<LitStr>()
        && (ahead.is_empty() || ahead.peek(Token![,]))
    {
        value.advance_to(&ahead);
        return Ok(Some(lit));
    }
    match read_value(value)? {
        Value::Expr(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => Ok(Some(lit)),
        Value::Expr(Expr::Lit(ExprLit { lit, .. })) => {
            cx.error_spanned_by(
                &lit,
                format!(
                    "`{ident}` takes a string literal, not {}: write `{example}`",
                    lit_kind(&lit)
                ),
            );
            Ok(None)
        }
        other => {
            cx.error_spanned_by(
                &other,
                format!(
                    "`{ident}` takes a string literal (the derive reads it while compiling, so a constant or a macro cannot stand here): write `{example}`"
                ),
            );
            Ok(None)
        }
    }
}

/// A value as written: a `$code:literal` of a `macro_rules!` macro comes
/// in an invisible group.
fn ungrouped(mut expr: Expr) -> Expr {
    while let Expr::Group(group) = expr {
        expr = *group.expr;
    }
    expr
}

/// A key's value as written, read to say what it is when it is not what
/// the key takes.
enum Value {
    /// An expression, out of any invisible group.
    Expr(Expr),
    /// What syn cannot read as an expression, up to the next `,`: syn is
    /// built without its full expression grammar (a smaller build), so
    /// `"x"[..]`, `if`, closures and blocks do not parse, and its own error
    /// would tell the user to enable one of syn's features.
    Tokens(TokenStream),
}

impl ToTokens for Value {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Value::Expr(expr) => expr.to_tokens(tokens),
            Value::Tokens(value) => value.to_tokens(tokens),
        }
    }
}

fn read_value(input: ParseStream) -> syn::Result<Value> {
    let ahead = input.fork();
    if let Ok(expr) = ahead.parse::<Expr>() {
        input.advance_to(&ahead);
        return Ok(Value::Expr(ungrouped(expr)));
    }
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.extend(std::iter::once(input.parse::<proc_macro2::TokenTree>()?));
    }
    Ok(Value::Tokens(tokens))
}

/// `detail = "..."` or `detail("...", args...)`.
fn detail_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    ident: &Ident,
) -> syn::Result<Option<DetailAttr>> {
    if !meta.input.peek(syn::token::Paren) {
        let lit = string_value(cx, meta, ident, Key::Detail)?;
        return Ok(lit.map(|lit| DetailAttr { lit, args: None }));
    }
    let content;
    let parens = syn::parenthesized!(content in meta.input);
    let example = "detail(\"{} of {}\", .0, .1.len())";
    if content.is_empty() {
        cx.syn_error(syn::Error::new(
            parens.span.join(),
            format!("`detail(...)` needs the format string first, as in `{example}`"),
        ));
        return Ok(None);
    }
    let lit = match read_value(&content)? {
        Value::Expr(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => lit,
        other => {
            cx.error_spanned_by(
                &other,
                format!(
                    "`detail(...)` starts with its format string, a string literal (the derive reads it while compiling): write `{example}`"
                ),
            );
            content.parse::<TokenStream>()?;
            return Ok(None);
        }
    };
    if content.is_empty() {
        return Ok(Some(DetailAttr { lit, args: None }));
    }
    if let Err(error) = content.parse::<Token![,]>() {
        cx.syn_error(syn::Error::new(
            error.span(),
            "expected `,` after the format string of `detail(...)`",
        ));
        content.parse::<TokenStream>()?;
        return Ok(None);
    }
    let args = content.parse::<TokenStream>()?;
    Ok(Some(DetailAttr {
        lit,
        args: (!args.is_empty()).then_some(args),
    }))
}

const SKIPPABLE: &str = "`Display`, `Error` and `From`";

/// `skip(Display, Error, From)`: the impls left to the user.
fn skip_value_list(cx: &Ctxt, meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<Option<Skips>> {
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            ident,
            format!(
                "`skip` takes the impls to leave out in parentheses, as in `skip(Display)`; it can skip {SKIPPABLE}"
            ),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let ahead = meta.input.fork();
    let content;
    syn::parenthesized!(content in ahead);
    if content.is_empty() {
        cx.error_spanned_by(
            ident,
            format!("`skip()` names no impl; it can skip {SKIPPABLE}, as in `skip(Display)`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let mut skips = Skips::default();
    let mut ok = true;
    let parsed = meta.parse_nested_meta(|item| {
        let name = item
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default();
        let slot = match name.as_str() {
            "Display" => &mut skips.display,
            "Error" => &mut skips.error,
            "From" => &mut skips.from,
            _ => {
                ok = false;
                let hint = match name.to_ascii_lowercase().as_str() {
                    "display" => "; did you mean `Display`?".to_owned(),
                    "error" => "; did you mean `Error`?".to_owned(),
                    "from" => "; did you mean `From`?".to_owned(),
                    _ => format!(
                        ": `skip(...)` leaves {SKIPPABLE} to you; `CceError` and `Serialize` are what this derive is for"
                    ),
                };
                cx.error_spanned_by(
                    &item.path,
                    format!(
                        "`{}` cannot be skipped{hint}",
                        crate::ast::tokens_text(&item.path)
                    ),
                );
                return skip_value(&item);
            }
        };
        let Some(ident) = item.path.get_ident() else {
            ok = false;
            cx.error_spanned_by(
                &item.path,
                format!("write `{name}` alone in `skip(...)`, as in `skip({name})`"),
            );
            return skip_value(&item);
        };
        if !item.input.is_empty() && !item.input.peek(Token![,]) {
            ok = false;
            cx.error_spanned_by(ident, format!("write `{name}` alone in `skip(...)`"));
            return skip_value(&item);
        }
        if slot.is_some() {
            ok = false;
            cx.error_spanned_by(ident, format!("`{name}` is already skipped; keep one"));
        } else {
            *slot = Some(ident.clone());
        }
        Ok(())
    });
    if let Err(error) = parsed {
        cx.syn_error(error);
        return Ok(None);
    }
    Ok(ok.then_some(skips))
}

fn skips_shown(skips: &Skips) -> String {
    [&skips.display, &skips.error, &skips.from]
        .into_iter()
        .flatten()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn status_value(cx: &Ctxt, meta: &ParseNestedMeta, key: &Ident) -> syn::Result<Option<Status>> {
    if !has_value(meta) {
        cx.error_spanned_by(key, "`status` needs a value: write `status = 400`");
        skip_value(meta)?;
        return Ok(None);
    }
    match read_value(meta.value()?)? {
        Value::Expr(Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        })) => match lit.base10_parse::<u16>() {
            Ok(value) if (100..=999).contains(&value) => Ok(Some(Status { value, lit })),
            _ => {
                cx.error_spanned_by(
                    &lit,
                    "`status` is a 3-digit HTTP status code, as in `status = 400`",
                );
                Ok(None)
            }
        },
        Value::Expr(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => {
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
        Value::Expr(Expr::Unary(negative))
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

fn set<T: Shown>(
    cx: &Ctxt,
    slot: &mut Option<Setting<T>>,
    key: Ident,
    attr_index: usize,
    value: T,
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
                    first.value.shown(&first.key)
                ),
            );
        }
        None => {
            *slot = Some(Setting {
                key,
                value,
                attr_index,
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
        let (slot, name) = if ident == "source" {
            (&mut out.source, "source")
        } else if ident == "from" {
            (&mut out.from, "from")
        } else {
            continue;
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A duplicate key's error quotes the first value as written: made
    /// only when there is a duplicate, from the value kept.
    #[test]
    fn duplicates_quote_the_first_value_as_written() {
        for (attrs, shown) in [
            (
                r#"#[cce(crate = r"::cce_errors", crate = "x")]"#,
                r#"`crate = r"::cce_errors"`"#,
            ),
            (
                r#"#[cce(code = "CCE.01404001", code = "CCE.01404001")]"#,
                r#"`code = "CCE.01404001"`"#,
            ),
            (
                r#"#[cce(code = "CCE.01404001", detail("{}", .0), detail = "x")]"#,
                r#"`detail("{}", ...)`"#,
            ),
            (
                r"#[cce(skip(Display, From), skip(Error))]",
                "`skip(Display, From)`",
            ),
            (
                r#"#[cce(code = "CCE.01404001", status = 404, status = 404)]"#,
                "`status = 404`",
            ),
            (
                r#"#[cce(code = "CCE.01404001", transparent, transparent)]"#,
                "`transparent`",
            ),
        ] {
            let input: syn::DeriveInput =
                syn::parse_str(&format!("{attrs} struct S(u8);")).expect("an item");
            // The message is in a string literal: its quotes escaped.
            let output = crate::expand::derive(&input).to_string();
            let quoted = format!(
                "{} is already given earlier in this",
                shown.replace('"', "\\\"")
            );
            assert!(output.contains(&quoted), "{attrs}: {output}");
        }
    }

    #[test]
    fn domains() {
        for good in ["cce.example.com", "example", "a-1.b2.c", &"a".repeat(63)] {
            assert_eq!(domain_mistake(good), None, "{good}");
        }
        for (bad, says) in [
            ("", "empty"),
            ("CCE.example.com", "uppercase letter `C`"),
            ("cce example", "whitespace"),
            ("cce_example.com", "`_`"),
            ("https://cce.example.com", "`:`"),
            ("cce..com", "empty label"),
            (".cce.com", "empty label"),
            ("cce.com.", "empty label"),
            ("-cce.com", "hyphen"),
            ("cce-.com", "hyphen"),
            ("caf\u{e9}.com", "`\\u{e9}`"),
        ] {
            let mistake = domain_mistake(bad).unwrap_or_default();
            assert!(mistake.contains(says), "{bad}: {mistake}");
        }
        assert!(domain_mistake(&"a".repeat(64)).unwrap().contains("63"));
        let long = vec!["a".repeat(63); 5].join(".");
        assert!(domain_mistake(&long).unwrap().contains("253"));
    }

    #[test]
    fn every_key_has_a_place_and_round_trips_its_name() {
        for key in Key::ALL {
            assert_eq!(Key::named(key.name()), Some(key));
            let places = [Place::Enum, Place::Struct, Place::Variant, Place::Field];
            assert!(places.into_iter().any(|p| key.allowed_at(p)), "{key:?}");
        }
        let variant: Vec<&str> = Place::Variant.keys().map(Key::name).collect();
        assert_eq!(variant, ["code", "status", "detail", "transparent"]);
        let on_enum: Vec<&str> = Place::Enum.keys().map(Key::name).collect();
        assert_eq!(on_enum, ["table", "crate", "thiserror", "skip", "domain"]);
    }
}
