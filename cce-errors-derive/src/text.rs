//! Source text for the parts of an expansion that grow with the number of
//! variants and carry nothing of the user's but names and strings: the
//! entries of `__CCE_META`, the arms of the dispatch `match` and of
//! `from_body`'s code `match`. Written into one `String` and lexed by the
//! compiler in one call, they cost the derive a small part of what building
//! them token by token through `quote!` did: each token is a call into the
//! compiler, made from the derive's unoptimized code (cargo builds proc
//! macros without optimizations in a debug build). On a 5,000-variant enum
//! that was a third of the derive's instructions.
//!
//! Lexed tokens all have the call site's span, as `quote!`'s own tokens
//! do, so text holds nothing a compiler error could be about once `valid`
//! has passed: no field types, no user expressions, no format strings that
//! `format_args!` checks (those keep their spans, through `quote!`).

use std::fmt::Write as _;

use proc_macro2::TokenStream;

/// The error that stands for text that did not lex (never seen; the
/// property test looks for it).
pub(crate) const UNREADABLE: &str =
    "cce-errors-derive wrote code it could not read back; please report this input";

/// The source text of a string literal whose value is `value`: `{:?}`
/// writes a valid one for any `str` (quotes, backslashes, control and
/// unprintable characters escaped).
pub(crate) fn literal(value: &str) -> String {
    format!("{value:?}")
}

/// Source text being written.
#[derive(Default)]
pub(crate) struct Text(String);

impl Text {
    /// Verbatim source: punctuation, keywords, paths of generated items,
    /// identifiers as written (a raw one with its `r#`).
    pub(crate) fn src(&mut self, source: &str) -> &mut Self {
        self.0.push_str(source);
        self
    }

    /// A string literal whose value is `value` (see `literal`).
    pub(crate) fn str(&mut self, value: &str) -> &mut Self {
        self.0.push_str(&literal(value));
        self
    }

    /// A `usize` literal, suffixed: `3usize`.
    pub(crate) fn usize(&mut self, value: usize) -> &mut Self {
        let _ = write!(self.0, "{value}usize");
        self
    }

    /// `true` or `false`.
    pub(crate) fn bool(&mut self, value: bool) -> &mut Self {
        self.0.push_str(if value { "true" } else { "false" });
        self
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The tokens, lexed by the compiler. Text written through these
    /// methods always lexes (the property test checks every expansion,
    /// lexed by `proc_macro2`). Should it not, the compiler may report its
    /// own lexer error (`proc_macro`'s `from_str` does not catch them all);
    /// otherwise this crate's error stands in, which reads as a
    /// `compile_error!` in item position and as a parse error in a
    /// `match` arm's.
    pub(crate) fn into_tokens(self) -> TokenStream {
        // Inside the compiler, its lexer directly: `proc_macro2`'s
        // `from_str` first lexes the text again with its own lexer, as
        // unoptimized as the derive, which cost more than it saved.
        // Outside (unit tests), `proc_macro2`'s.
        let lexed = if proc_macro::is_available() {
            self.0
                .parse::<proc_macro::TokenStream>()
                .map(TokenStream::from)
                .ok()
        } else {
            self.0.parse::<TokenStream>().ok()
        };
        lexed.unwrap_or_else(|| quote::quote!(::core::compile_error!(#UNREADABLE);))
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn strings_lex_back_to_their_value_whatever_they_hold() {
        for value in [
            "",
            "plain",
            "quote \" backslash \\ brace { } tab \t newline \n nul \0",
            "\u{7f} \u{200b} \u{301} é 中 🦀 \u{10ffff}",
            "\"#",
            "r#\"raw\"#",
        ] {
            let mut text = Text::default();
            text.str(value);
            let tokens = text.into_tokens();
            let lit: syn::LitStr = syn::parse2(tokens).expect("one string literal");
            assert_eq!(lit.value(), value);
        }
    }

    #[test]
    fn raw_identifiers_and_numbers_lex_as_written() {
        let mut text = Text::default();
        text.src("Self::")
            .src("r#type")
            .src(" => ")
            .usize(7)
            .src(", ")
            .bool(false);
        assert_eq!(
            text.into_tokens().to_string(),
            "Self :: r#type => 7usize , false"
        );
    }
}
