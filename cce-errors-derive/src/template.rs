//! The format string of a `detail`: text and `{...}` placeholders with
//! `format!` specs, parsed so that the derive can check every field and
//! argument a placeholder refers to, and write the string again for
//! `format_args!` with each reference renamed.

/// What a placeholder or a `$` count refers to, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// `{}`: the next positional argument.
    Next,
    /// `.*`: the next positional argument, as a precision.
    Star,
    /// `{0}`: a tuple field, or a positional argument of `detail(...)`.
    Index(usize),
    /// `{name}`: a named field, or a named argument of `detail(...)`.
    Name(String),
}

impl Arg {
    /// The placeholder as a message shows it.
    pub(crate) fn shown(&self) -> String {
        match self {
            Arg::Next => "{}".to_owned(),
            Arg::Star => ".*".to_owned(),
            Arg::Index(i) => format!("{{{i}}}"),
            Arg::Name(n) => format!("{{{n}}}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpecPart<A> {
    Text(String),
    /// A width or precision taken from an argument: `name$`, `0$`, `.*`.
    Count(A),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<A> {
    Text(String),
    Hole {
        arg: A,
        spec: Vec<SpecPart<A>>,
        fmt: FmtTrait,
    },
}

/// A format string whose references are `A`: [`Arg`] as parsed, or what
/// `valid` resolved them to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template<A> {
    pub(crate) pieces: Vec<Piece<A>>,
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
fn fmt_trait<A>(spec: &[SpecPart<A>]) -> FmtTrait {
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

impl<A> Template<A> {
    /// The text, when the template has no placeholders.
    pub(crate) fn fixed_text(&self) -> Option<String> {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Hole { .. } => return None,
            }
        }
        Some(text)
    }

    /// The same template with every reference mapped by `f`, in the order
    /// `format!` consumes them (a `.*` precision before its value), or the
    /// first error `f` gives.
    pub(crate) fn try_map<B, E>(
        self,
        mut f: impl FnMut(A) -> Result<B, E>,
    ) -> Result<Template<B>, Vec<E>> {
        let mut errors = Vec::new();
        let mut pieces = Vec::new();
        for piece in self.pieces {
            match piece {
                Piece::Text(text) => pieces.push(Piece::Text(text)),
                Piece::Hole { arg, spec, fmt } => {
                    let (star, spec): (Vec<_>, Vec<_>) = spec
                        .into_iter()
                        .enumerate()
                        .partition(|(_, part)| matches!(part, SpecPart::Count(_)));
                    // Counts first (`.*` takes the next argument before
                    // the value does), then put back in place.
                    let mut parts: Vec<(usize, SpecPart<B>)> = Vec::new();
                    for (i, part) in star {
                        if let SpecPart::Count(a) = part {
                            match f(a) {
                                Ok(b) => parts.push((i, SpecPart::Count(b))),
                                Err(e) => errors.push(e),
                            }
                        }
                    }
                    let arg = match f(arg) {
                        Ok(b) => b,
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    };
                    for (i, part) in spec {
                        if let SpecPart::Text(t) = part {
                            parts.push((i, SpecPart::Text(t)));
                        }
                    }
                    parts.sort_by_key(|(i, _)| *i);
                    pieces.push(Piece::Hole {
                        arg,
                        spec: parts.into_iter().map(|(_, p)| p).collect(),
                        fmt,
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(Template { pieces })
        } else {
            Err(errors)
        }
    }

    /// Every reference, counts and values, each with whether it is a count.
    pub(crate) fn references(&self) -> impl Iterator<Item = (&A, Role)> {
        self.pieces.iter().flat_map(|piece| {
            let (hole, spec) = match piece {
                Piece::Text(_) => (None, &[][..]),
                Piece::Hole { arg, spec, fmt } => (Some((arg, Role::Value(*fmt))), &spec[..]),
            };
            spec.iter()
                .filter_map(|s| match s {
                    SpecPart::Count(a) => Some((a, Role::Count)),
                    SpecPart::Text(_) => None,
                })
                .chain(hole)
        })
    }

    /// The `format_args!` string with every reference named by `name`.
    pub(crate) fn render(&self, mut name: impl FnMut(&A, Role) -> String) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => {
                    for c in text.chars() {
                        match c {
                            '{' => out.push_str("{{"),
                            '}' => out.push_str("}}"),
                            c => out.push(c),
                        }
                    }
                }
                Piece::Hole { arg, spec, fmt } => {
                    out.push('{');
                    out.push_str(&name(arg, Role::Value(*fmt)));
                    if !spec.is_empty() {
                        out.push(':');
                        for part in spec {
                            match part {
                                SpecPart::Text(t) => out.push_str(t),
                                SpecPart::Count(a) => {
                                    out.push_str(&name(a, Role::Count));
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

/// How a reference is used: as a placeholder's value with its trait, or
/// as a width or precision (a `usize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Value(FmtTrait),
    Count,
}

pub(crate) const BRACES_HINT: &str = "write `{{` or `}}` for a literal brace";

pub(crate) fn parse(template: &str) -> Result<Template<Arg>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '}' => return Err(format!("unmatched `}}` in `detail`; {BRACES_HINT}")),
            '{' => {
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
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

fn placeholder(inner: &str) -> Result<Piece<Arg>, String> {
    let (arg, spec) = match inner.split_once(':') {
        Some((arg, spec)) => (arg, Some(spec)),
        None => (inner, None),
    };
    let arg = match arg.trim() {
        "" => Arg::Next,
        arg => parse_arg(arg).ok_or_else(|| {
            format!("`{{{inner}}}` in `detail`: `{arg}` is not a field name or index")
        })?,
    };
    let spec = match spec {
        Some(spec) => parse_spec(spec)?,
        None => Vec::new(),
    };
    let fmt = fmt_trait(&spec);
    Ok(Piece::Hole { arg, spec, fmt })
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

/// Splits a format spec so that `name$` and `0$` counts, and the `.*`
/// precision, can be renamed.
fn parse_spec(spec: &str) -> Result<Vec<SpecPart<Arg>>, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' && chars.peek() == Some(&'*') {
            chars.next();
            text.push('.');
            parts.push(SpecPart::Text(std::mem::take(&mut text)));
            parts.push(SpecPart::Count(Arg::Star));
            continue;
        }
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

    fn name(a: &Arg, role: Role) -> String {
        let suffix = if role == Role::Count { "_n" } else { "" };
        match a {
            Arg::Next | Arg::Star => format!("next{suffix}"),
            Arg::Index(i) => format!("f{i}{suffix}"),
            Arg::Name(n) => format!("f_{n}{suffix}"),
        }
    }

    fn shown(t: &Template<Arg>) -> Vec<String> {
        t.references().map(|(a, _)| a.shown()).collect()
    }

    #[test]
    fn parses_names_indices_specs_and_escapes() {
        let t = parse("subnet {subnet_id} in {{VPC}} {0:?} {r#type:>width$.2}").unwrap();
        assert_eq!(shown(&t), ["{subnet_id}", "{0}", "{width}", "{type}"]);
        assert_eq!(
            t.render(name),
            "subnet {f_subnet_id} in {{VPC}} {f0:?} {f_type:>f_width_n$.2}"
        );
    }

    #[test]
    fn star_precision_is_a_count_taken_before_the_value() {
        let t = parse("{:.*} {x:>8.*}").unwrap();
        assert_eq!(shown(&t), [".*", "{}", ".*", "{x}"]);
        assert_eq!(t.render(name), "{next:.next_n$} {f_x:>8.next_n$}");
        // Mapping follows `format!`'s order: the precision, then the value.
        let mut order = Vec::new();
        let mapped = t
            .try_map(|a| {
                order.push(a.shown());
                Ok::<_, ()>(order.len())
            })
            .unwrap();
        assert_eq!(order, [".*", "{}", ".*", "{x}"]);
        let numbers =
            |r: &usize, role: Role| format!("{r}{}", if role == Role::Count { "$n" } else { "" });
        assert_eq!(mapped.render(numbers), "{2:.1$n$} {4:>8.3$n$}");
    }

    #[test]
    fn traits_follow_the_spec() {
        let trait_of = |s: &str| match &parse(s).unwrap().pieces[0] {
            Piece::Hole { fmt, .. } => *fmt,
            Piece::Text(_) => unreachable!(),
        };
        assert_eq!(trait_of("{0}"), FmtTrait::Display);
        assert_eq!(trait_of("{0:#?}"), FmtTrait::Debug);
        assert_eq!(trait_of("{0:x?}"), FmtTrait::Debug);
        assert_eq!(trait_of("{0:08x}"), FmtTrait::LowerHex);
        assert_eq!(trait_of("{0:x<5}"), FmtTrait::Display);
        assert_eq!(trait_of("{0:.3e}"), FmtTrait::LowerExp);
        assert_eq!(trait_of("{0:p}"), FmtTrait::Pointer);
    }

    #[test]
    fn rejects_broken_templates() {
        for (bad, says) in [
            ("a } b", "unmatched `}`"),
            ("a { b", "unclosed `{`"),
            ("{a b}", "not a field name"),
            ("{-1}", "not a field name"),
            ("{_}", "not a field name"),
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
        assert_eq!(parse("{}").unwrap().references().count(), 1);
    }

    #[test]
    fn plain_text_is_one_piece() {
        let t = parse("no fields here").unwrap();
        assert_eq!(t.pieces, [Piece::Text("no fields here".into())]);
        assert_eq!(t.render(name), "no fields here");
        assert_eq!(t.fixed_text().as_deref(), Some("no fields here"));
    }
}
