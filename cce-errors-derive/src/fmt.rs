//! The arguments of `detail("...", args...)`, read as tokens (as thiserror
//! does), so that the derive needs no expression parser: split at the
//! top-level commas into positional and `name = value` arguments, with the
//! `.field` / `.0` shorthand replaced by the field's binding.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;

use crate::ast::Field;
use crate::ctxt::Ctxt;

/// One argument as written, shorthand already replaced.
pub(crate) struct Arg {
    pub(crate) tokens: TokenStream,
    /// The tokens as written, for error spans.
    pub(crate) written: TokenStream,
}

pub(crate) struct Args {
    pub(crate) positional: Vec<Arg>,
    pub(crate) named: Vec<(String, Ident, Arg)>,
}

impl Args {
    pub(crate) fn named(&self, name: &str) -> Option<usize> {
        self.named.iter().position(|(n, ..)| n == name)
    }

    pub(crate) fn len(&self) -> usize {
        self.positional.len() + self.named.len()
    }
}

/// What the shorthand may name: the variant's fields and its source.
pub(crate) struct Scope<'f, 'a> {
    pub(crate) fields: &'f [Field<'a>],
    pub(crate) source: Option<usize>,
    /// `variant `Name`` or `struct `Name``, for messages.
    pub(crate) described: String,
    /// Whether `self` is the struct itself (so `self.field` reads a field).
    pub(crate) is_struct: bool,
}

/// Splits the arguments and replaces the shorthand; every mistake goes to
/// `cx`, and `None` means there was one. `bound` gets the fields the
/// arguments read.
pub(crate) fn parse(
    cx: &Ctxt,
    tokens: TokenStream,
    scope: &Scope<'_, '_>,
    bound: &mut Vec<usize>,
) -> Option<Args> {
    let mut ok = true;
    let mut args = Args {
        positional: Vec::new(),
        named: Vec::new(),
    };
    for (written, comma) in split(tokens) {
        let Some(first) = written.first() else {
            let at = comma.map_or_else(Span::call_site, |c| c.span());
            cx.syn_error(syn::Error::new(
                at,
                "an argument of `detail(...)` is empty; remove the extra comma",
            ));
            ok = false;
            continue;
        };
        let named = match (first, written.get(1)) {
            (TokenTree::Ident(name), Some(TokenTree::Punct(eq)))
                if eq.as_char() == '=' && eq.spacing() == Spacing::Alone =>
            {
                Some(name.clone())
            }
            _ => None,
        };
        let value: TokenStream = written
            .iter()
            .skip(if named.is_some() { 2 } else { 0 })
            .cloned()
            .collect();
        let whole: TokenStream = written.iter().cloned().collect();
        if value.is_empty() {
            cx.error_spanned_by(&whole, "this argument has no value: write `name = value`");
            ok = false;
            continue;
        }
        let mut scanned_ok = true;
        let tokens = scan(cx, value.clone(), scope, bound, &mut scanned_ok);
        ok &= scanned_ok;
        let arg = Arg {
            tokens,
            written: value,
        };
        match named {
            Some(ident) => {
                let name = ident.to_string().trim_start_matches("r#").to_owned();
                if args.named(&name).is_some() {
                    cx.error_spanned_by(
                        &ident,
                        format!("duplicate argument `{name}` in `detail(...)`; keep one of them"),
                    );
                    ok = false;
                } else {
                    args.named.push((name, ident, arg));
                }
            }
            None if !args.named.is_empty() => {
                cx.error_spanned_by(
                    &whole,
                    "positional arguments go before named ones in `detail(...)`, as in `format!`",
                );
                ok = false;
            }
            None => args.positional.push(arg),
        }
    }
    ok.then_some(args)
}

/// The arguments, split at the commas outside any brackets, closure
/// parameters and turbofish (`::<A, B>`), each with the comma after it.
fn split(tokens: TokenStream) -> Vec<(Vec<TokenTree>, Option<Punct>)> {
    let mut args = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut angles = 0usize;
    let mut closure_params = false;
    for tree in tokens {
        if let TokenTree::Punct(punct) = &tree {
            let previous = current.last();
            match punct.as_char() {
                ',' if angles == 0 && !closure_params => {
                    args.push((std::mem::take(&mut current), Some(punct.clone())));
                    continue;
                }
                '<' if angles > 0 || is_path_separator(&current) => angles += 1,
                '>' if angles > 0
                    && !matches!(previous, Some(TokenTree::Punct(p)) if p.as_char() == '-' && p.spacing() == Spacing::Joint) =>
                {
                    angles -= 1;
                }
                '|' if closure_params => closure_params = false,
                '|' if angles == 0
                    && (current.is_empty()
                        || matches!(&current[..], [TokenTree::Ident(m)] if m == "move")) =>
                {
                    closure_params = true;
                }
                _ => {}
            }
        }
        current.push(tree);
    }
    // A trailing comma ends the list; anything after the last comma is one more.
    if !current.is_empty() {
        args.push((current, None));
    }
    args
}

/// Whether the tokens end in `::`, so that a `<` opens a turbofish.
fn is_path_separator(tokens: &[TokenTree]) -> bool {
    matches!(
        tokens,
        [.., TokenTree::Punct(a), TokenTree::Punct(b)]
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// Keywords after which a `.` starts an expression (`if .flag`, `&mut .x`).
const BEFORE_EXPRESSION: &[&str] = &[
    "if", "match", "while", "in", "return", "break", "mut", "else", "let", "move",
];

/// Whether a `.` after `previous` starts an expression, so that `.name` is
/// the shorthand and not a field access or method call.
fn starts_expression(previous: Option<&TokenTree>) -> bool {
    match previous {
        None => true,
        Some(TokenTree::Punct(p)) => !matches!(p.as_char(), '?' | '.'),
        Some(TokenTree::Ident(ident)) => BEFORE_EXPRESSION.iter().any(|k| ident == k),
        Some(TokenTree::Literal(_) | TokenTree::Group(_)) => false,
    }
}

fn scan(
    cx: &Ctxt,
    tokens: TokenStream,
    scope: &Scope<'_, '_>,
    bound: &mut Vec<usize>,
    ok: &mut bool,
) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let previous = i.checked_sub(1).map(|p| &trees[p]);
        match &trees[i] {
            TokenTree::Group(group) => {
                let inner = scan(cx, group.stream(), scope, bound, ok);
                let mut rebuilt = Group::new(group.delimiter(), inner);
                rebuilt.set_span(group.span());
                out.push(rebuilt.into());
            }
            TokenTree::Punct(dot)
                if dot.as_char() == '.'
                    && dot.spacing() == Spacing::Alone
                    && starts_expression(previous)
                    && matches!(
                        trees.get(i + 1),
                        Some(TokenTree::Ident(_) | TokenTree::Literal(_))
                    ) =>
            {
                let member = &trees[i + 1];
                let written: TokenStream = [trees[i].clone(), member.clone()].into_iter().collect();
                match shorthand(member, scope) {
                    Ok((field, rest)) => {
                        if scope.source == Some(field) {
                            cx.error_spanned_by(
                                &written,
                                reads_source(&written, &scope.fields[field]),
                            );
                            *ok = false;
                        }
                        if !bound.contains(&field) {
                            bound.push(field);
                        }
                        // Where the shorthand starts (so that the compiler's
                        // suggestions, such as a `*` to dereference, read
                        // `*.flag`), resolved as the binding is: the two may
                        // be in other hygiene contexts when one comes from a
                        // `macro_rules!` body.
                        let span = trees[i]
                            .span()
                            .resolved_at(scope.fields[field].binding().span());
                        let binding = Ident::new(&format!("__cce_{field}"), span);
                        out.push(binding.into());
                        if let Some(rest) = rest {
                            let mut dot = Punct::new('.', Spacing::Alone);
                            dot.set_span(member.span());
                            out.push(dot.into());
                            let mut index = Literal::usize_unsuffixed(rest);
                            index.set_span(member.span());
                            out.push(index.into());
                        }
                    }
                    Err(message) => {
                        cx.error_spanned_by(&written, message);
                        *ok = false;
                        out.push(trees[i].clone());
                        out.push(member.clone());
                    }
                }
                i += 2;
                continue;
            }
            // `self.cause` of a struct reads the source as surely as `.cause`.
            TokenTree::Ident(this) if this == "self" && scope.is_struct => {
                if let (Some(TokenTree::Punct(dot)), Some(TokenTree::Ident(name))) =
                    (trees.get(i + 1), trees.get(i + 2))
                    && dot.as_char() == '.'
                    && let Some(source) = scope.source.map(|s| &scope.fields[s])
                    && source.is_named()
                    && source.name() == name.to_string().trim_start_matches("r#")
                {
                    let written: TokenStream = trees[i..i + 3].iter().cloned().collect();
                    cx.error_spanned_by(&written, reads_source(&written, source));
                    *ok = false;
                }
                out.push(trees[i].clone());
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

fn reads_source(written: &TokenStream, field: &Field<'_>) -> String {
    format!(
        "`{}` in `detail` reads the source error `{}`: a source's text is internal and never goes into a response. To show a value of it to clients, add a field holding just that value and use that field in `detail`",
        crate::ast::tokens_text(written),
        field.name()
    )
}

/// The field `.name` or `.0` refers to, and for `.0.1` (one float token)
/// the index after the field.
fn shorthand(member: &TokenTree, scope: &Scope<'_, '_>) -> Result<(usize, Option<usize>), String> {
    let fields = scope.fields;
    let listed = || {
        fields
            .iter()
            .map(|f| format!("`.{}`", f.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let what = &scope.described;
    if fields.is_empty() {
        return Err(format!(
            "`.{member}` in `detail(...)`: {what} has no fields",
        ));
    }
    match member {
        TokenTree::Ident(ident) => {
            let name = ident.to_string().trim_start_matches("r#").to_owned();
            if !fields[0].is_named() {
                return Err(format!(
                    "`.{name}` in `detail(...)`: the fields of {what} have no names; refer to them by position: {}",
                    listed()
                ));
            }
            if let Some(field) = fields.iter().find(|f| f.name() == name) {
                return Ok((field.index, None));
            }
            let nearest = fields
                .iter()
                .map(|f| (cce_errors_table::edit_distance(&name, f.name()), f.name()))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map_or(String::new(), |(_, n)| format!("; did you mean `.{n}`?"));
            Err(format!(
                "`.{name}` in `detail(...)` names no field of {what} (its fields: {}){nearest}",
                listed()
            ))
        }
        TokenTree::Literal(literal) => {
            let text = literal.to_string();
            let (first, rest) = match text.split_once('.') {
                Some((first, rest)) => (first, Some(rest)),
                None => (text.as_str(), None),
            };
            let parse = |digits: &str| {
                (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| digits.parse::<usize>().ok())
                    .flatten()
            };
            let (Some(index), rest) = (parse(first), rest.map(parse)) else {
                return Err(format!(
                    "`.{text}` in `detail(...)` is not a field: write `.0` for a tuple field or `.name` for a named one"
                ));
            };
            let Some(rest) = rest.map_or(Some(None), |r| r.map(Some)) else {
                return Err(format!(
                    "`.{text}` in `detail(...)` is not a field: write `.0` for a tuple field or `.name` for a named one"
                ));
            };
            if fields[0].is_named() {
                return Err(format!(
                    "`.{first}` in `detail(...)`: the fields of {what} are named; refer to them by name: {}",
                    listed()
                ));
            }
            if index >= fields.len() {
                return Err(format!(
                    "`.{index}` in `detail(...)` is out of range: {what} has {} field{}: {}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" },
                    listed()
                ));
            }
            Ok((index, rest))
        }
        TokenTree::Group(_) | TokenTree::Punct(_) => Err(format!(
            "`.{}` in `detail(...)` is not a field",
            member.to_token_stream()
        )),
    }
}

/// Tokens of an argument, for `format_args!`: wrapped in a group, so that
/// an argument such as `a, b` of a closure cannot run into the next one.
pub(crate) fn grouped(tokens: &TokenStream) -> TokenTree {
    Group::new(Delimiter::Parenthesis, tokens.clone()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(source: &str) -> Vec<String> {
        split(source.parse().unwrap())
            .into_iter()
            .map(|(arg, _)| arg.into_iter().collect::<TokenStream>().to_string())
            .collect()
    }

    #[test]
    fn splits_at_top_level_commas_only() {
        assert_eq!(pieces("a, b"), ["a", "b"]);
        assert_eq!(pieces("f(a, b), [1, 2]"), ["f (a , b)", "[1 , 2]"]);
        assert_eq!(
            pieces("x.parse::<Result<u8, E>>(), y"),
            ["x . parse ::< Result < u8 , E >> ()", "y"]
        );
        assert_eq!(pieces("|a, b| a + b, c"), ["| a , b | a + b", "c"]);
        assert_eq!(pieces("move |a, b| a, c"), ["move | a , b | a", "c"]);
        assert_eq!(pieces("a < b, c > d"), ["a < b", "c > d"]);
        assert_eq!(pieces("n = 1,"), ["n = 1"]);
        assert_eq!(pieces("a,,b"), ["a", "", "b"]);
        assert!(pieces("").is_empty());
    }

    #[test]
    fn a_dot_after_an_operator_or_keyword_starts_an_expression() {
        let tree = |s: &str| s.parse::<TokenStream>().unwrap().into_iter().next();
        assert!(starts_expression(None));
        assert!(starts_expression(tree("*").as_ref()));
        assert!(starts_expression(tree("if").as_ref()));
        assert!(!starts_expression(tree("x").as_ref()));
        assert!(!starts_expression(tree("?").as_ref()));
        assert!(!starts_expression(tree("(a)").as_ref()));
        assert!(!starts_expression(tree("1").as_ref()));
    }
}
