//! The `detail = "..."` template: `{name}` / `{0}` placeholders with
//! `format!` specs, parsed so the derive can check every field it names and
//! rewrite the string for `format_args!`.

/// A field reference in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    Index(usize),
    Name(String),
}

impl Arg {
    pub(crate) fn shown(&self) -> String {
        match self {
            Arg::Index(i) => format!("{{{i}}}"),
            Arg::Name(n) => format!("{{{n}}}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpecPart {
    Text(String),
    /// A `name$` / `0$` width or precision taken from a field.
    Count(Arg),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(String),
    Arg { arg: Arg, spec: Vec<SpecPart> },
}

/// The formatting trait a placeholder uses, for bounds on generic fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FmtTrait {
    Display,
    Debug,
    LowerHex,
    UpperHex,
    Octal,
    Binary,
    LowerExp,
    UpperExp,
    Pointer,
}

impl FmtTrait {
    pub(crate) fn name(self) -> &'static str {
        match self {
            FmtTrait::Display => "Display",
            FmtTrait::Debug => "Debug",
            FmtTrait::LowerHex => "LowerHex",
            FmtTrait::UpperHex => "UpperHex",
            FmtTrait::Octal => "Octal",
            FmtTrait::Binary => "Binary",
            FmtTrait::LowerExp => "LowerExp",
            FmtTrait::UpperExp => "UpperExp",
            FmtTrait::Pointer => "Pointer",
        }
    }
}

/// The trait of a placeholder: the spec's final type character, as in `format!`.
pub(crate) fn fmt_trait(spec: &[SpecPart]) -> FmtTrait {
    let last = match spec.last() {
        Some(SpecPart::Text(t)) => t.chars().last(),
        _ => None,
    };
    match last {
        Some('?') => FmtTrait::Debug,
        Some('x') => FmtTrait::LowerHex,
        Some('X') => FmtTrait::UpperHex,
        Some('o') => FmtTrait::Octal,
        Some('b') => FmtTrait::Binary,
        Some('e') => FmtTrait::LowerExp,
        Some('E') => FmtTrait::UpperExp,
        Some('p') => FmtTrait::Pointer,
        _ => FmtTrait::Display,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pub(crate) pieces: Vec<Piece>,
}

impl Template {
    /// The text, when the template has no placeholders.
    pub(crate) fn fixed_text(&self) -> Option<String> {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Arg { .. } => return None,
            }
        }
        Some(text)
    }

    /// Every placeholder with its formatting trait, in order.
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = (&Arg, FmtTrait)> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Arg { arg, spec } => Some((arg, fmt_trait(spec))),
            Piece::Text(_) => None,
        })
    }

    /// Every field reference, placeholders and `$` counts, in order.
    pub(crate) fn args(&self) -> impl Iterator<Item = &Arg> {
        self.pieces.iter().flat_map(|piece| {
            let (arg, spec) = match piece {
                Piece::Text(_) => (None, &[][..]),
                Piece::Arg { arg, spec } => (Some(arg), &spec[..]),
            };
            arg.into_iter().chain(spec.iter().filter_map(|s| match s {
                SpecPart::Count(a) => Some(a),
                SpecPart::Text(_) => None,
            }))
        })
    }

    /// The `format_args!` string with every reference renamed by `name`,
    /// which is told whether the reference is a `$` count.
    pub(crate) fn rewrite(&self, mut name: impl FnMut(&Arg, bool) -> String) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(&text.replace('{', "{{").replace('}', "}}")),
                Piece::Arg { arg, spec } => {
                    out.push('{');
                    out.push_str(&name(arg, false));
                    if !spec.is_empty() {
                        out.push(':');
                        for part in spec {
                            match part {
                                SpecPart::Text(t) => out.push_str(t),
                                SpecPart::Count(a) => {
                                    out.push_str(&name(a, true));
                                    out.push('$');
                                }
                            }
                        }
                    }
                    out.push('}');
                }
            }
        }
        out
    }
}

pub(crate) const BRACES_HINT: &str = "write `{{` or `}}` for a literal brace";

pub(crate) fn parse(template: &str) -> Result<Template, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                text.push('}');
            }
            '}' => return Err(format!("unmatched `}}` in `detail`; {BRACES_HINT}")),
            '{' => {
                let mut inner = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                if !closed {
                    return Err(format!("unclosed `{{` in `detail`; {BRACES_HINT}"));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(placeholder(&inner)?);
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(Template { pieces })
}

fn placeholder(inner: &str) -> Result<Piece, String> {
    let (arg, spec) = match inner.split_once(':') {
        Some((arg, spec)) => (arg, Some(spec)),
        None => (inner, None),
    };
    let arg = parse_arg(arg.trim()).ok_or_else(|| {
        if arg.trim().is_empty() {
            format!(
                "`{{{inner}}}` in `detail` names no field: write `{{0}}` for a tuple field or `{{name}}` for a named one"
            )
        } else {
            format!("`{{{inner}}}` in `detail`: `{}` is not a field name or index", arg.trim())
        }
    })?;
    let spec = match spec {
        Some(spec) => parse_spec(spec)?,
        None => Vec::new(),
    };
    Ok(Piece::Arg { arg, spec })
}

fn parse_arg(arg: &str) -> Option<Arg> {
    let arg = arg.strip_prefix("r#").unwrap_or(arg);
    if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
        return arg.parse().ok().map(Arg::Index);
    }
    let mut chars = arg.chars();
    let first = chars.next()?;
    let ident = (first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && arg != "_";
    ident.then(|| Arg::Name(arg.to_owned()))
}

/// Splits a format spec so `name$` and `0$` counts can be renamed; `.*`
/// takes an unnamed argument, which a template cannot supply.
fn parse_spec(spec: &str) -> Result<Vec<SpecPart>, String> {
    if spec.contains(".*") {
        return Err(format!(
            "`.*` in `detail` spec `{spec}` takes an extra argument; name a field instead, as in `{{value:.precision$}}`"
        ));
    }
    let mut parts = Vec::new();
    let mut text = String::new();
    for c in spec.chars() {
        if c == '$' {
            let run = text
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c == '_' || c.is_alphanumeric())
                .last()
                .map(|(i, _)| i);
            if let Some(start) = run {
                let name = text.split_off(start);
                let arg = parse_arg(&name)
                    .ok_or_else(|| format!("`{name}$` in `detail` spec `{spec}` is not a field"))?;
                if !text.is_empty() {
                    parts.push(SpecPart::Text(std::mem::take(&mut text)));
                }
                parts.push(SpecPart::Count(arg));
                continue;
            }
        }
        text.push(c);
    }
    if !text.is_empty() {
        parts.push(SpecPart::Text(text));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(a: &Arg, count: bool) -> String {
        let suffix = if count { "_n" } else { "" };
        match a {
            Arg::Index(i) => format!("f{i}{suffix}"),
            Arg::Name(n) => format!("f_{n}{suffix}"),
        }
    }

    #[test]
    fn parses_names_indices_specs_and_escapes() {
        let t = parse("subnet {subnet_id} in {{VPC}} {0:?} {r#type:>width$.2}").unwrap();
        let names: Vec<String> = t.args().map(Arg::shown).collect();
        assert_eq!(names, ["{subnet_id}", "{0}", "{type}", "{width}"]);
        assert_eq!(
            t.rewrite(arg),
            "subnet {f_subnet_id} in {{VPC}} {f0:?} {f_type:>f_width_n$.2}"
        );
    }

    #[test]
    fn traits_follow_the_spec() {
        let trait_of = |s: &str| match &parse(s).unwrap().pieces[0] {
            Piece::Arg { spec, .. } => fmt_trait(spec),
            Piece::Text(_) => unreachable!(),
        };
        assert_eq!(trait_of("{0}"), FmtTrait::Display);
        assert_eq!(trait_of("{0:#?}"), FmtTrait::Debug);
        assert_eq!(trait_of("{0:x?}"), FmtTrait::Debug);
        assert_eq!(trait_of("{0:08x}"), FmtTrait::LowerHex);
        assert_eq!(trait_of("{0:x<5}"), FmtTrait::Display);
        assert_eq!(trait_of("{0:.3e}"), FmtTrait::LowerExp);
    }

    #[test]
    fn rejects_broken_templates() {
        for (bad, says) in [
            ("{}", "names no field"),
            ("a } b", "unmatched `}`"),
            ("a { b", "unclosed `{`"),
            ("{a b}", "not a field name"),
            ("{-1}", "not a field name"),
            ("{0:.*}", "`.*`"),
            ("{_}", "not a field name"),
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn plain_text_is_one_piece() {
        let t = parse("no fields here").unwrap();
        assert_eq!(t.pieces, [Piece::Text("no fields here".into())]);
        assert_eq!(t.rewrite(arg), "no fields here");
    }
}
