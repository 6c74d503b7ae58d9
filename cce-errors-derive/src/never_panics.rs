//! The derive's expansion driven outside the compiler (through
//! proc-macro2) with generated inputs: random attribute keys and values,
//! literals of every kind, missing and repeated attributes, every field
//! shape, generics, nonsense token trees inside `#[cce(...)]`. Whatever the
//! input, it returns tokens (code or `compile_error!`) and never panics.
//!
//! 1,000 cases by default (CI); `PROPTEST_CASES=100000 cargo test -p
//! cce-errors-derive --release never_panics` for a long run.

use proc_macro2::{TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::expand;

/// Keys the attribute grammar knows, and some it does not.
const KEYS: &[&str] = &[
    "code",
    "status",
    "detail",
    "transparent",
    "crate",
    "thiserror",
    "retry_after",
    "table",
    "skip",
    "domain",
    "cod",
    "message",
    "serde::rename",
    "r#code",
    "Code",
    "source",
    "from",
    "_",
];

/// Codes and strings worth trying as values.
const STRINGS: &[&str] = &[
    "CCE.01404001",
    "cce.example.com",
    "CCE.01400002",
    "CCE.01429002",
    "CCE.99999999",
    "cce.01404001",
    "",
    "{0}",
    "{name} and {1:?}",
    "{}",
    "{",
    "}",
    "{{}}",
    "{0:.*}",
    "{x:>w$}",
    "{source}",
    "{} {}",
    "{:.*}",
    "{0:p} {name0:>1$}",
    "{n} {MSG} {self:?}",
    "{3}",
    "../../../../ui-tests/tables/services.csv",
    "tables/missing.rst",
    "::cce_errors",
    "not a path!",
    "\u{0}\u{2028}🦀",
];

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(STRINGS).prop_map(|s| format!("{s:?}")),
        any::<String>().prop_map(|s| format!("{s:?}")),
        any::<u64>().prop_map(|n| n.to_string()),
        (100u16..1000).prop_map(|n| n.to_string()),
        Just("-1".to_owned()),
        Just("4.5e3".to_owned()),
        Just("true".to_owned()),
        Just("b\"bytes\"".to_owned()),
        Just("'c'".to_owned()),
        Just("r#\"raw\"#".to_owned()),
        Just("CONST".to_owned()),
        Just("concat!(\"CCE.\", \"01404001\")".to_owned()),
        Just("http::StatusCode::NOT_FOUND".to_owned()),
        // Expressions syn reads only with its `full` feature.
        Just("\"CCE.01404001\"[..]".to_owned()),
        Just("if true { \"a\" } else { \"b\" }".to_owned()),
        Just("|x| x".to_owned()),
    ]
}

/// Arguments of `detail(...)` after its format string: shorthand of every
/// shape, expressions, named arguments, and broken ones.
const DETAIL_ARGS: &[&str] = &[
    "",
    ", .0",
    ", .name0",
    ", .0, .1.len()",
    ", n = .0 * 2",
    ", .source0",
    ", self.source0",
    ", .0.1",
    ", .9",
    ", .nope",
    ", n = 1, n = 2",
    ", n = 1, .0",
    ", , 1",
    ", n =",
    ", |a, b| a + b",
    ", x.parse::<Result<u8, E>>()",
    ", if *.0 { 1 } else { 2 }",
    ", match .0 { _ => 1 }",
    ", { struct S; S }",
    ",",
    " .0",
    ", 1.5e3, 'c', b\"x\"",
];

/// Lists of `skip(...)`.
const SKIPS: &[&str] = &[
    "Display",
    "Error",
    "From",
    "Display, Error, From",
    "display",
    "Serialize",
    "std::fmt::Display",
    "Display(x)",
    "Display = 1",
    "Display, Display",
    "",
];

/// One `key`, `key = value`, `key(...)`, or a stray token tree.
fn entry() -> impl Strategy<Value = String> {
    let key = proptest::sample::select(KEYS);
    prop_oneof![
        key.clone().prop_map(str::to_owned),
        (key.clone(), literal()).prop_map(|(k, v)| format!("{k} = {v}")),
        (key, literal()).prop_map(|(k, v)| format!("{k}({v})")),
        (literal(), proptest::sample::select(DETAIL_ARGS))
            .prop_map(|(fmt, args)| format!("detail({fmt}{args})")),
        proptest::sample::select(SKIPS).prop_map(|list| format!("skip({list})")),
        proptest::sample::select(
            &[
                "=", "= =", ",", ",,", "[x]", "{ a }", "(1, 2)", "a b c", "#", "::", "'a", "$x",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

/// An attribute on an item: usually `#[cce(...)]`, sometimes another form.
fn attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::collection::vec(entry(), 0..4).prop_map(|e| format!("#[cce({})]", e.join(", "))),
        1 => Just("#[cce]".to_owned()),
        1 => literal().prop_map(|v| format!("#[cce = {v}]")),
        1 => Just("#[error(\"text\")]".to_owned()),
        1 => Just("#[doc = \"docs\"]".to_owned()),
    ]
}

fn field_attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("#[source]".to_owned()),
        Just("#[from]".to_owned()),
        Just("#[source(x)]".to_owned()),
        Just("#[from = \"y\"]".to_owned()),
        Just("#[cce(retry_after)]".to_owned()),
        attribute(),
    ]
}

const TYPES: &[&str] = &[
    "String",
    "u64",
    "i32",
    "std::io::Error",
    "Box<dyn std::error::Error + Send + Sync>",
    "std::time::Duration",
    "Option<u32>",
    "T",
    "&'a str",
    "Inner",
    "Vec<T>",
    "Option<std::io::Error>",
    "Option<T>",
    "std::path::PathBuf",
    "&'a std::path::Path",
    "Box<i32>",
    "Box<dyn std::error::Error + 'a>",
    "Inner<'a>",
];

fn field() -> impl Strategy<Value = (Vec<String>, &'static str)> {
    (
        proptest::collection::vec(field_attribute(), 0..3),
        proptest::sample::select(TYPES),
    )
}

fn fields() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        proptest::collection::vec(field(), 0..4).prop_map(|fs| {
            let fs: Vec<String> = fs
                .into_iter()
                .map(|(a, t)| format!("{} {t}", a.join(" ")))
                .collect();
            format!("({})", fs.join(", "))
        }),
        proptest::collection::vec(
            (
                field(),
                proptest::sample::select(
                    &["name", "source", "r#type", "subnet_id", "_0", "after"][..]
                )
            ),
            0..4
        )
        .prop_map(|fs| {
            let fs: Vec<String> = fs
                .into_iter()
                .enumerate()
                .map(|(i, ((a, t), n))| format!("{} {n}{i}: {t}", a.join(" ")))
                .collect();
            format!("{{ {} }}", fs.join(", "))
        }),
    ]
}

fn generics() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&["", "<T>", "<'a, T: Clone>", "<'a>", "<T, const N: usize>"][..])
}

/// A `#[cce(...)]` a user who knows the grammar writes: a table code and
/// sometimes a detail, so that many inputs expand to code, not errors.
fn plausible_attribute() -> impl Strategy<Value = String> {
    let code = proptest::sample::select(
        &[
            "CCE.01404001",
            "CCE.01400002",
            "CCE.01500001",
            "CCE.03409001",
        ][..],
    );
    let detail = proptest::sample::select(
        &[
            "",
            ", detail = \"fixed\"",
            ", detail = \"{0}\"",
            ", detail = \"{name0}\"",
            ", detail(\"{} of {n}\", .0, n = 2)",
            ", detail(\"{:?}\", self)",
            ", detail(\"{0:p}\")",
        ][..],
    );
    prop_oneof![
        4 => (code, detail).prop_map(|(c, d)| format!("#[cce(code = {c:?}{d})]")),
        1 => Just("#[cce(transparent)]".to_owned()),
        1 => proptest::sample::select(SKIPS).prop_map(|list| format!("#[cce(skip({list}))]")),
    ]
}

/// A whole derive input: an enum, a struct or a union.
fn input() -> impl Strategy<Value = String> {
    let variant = (
        prop_oneof![
            proptest::collection::vec(attribute(), 0..3),
            proptest::collection::vec(plausible_attribute(), 1..2),
        ],
        fields(),
    );
    prop_oneof![
        2 => (
            proptest::collection::vec(attribute(), 0..2),
            generics(),
            proptest::collection::vec(variant, 0..5)
        )
            .prop_map(|(attrs, generics, variants)| {
                let variants: Vec<String> = variants
                    .into_iter()
                    .enumerate()
                    .map(|(i, (a, f))| format!("{} V{i}{f}", a.join(" ")))
                    .collect();
                format!(
                    "{} enum E{generics} {{ {} }}",
                    attrs.join(" "),
                    variants.join(", ")
                )
            }),
        1 => (
            proptest::collection::vec(attribute(), 0..3),
            generics(),
            fields()
        )
            .prop_map(|(attrs, generics, f)| {
                let semi = if f.starts_with('{') { "" } else { ";" };
                format!("{} struct S{generics}{f}{semi}", attrs.join(" "))
            }),
        1 => Just("union U { a: u32, b: f32 }".to_owned()),
        // What a user who knows the grammar writes, so that the code that
        // runs when nothing is wrong is driven as often.
        2 => proptest::collection::vec(
            (
                proptest::sample::select(&["", "#[deprecated]"][..]),
                plausible_attribute(),
                proptest::sample::select(PLAUSIBLE_FIELDS)
            ),
            1..6
        )
        .prop_map(|variants| {
            let variants: Vec<String> = variants
                .into_iter()
                .enumerate()
                .map(|(i, (d, a, f))| format!("{d} {a} V{i}{f}"))
                .collect();
            format!("enum E<'a, T> {{ {} }}", variants.join(", "))
        }),
    ]
}

/// Fields that fit the plausible attributes' details and sources.
const PLAUSIBLE_FIELDS: &[&str] = &[
    "",
    "(u32)",
    "(String, Vec<u8>)",
    "(&'a std::path::Path)",
    "(Box<u32>)",
    "(#[from] std::io::Error)",
    "(#[source] Option<std::io::Error>)",
    "(T)",
    "{ name0: String, source: std::io::Error }",
    "{ name0: &'a str, #[cce(retry_after)] after: u64 }",
];

/// The messages of the `compile_error!`s in an expansion.
/// The names of the macros' internals, which no message may show.
const INTERNALS: &[&str] = &[
    "__cce",
    "__CCE",
    "__private",
    "__new",
    "__table",
    "__canonical",
    "AsDynError",
    "SourceIs",
    "DisplayPath",
    // syn's own advice, for expressions it reads only with its `full`
    // feature: the user cannot act on it.
    "enable syn",
];

/// The internal name `message` shows, if any, once the user's own text
/// (the identifiers and string literals of `source`, which a message may
/// quote, such as a table path `"__"`) is taken out of it.
fn internal_named(message: &str, source: &str) -> Option<&'static str> {
    fn user_text(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => user_text(group.stream(), out),
                TokenTree::Ident(ident) => out.push(ident.to_string()),
                TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    match syn::parse_str::<syn::LitStr>(&text) {
                        Ok(string) => out.push(string.value()),
                        Err(_) => out.push(text),
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
    let mut own = Vec::new();
    if let Ok(tokens) = source.parse::<TokenStream>() {
        user_text(tokens, &mut own);
    }
    // Longest first, so that a text containing a shorter one goes whole.
    own.sort_by_key(|text| std::cmp::Reverse(text.len()));
    let mut rest = message.to_owned();
    for text in own.iter().filter(|text| !text.is_empty()) {
        rest = rest.replace(text.as_str(), "");
    }
    INTERNALS
        .iter()
        .copied()
        .find(|internal| rest.contains(internal))
}

#[test]
fn messages_quoting_the_users_own_text_are_not_internals() {
    let path = "cannot read the error-code table `__`: No such file or directory";
    assert_eq!(internal_named(path, "\"__\""), None);
    assert_eq!(internal_named(path, "\"x\""), None);
    assert_eq!(
        internal_named("expected `__private::Wrap`", "\"x\""),
        Some("__private")
    );
    assert_eq!(
        internal_named("no variant `__cce_v`", "enum E { __cce_v }"),
        None
    );
    assert_eq!(
        internal_named("`__cce_meta` is not found", "enum E { V }"),
        Some("__cce")
    );
}

fn error_messages(tokens: TokenStream) -> Vec<String> {
    let mut messages = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident) if ident == "compile_error" => {
                let _bang = trees.next();
                if let Some(TokenTree::Group(group)) = trees.next()
                    && let Some(TokenTree::Literal(literal)) = group.stream().into_iter().next()
                    && let Ok(syn::Lit::Str(text)) =
                        syn::parse2::<syn::Lit>(TokenTree::Literal(literal).into())
                {
                    messages.push(text.value());
                }
            }
            TokenTree::Group(group) => messages.extend(error_messages(group.stream())),
            _ => {}
        }
    }
    messages
}

#[test]
fn expansion_never_panics() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let expanded = std::cell::Cell::new(0u32);
    let rejected_by_syn = std::cell::Cell::new(0u32);
    let with_errors = std::cell::Cell::new(0u32);
    runner
        .run(&input(), |source| {
            let Ok(tokens) = source.parse::<TokenStream>() else {
                rejected_by_syn.set(rejected_by_syn.get() + 1);
                return Ok(());
            };
            let Ok(node) = syn::parse2::<syn::DeriveInput>(tokens) else {
                rejected_by_syn.set(rejected_by_syn.get() + 1);
                return Ok(());
            };
            let output = expand::derive(&node);
            prop_assert!(!output.is_empty(), "no tokens for {source}");
            // Whatever came out is Rust tokens a compiler can read back.
            prop_assert!(
                output.to_string().parse::<TokenStream>().is_ok(),
                "{source}"
            );
            // The parts written as text (`crate::text`) always lex.
            prop_assert!(
                !output.to_string().contains(crate::text::UNREADABLE),
                "{source}"
            );
            expanded.set(expanded.get() + 1);
            let messages = error_messages(output);
            if !messages.is_empty() {
                with_errors.set(with_errors.get() + 1);
            }
            // What a user reads names no internals of the derive.
            for message in messages {
                prop_assert!(
                    internal_named(&message, &source).is_none(),
                    "{message}\nfor {source}"
                );
            }
            Ok(())
        })
        .unwrap();
    // The generator mostly makes inputs syn accepts, so the derive is driven.
    let (expanded, rejected_by_syn) = (expanded.get(), rejected_by_syn.get());
    let with_errors = with_errors.get();
    assert!(
        expanded > rejected_by_syn,
        "{expanded} expanded, {rejected_by_syn} rejected"
    );
    // Both outcomes are exercised: mistakes reported, and valid code made.
    assert!(
        with_errors > 0 && with_errors < expanded,
        "{with_errors} of {expanded} with errors"
    );
    println!(
        "{expanded} inputs expanded ({with_errors} with compile errors), {rejected_by_syn} not Rust items"
    );
}

/// `table!`'s arguments: literals, paths (readable, missing, a directory),
/// and other tokens, in any number and order.
fn table_arguments() -> impl Strategy<Value = String> {
    let path = prop::sample::select(vec![
        "\"../ui-tests/tables/services.csv\"",
        "\"../ui-tests/tables/bad-status.csv\"",
        "\"../ui-tests/tables/bad-retryable.csv\"",
        "\"../ui-tests/tables/no-table.rst\"",
        "\"../ui-tests/tables\"",
        "\"tables/missing.rst\"",
        "\"\"",
    ]);
    let token = prop_oneof![
        path.prop_map(str::to_owned),
        literal(),
        Just(",".to_owned()),
        Just(";".to_owned()),
        Just("errors_csv".to_owned()),
        Just("(\"x\")".to_owned()),
    ];
    prop::collection::vec(token, 0..4).prop_map(|tokens| tokens.join(" "))
}

#[test]
fn table_macro_never_panics() {
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&table_arguments(), |arguments| {
            let Ok(arguments) = arguments.parse::<TokenStream>() else {
                return Ok(());
            };
            let input: TokenStream = format!("::cce_errors; {arguments}").parse().unwrap();
            let output = crate::rows::expand(input);
            prop_assert!(
                output.to_string().parse::<TokenStream>().is_ok(),
                "{arguments}"
            );
            for message in error_messages(output) {
                prop_assert!(
                    internal_named(&message, &arguments.to_string()).is_none(),
                    "{message}\nfor {arguments}"
                );
            }
            Ok(())
        })
        .unwrap();
    // A path the user wrote is quoted back as written, underscores and all
    // (the case a run of 1,000,000 found: the check had flagged it).
    let missing = error_messages(crate::rows::expand("::cce_errors; \"__\"".parse().unwrap()));
    assert!(
        missing.len() == 1 && missing[0].contains("`__`"),
        "{missing:?}"
    );
    assert_eq!(internal_named(&missing[0], "\"__\""), None);
    // A readable table expands to its rows, without an error.
    let rows = crate::rows::expand(
        "::cce_errors; \"../ui-tests/tables/services.csv\""
            .parse()
            .unwrap(),
    );
    assert!(error_messages(rows.clone()).is_empty(), "{rows}");
    assert_eq!(rows.to_string().matches("ErrorCode :: __new").count(), 3);
}
