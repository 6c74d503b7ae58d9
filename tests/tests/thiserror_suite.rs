//! What thiserror's own test suite checks at run time (`tests/test_*.rs`
//! of dtolnay/thiserror; backtraces aside, which need nightly), written
//! for `#[derive(CceError)]` the way a team converting its enums would
//! write it. Where thiserror shows a message, a CCE error sends a table
//! row and shows `message [code]: detail`: the tests check the detail,
//! which is what the `#[error(...)]` text becomes.
//!
//! The mapping used throughout (see the README's "Coming from thiserror"):
//! `#[error("...")]` is `detail = "..."`, `#[error("...", args)]` is
//! `detail("...", args)`, `#[error(transparent)]` is
//! `#[cce(transparent)]` over a `CceError`, and a field read in an
//! argument is `.field` / `.0`, as in thiserror.

#![allow(
    clippy::uninlined_format_args,
    clippy::trivially_copy_pass_by_ref,
    clippy::iter_cloned_collect
)]

use std::error::Error as _;
use std::fmt::{self, Debug, Display};
use std::io;
use std::path::{Path, PathBuf};

use cce_errors::CceError;

/// The detail a value renders, as `#[error(...)]` would have shown it.
#[track_caller]
fn assert_detail<E: CceError>(expected: &str, error: &E) {
    assert_eq!(error.detail().as_deref(), Some(expected));
    // Display shows the table's message and code, then the detail.
    assert_eq!(
        error.to_string(),
        format!("{} [{}]: {expected}", error.message(), error.code())
    );
}

/// An error that points to another one and is no `Error` itself, as
/// `anyhow::Error` is: it dereferences to `dyn Error + Send + Sync`, here
/// a context over an inner error (`anyhow!("inner").context("outer")`).
#[derive(Debug)]
struct Report(Box<dyn std::error::Error + Send + Sync>);

impl Report {
    fn new(context: &'static str, inner: &'static str) -> Self {
        Report(Box::new(Context {
            context,
            inner: inner.into(),
        }))
    }
}

impl std::ops::Deref for Report {
    type Target = dyn std::error::Error + Send + Sync;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&*self.0, f)
    }
}

#[derive(Debug)]
struct Context {
    context: &'static str,
    inner: Box<dyn std::error::Error + Send + Sync>,
}

impl Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.context)
    }
}

impl std::error::Error for Context {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.inner)
    }
}

mod display {
    //! `test_display.rs`

    use super::*;

    #[test]
    fn braced_tuple_unit_and_enum() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "braced error: {msg}")]
        struct Braced {
            msg: String,
        }

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "braced error")]
        struct BracedUnused {
            #[allow(dead_code)]
            extra: usize,
        }

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "tuple error: {0}")]
        struct Tuple(usize);

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "unit error")]
        struct Unit;

        #[derive(Debug, CceError)]
        enum Enum {
            #[cce(code = "CCE.01400001", detail = "braced error: {id}")]
            Braced { id: usize },
            #[cce(code = "CCE.01400001", detail = "tuple error: {0}")]
            Tuple(usize),
            #[cce(code = "CCE.01400001", detail = "unit error")]
            Unit,
        }

        assert_detail("braced error: T", &Braced { msg: "T".into() });
        assert_detail("braced error", &BracedUnused { extra: 0 });
        assert_detail("tuple error: 0", &Tuple(0));
        assert_detail("unit error", &Unit);
        assert_detail("braced error: 0", &Enum::Braced { id: 0 });
        assert_detail("tuple error: 0", &Enum::Tuple(0));
        assert_detail("unit error", &Enum::Unit);
    }

    #[test]
    fn constants_are_named_arguments() {
        const MSG: &str = "failed to do";
        const CODE: usize = 9;

        #[derive(Debug, CceError)]
        #[cce(
            code = "CCE.01500001",
            detail("{MSG}: {id:?} (code {CODE:?})", MSG = MSG, CODE = CODE)
        )]
        struct Error {
            id: &'static str,
        }

        assert_detail("failed to do: \"\" (code 9)", &Error { id: "" });
    }

    #[test]
    fn a_shared_template_is_written_on_each_variant() {
        #[derive(Debug, CceError)]
        enum Error {
            #[cce(code = "CCE.01400001", detail = "{0}")]
            Some(&'static str),
            #[cce(code = "CCE.01400001", detail = "other error")]
            Other(#[allow(dead_code)] &'static str),
        }

        assert_detail("some error", &Error::Some("some error"));
        assert_detail("other error", &Error::Other("..."));
    }

    #[test]
    fn escaped_braces() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "fn main() {{}}")]
        struct Error;

        assert_detail("fn main() {}", &Error);
    }

    #[test]
    fn expressions_as_arguments() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("1 + 1 = {}", 1 + 1))]
        struct Arithmetic;

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("!bool = {}", not(.0)))]
        struct Nested(bool);

        #[allow(clippy::trivially_copy_pass_by_ref)]
        fn not(bool: &bool) -> bool {
            !*bool
        }

        assert_detail("1 + 1 = 2", &Arithmetic);
        assert_detail("!bool = false", &Nested(true));
    }

    #[test]
    fn a_match_as_a_named_argument() {
        #[derive(Debug, CceError)]
        #[cce(
            code = "CCE.01400001",
            detail("{intro}: {0}", intro = match .1 {
                Some(n) => format!("error occurred with {}", n),
                None => "there was an empty error".to_owned(),
            })
        )]
        struct Error(String, Option<usize>);

        assert_detail(
            "error occurred with 1: ...",
            &Error("...".to_owned(), Some(1)),
        );
        assert_detail(
            "there was an empty error: ...",
            &Error("...".to_owned(), None),
        );
    }

    #[test]
    fn a_block_with_its_own_display_type() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("{}", {
            struct Msg<'a>(&'a String, &'a Option<usize>);
            impl Display for Msg<'_> {
                fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                    match self.1 {
                        Some(n) => write!(formatter, "error occurred with {}", n),
                        None => write!(formatter, "there was an empty error"),
                    }?;
                    write!(formatter, ": {}", self.0)
                }
            }
            Msg(.0, .1)
        }))]
        struct Error(String, Option<usize>);

        assert_detail(
            "error occurred with 1: ...",
            &Error("...".to_owned(), Some(1)),
        );
        assert_detail(
            "there was an empty error: ...",
            &Error("...".to_owned(), None),
        );
    }

    #[test]
    fn an_empty_enum() {
        #[derive(Debug, CceError)]
        enum Error {}

        assert!(Error::variant_docs().is_empty());
    }

    #[test]
    fn fields_positional_and_named_arguments_mixed() {
        #[derive(Debug, CceError)]
        #[cce(
            code = "CCE.01400001",
            detail("a={a} :: b={} :: c={c} :: d={d}", 1, c = 2, d = 3)
        )]
        struct Error {
            a: usize,
            #[allow(dead_code)]
            d: usize,
        }

        // A named argument wins over a field of the same name.
        assert_detail("a=0 :: b=1 :: c=2 :: d=3", &Error { a: 0, d: 0 });
    }

    #[test]
    fn an_index_is_a_tuple_field_else_a_positional_argument() {
        #[derive(Debug, CceError)]
        enum Error {
            #[cce(code = "CCE.01400001", detail = "error {0}")]
            Tuple(usize, #[allow(dead_code)] usize),
            #[cce(code = "CCE.01400001", detail("error {0}", '?'))]
            Struct {
                #[allow(dead_code)]
                v: usize,
            },
        }

        assert_detail("error 9", &Error::Tuple(9, 0));
        assert_detail("error ?", &Error::Struct { v: 0 });
    }

    #[test]
    fn a_trailing_comma() {
        #[derive(Debug, CceError)]
        #[cce(
            code = "CCE.01400001",
            detail(
                "error {0}",
            )
        )]
        #[rustfmt::skip]
        struct Error(char);

        assert_detail("error ?", &Error('?'));
    }

    #[test]
    fn fields_of_fields() {
        #[derive(Debug)]
        struct Inner {
            data: usize,
        }

        #[derive(Debug)]
        struct InnerTuple(usize);

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("{}", .0.data))]
        struct Field(Inner);

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("{}", .0.0))]
        struct NestedTuple(InnerTuple);

        assert_detail("0", &Field(Inner { data: 0 }));
        assert_detail("0", &NestedTuple(InnerTuple(0)));
    }

    #[test]
    fn a_pointer_is_the_fields_value_address() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "{field:p}")]
        struct Struct {
            field: Box<i32>,
        }

        let s = Struct {
            field: Box::new(-1),
        };
        assert_detail(&format!("{:p}", s.field), &s);
    }

    #[test]
    fn variants_and_templates_from_a_macro() {
        macro_rules! decl_error {
            ($variant:ident($value:ident)) => {
                #[derive(Debug, CceError)]
                enum Error0 {
                    #[cce(code = "CCE.01400001", detail = "{0:?}")]
                    $variant($value),
                }
            };
        }

        macro_rules! decl_variants {
            ($($variants:tt)*) => {
                #[derive(Debug, CceError)]
                enum Error1 {
                    $($variants)*
                }
            };
        }

        decl_error!(Repro(u8));
        decl_variants! {
            #[cce(code = "CCE.01400001", detail = "{0}")]
            Unnamed(u8),
            #[cce(code = "CCE.01400001", detail = "{x}")]
            Named { x: u8 },
        }

        assert_detail("0", &Error0::Repro(0));
        assert_detail("0", &Error1::Unnamed(0));
        assert_detail("0", &Error1::Named { x: 0 });
    }

    #[test]
    fn raw_identifiers_and_keywords() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "braced raw error: {fn}")]
        struct Raw {
            r#fn: &'static str,
        }

        #[derive(Debug, CceError)]
        enum RawEnum {
            #[cce(code = "CCE.01400001", detail = "braced raw error: {fn}")]
            Braced { r#fn: &'static str },
        }

        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("error: {type}", type = 1))]
        struct Keyword;

        assert_detail("braced raw error: T", &Raw { r#fn: "T" });
        assert_detail("braced raw error: T", &RawEnum::Braced { r#fn: "T" });
        assert_detail("error: 1", &Keyword);
    }

    #[test]
    fn the_error_itself_as_an_argument() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("error: {:?}", self))]
        struct Error;

        assert_detail("error: Error", &Error);
    }

    #[test]
    fn escapes_in_string_and_raw_string_literals() {
        #[derive(Debug, CceError)]
        enum Error {
            #[cce(code = "CCE.01400001", detail = "brace left {{")]
            BraceLeft,
            #[cce(code = "CCE.01400001", detail = "brace left 2 \x7B\x7B")]
            BraceLeft2,
            #[cce(code = "CCE.01400001", detail = "brace left 3 \u{7B}\u{7B}")]
            BraceLeft3,
            #[cce(code = "CCE.01400001", detail = "brace right }}")]
            BraceRight,
            #[cce(code = "CCE.01400001", detail = "brace right 2 \x7D\x7D")]
            BraceRight2,
            #[cce(code = "CCE.01400001", detail = "brace right 3 \u{7D}\u{7D}")]
            BraceRight3,
            #[cce(
                code = "CCE.01400001",
                detail = "new_\
line"
            )]
            NewLine,
            #[cce(code = "CCE.01400001", detail = "escape24 \u{78}")]
            Escape24,
            #[cce(code = "CCE.01400001", detail = r#"raw brace left {{"#)]
            RawBraceLeft,
            #[cce(code = "CCE.01400001", detail = r#"raw brace left 2 \x7B"#)]
            RawBraceLeft2,
        }

        assert_detail("brace left {", &Error::BraceLeft);
        assert_detail("brace left 2 {", &Error::BraceLeft2);
        assert_detail("brace left 3 {", &Error::BraceLeft3);
        assert_detail("brace right }", &Error::BraceRight);
        assert_detail("brace right 2 }", &Error::BraceRight2);
        assert_detail("brace right 3 }", &Error::BraceRight3);
        assert_detail("new_line", &Error::NewLine);
        assert_detail("escape24 x", &Error::Escape24);
        assert_detail("raw brace left {", &Error::RawBraceLeft);
        assert_detail(r"raw brace left 2 \x7B", &Error::RawBraceLeft2);
    }

    /// thiserror's `#[error(fmt = path)]`: a function formats the error.
    /// Here an argument that displays through the function does.
    #[test]
    fn a_formatting_function() {
        struct With<F>(F);

        impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> Display for With<F> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                (self.0)(f)
            }
        }

        fn pair(k: &i32, v: &i32, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(formatter, "pair={k}:{v}")
        }

        fn octal<T: fmt::Octal>(value: &T, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(formatter, "0o{:o}", value)
        }

        #[derive(Debug, CceError)]
        enum Error {
            #[cce(code = "CCE.01400001", detail("{}", With(|f: &mut fmt::Formatter<'_>| pair(.0, .1, f))))]
            Tuple(i32, i32),
            #[cce(code = "CCE.01400001", detail("{}", With(|f: &mut fmt::Formatter<'_>| pair(.k, .v, f))))]
            Entry { k: i32, v: i32 },
            #[cce(code = "CCE.01400001", detail("{}", With(|f: &mut fmt::Formatter<'_>| octal(.0, f))))]
            I16(i16),
            #[cce(code = "CCE.01400001", detail = "{0:o}")]
            I64(i64),
        }

        assert_detail("pair=10:0", &Error::Tuple(10, 0));
        assert_detail("pair=10:0", &Error::Entry { k: 10, v: 0 });
        assert_detail("0o777", &Error::I16(0o777));
        assert_detail("777", &Error::I64(0o777));
    }
}

mod expr {
    //! `test_expr.rs`: elaborate arguments from rcc and rustup.

    use super::*;

    #[derive(Debug, CceError)]
    enum CompilerError {
        #[cce(code = "CCE.01400001", detail(
            "cannot shift {} by {maximum} or more bits (got {current})",
            if *.is_left { "left" } else { "right" }
        ))]
        TooManyShiftBits {
            is_left: bool,
            maximum: u64,
            current: u64,
        },

        #[cce(code = "CCE.01400001", detail(
            "#error {}",
            (.0).iter().copied().collect::<Vec<_>>().join(" ")
        ))]
        User(Vec<&'static str>),

        #[cce(code = "CCE.01400001", detail(
            "overflow while parsing {}integer literal",
            if let Some(signed) = .is_signed {
                if *signed { "signed " } else { "unsigned " }
            } else {
                ""
            }
        ))]
        IntegerOverflow { is_signed: Option<bool> },

        #[cce(code = "CCE.01400001", detail(
            "overflow while parsing {}integer literal",
            match .is_signed {
                Some(true) => "signed ",
                Some(false) => "unsigned ",
                None => "",
            }
        ))]
        IntegerOverflow2 { is_signed: Option<bool> },
    }

    #[derive(Debug, CceError)]
    enum RustupError {
        #[cce(code = "CCE.01404001", detail(
            "toolchain '{name}' does not contain component {component}{}",
            .suggestion
                .as_ref()
                .map_or_else(String::new, |s| format!("; did you mean '{}'?", s)),
        ))]
        UnknownComponent {
            name: String,
            component: String,
            suggestion: Option<String>,
        },
    }

    #[test]
    fn rcc() {
        assert_detail(
            "cannot shift left by 32 or more bits (got 50)",
            &CompilerError::TooManyShiftBits {
                is_left: true,
                maximum: 32,
                current: 50,
            },
        );
        assert_detail("#error A B C", &CompilerError::User(vec!["A", "B", "C"]));
        assert_detail(
            "overflow while parsing signed integer literal",
            &CompilerError::IntegerOverflow {
                is_signed: Some(true),
            },
        );
        assert_detail(
            "overflow while parsing unsigned integer literal",
            &CompilerError::IntegerOverflow2 {
                is_signed: Some(false),
            },
        );
        assert_detail(
            "overflow while parsing integer literal",
            &CompilerError::IntegerOverflow2 { is_signed: None },
        );
    }

    #[test]
    fn rustup() {
        assert_detail(
            "toolchain 'nightly' does not contain component clipy; did you mean 'clippy'?",
            &RustupError::UnknownComponent {
                name: "nightly".to_owned(),
                component: "clipy".to_owned(),
                suggestion: Some("clippy".to_owned()),
            },
        );
    }
}

mod source {
    //! `test_source.rs` and `test_error.rs`: which field `source()` returns.

    use super::*;

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct ImplicitSource {
        source: io::Error,
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct ExplicitSource {
        // Only a source by its name when no field is marked.
        #[allow(dead_code)]
        source: String,
        #[source]
        io: io::Error,
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct BoxedSource {
        #[source]
        source: Box<dyn std::error::Error + Send + 'static>,
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct ReportSource {
        #[source]
        cause: Report,
    }

    #[derive(Debug, CceError)]
    enum EnumError {
        #[cce(code = "CCE.01500001")]
        Braced {
            #[source]
            cause: io::Error,
        },
        #[cce(code = "CCE.01500001")]
        Tuple(#[source] io::Error),
        #[cce(code = "CCE.01500001")]
        Unit,
    }

    macro_rules! error_from_macro {
        ($($variants:tt)*) => {
            #[derive(Debug, CceError)]
            enum MacroSource {
                $($variants)*
            }
        }
    }

    error_from_macro! {
        #[cce(code = "CCE.01500001")]
        Variant(#[from] io::Error)
    }

    #[test]
    fn implicit_explicit_and_boxed() {
        let error = ImplicitSource {
            source: io::Error::other("oh no!"),
        };
        error.source().unwrap().downcast_ref::<io::Error>().unwrap();

        let error = ExplicitSource {
            source: String::new(),
            io: io::Error::other("oh no!"),
        };
        error.source().unwrap().downcast_ref::<io::Error>().unwrap();

        let error = BoxedSource {
            source: Box::new(io::Error::other("oh no!")),
        };
        error.source().unwrap().downcast_ref::<io::Error>().unwrap();
    }

    #[test]
    fn an_error_behind_a_pointer_is_the_source() {
        let error = ReportSource {
            cause: Report::new("outer", "inner"),
        };
        // What the pointer dereferences to is the source, as with anyhow.
        let source = error.source().unwrap();
        assert_eq!(source.to_string(), "outer");
        assert_eq!(source.source().unwrap().to_string(), "inner");
    }

    #[test]
    fn enum_sources_and_from_a_macro() {
        let error = EnumError::Braced {
            cause: io::Error::other("braced"),
        };
        assert_eq!(error.source().unwrap().to_string(), "braced");
        let error = EnumError::Tuple(io::Error::other("tuple"));
        assert_eq!(error.source().unwrap().to_string(), "tuple");
        assert!(EnumError::Unit.source().is_none());

        let error = MacroSource::from(io::Error::other("macro"));
        assert_eq!(error.source().unwrap().to_string(), "macro");
        // The source's text stays out of the response.
        assert_eq!(error.detail(), None);
        assert_eq!(error.to_string(), "Internal error. [CCE.01500001]");
    }
}

mod from {
    //! `test_from.rs`

    use super::*;

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct ErrorStruct {
        #[from]
        source: io::Error,
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct ErrorTuple(#[from] io::Error);

    #[derive(Debug, CceError)]
    enum ErrorEnum {
        #[cce(code = "CCE.01500001")]
        Test {
            #[from]
            source: io::Error,
        },
    }

    #[derive(Debug, CceError)]
    enum Many {
        #[cce(code = "CCE.01500001")]
        Any(#[from] Report),
        #[cce(code = "CCE.02500001")]
        Io(#[from] io::Error),
    }

    fn assert_impl<T: From<io::Error> + CceError>() -> T {
        T::from(io::Error::other("from"))
    }

    #[test]
    fn from_io_error() {
        assert_eq!(
            assert_impl::<ErrorStruct>().source().unwrap().to_string(),
            "from"
        );
        assert_eq!(
            assert_impl::<ErrorTuple>().source().unwrap().to_string(),
            "from"
        );
        assert_eq!(
            assert_impl::<ErrorEnum>().source().unwrap().to_string(),
            "from"
        );
        let many = assert_impl::<Many>();
        assert_eq!(many.code(), "CCE.02500001");
        let many = Many::from(Report::new("outer", "inner"));
        assert_eq!(many.code(), "CCE.01500001");
    }
}

mod transparent {
    //! `test_transparent.rs`

    use super::*;

    #[test]
    fn a_transparent_struct() {
        #[derive(Debug, CceError)]
        #[cce(transparent)]
        struct Error(ErrorKind);

        #[derive(Debug, CceError)]
        enum ErrorKind {
            #[cce(code = "CCE.01400001", detail = "E0")]
            E0,
            #[cce(code = "CCE.01500001", detail = "E1")]
            E1(#[from] io::Error),
        }

        let error = Error(ErrorKind::E0);
        assert_eq!(error.to_string(), ErrorKind::E0.to_string());
        assert_eq!(error.detail().as_deref(), Some("E0"));
        assert!(error.source().is_none());

        let error = Error(ErrorKind::from(io::Error::other("oh no!")));
        assert_eq!(error.detail().as_deref(), Some("E1"));
        assert_eq!(error.code(), "CCE.01500001");
        error.source().unwrap().downcast_ref::<io::Error>().unwrap();
    }

    /// thiserror's `#[error(transparent)] Other(anyhow::Error)`: a catch-all
    /// has a code of its own, and its error as the source, never in the
    /// response.
    #[test]
    fn a_catch_all_variant_over_any_error() {
        #[derive(Debug, CceError)]
        enum Error {
            #[cce(code = "CCE.01400001", detail = "this failed")]
            This,
            #[cce(code = "CCE.01500001")]
            Other(#[from] Report),
        }

        assert_detail("this failed", &Error::This);
        let error = Error::from(Report::new("outer", "inner"));
        assert_eq!(error.to_string(), "Internal error. [CCE.01500001]");
        assert_eq!(error.detail(), None);
        assert_eq!(error.source().unwrap().to_string(), "outer");
    }

    /// The same catch-all shown as thiserror shows it: `Display` and
    /// `source()` forwarded by hand, the code and body still derived.
    #[test]
    fn a_catch_all_that_forwards_display_and_source() {
        #[derive(Debug, CceError)]
        #[cce(skip(Display, Error))]
        enum Error {
            #[cce(code = "CCE.01500001")]
            Other(Report),
        }

        impl Display for Error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let Error::Other(report) = self;
                Display::fmt(report, f)
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                let Error::Other(report) = self;
                report.source()
            }
        }

        let error = Error::Other(Report::new("outer", "inner"));
        assert_eq!(error.to_string(), "outer");
        assert_eq!(error.source().unwrap().to_string(), "inner");
        assert_eq!(error.code(), "CCE.01500001");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"errorCode": "CCE.01500001", "errorMessage": "Internal error."})
        );
    }

    #[test]
    fn a_borrowing_transparent_struct() {
        #[derive(Debug, CceError)]
        #[cce(transparent)]
        struct Error<'a> {
            inner: ErrorKind<'a>,
        }

        #[derive(Debug, CceError)]
        enum ErrorKind<'a> {
            #[cce(code = "CCE.01400001", detail("unexpected token: {:?}", .token))]
            Unexpected { token: &'a str },
        }

        let error = Error {
            inner: ErrorKind::Unexpected { token: "error" },
        };
        assert_detail("unexpected token: \"error\"", &error);
        assert!(error.source().is_none());
    }
}

mod generics {
    //! `test_generics.rs`: bounds come from what each impl uses.

    use super::*;

    struct NoFormat;

    #[derive(Debug)]
    struct DebugOnly;

    struct DisplayOnly;

    impl Display for DisplayOnly {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("display only")
        }
    }

    #[derive(Debug)]
    struct DebugAndDisplay;

    impl Display for DebugAndDisplay {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("debug and display")
        }
    }

    #[derive(Debug, CceError)]
    enum EnumDebugGeneric<E> {
        #[cce(code = "CCE.01500001", detail = "{0:?}")]
        FatalError(E),
    }

    #[derive(Debug, CceError)]
    enum EnumFromGeneric<E> {
        #[cce(code = "CCE.01500001", detail = "enum from generic")]
        Source(#[from] EnumDebugGeneric<E>),
    }

    #[derive(CceError)]
    enum EnumCompound<HasDisplay, HasDebug, HasNeither> {
        #[cce(code = "CCE.01400001", detail = "{0} {1:?}")]
        DisplayDebug(HasDisplay, HasDebug),
        #[cce(code = "CCE.01400001", detail = "{0}")]
        Display(HasDisplay, HasNeither),
        #[cce(code = "CCE.01400001", detail = "{1:?}")]
        Debug(HasNeither, HasDebug),
    }

    impl<HasDisplay, HasDebug, HasNeither> Debug for EnumCompound<HasDisplay, HasDebug, HasNeither> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("EnumCompound")
        }
    }

    #[derive(Debug, CceError)]
    enum EnumTransparentGeneric<E> {
        #[cce(transparent)]
        Other(E),
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001", detail = "{underlying:?}")]
    struct StructDebugGeneric<E> {
        underlying: E,
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct StructFromGeneric<E> {
        #[from]
        source: StructDebugGeneric<E>,
    }

    #[derive(Debug, CceError)]
    #[cce(transparent)]
    struct StructTransparentGeneric<E>(E);

    #[test]
    fn display_needs_only_the_traits_of_the_fields_it_shows() {
        let mut instance: EnumCompound<DisplayOnly, DebugOnly, NoFormat>;

        instance = EnumCompound::DisplayDebug(DisplayOnly, DebugOnly);
        assert_eq!(
            instance.to_string(),
            "Invalid request. [CCE.01400001]: display only DebugOnly"
        );
        instance = EnumCompound::Display(DisplayOnly, NoFormat);
        assert_eq!(
            instance.to_string(),
            "Invalid request. [CCE.01400001]: display only"
        );
        instance = EnumCompound::Debug(NoFormat, DebugOnly);
        assert_eq!(
            instance.to_string(),
            "Invalid request. [CCE.01400001]: DebugOnly"
        );
        // Everything else, as `CceError` needs `Error` which needs `Debug`.
        assert_eq!(instance.code(), "CCE.01400001");
    }

    #[test]
    fn generic_sources_and_transparent_fields() {
        let inner = EnumDebugGeneric::FatalError(DebugAndDisplay);
        assert_detail("DebugAndDisplay", &inner);
        let error = EnumFromGeneric::from(inner);
        assert_eq!(
            error.source().unwrap().to_string(),
            "Internal error. [CCE.01500001]: DebugAndDisplay"
        );
        let error = EnumTransparentGeneric::Other(EnumDebugGeneric::FatalError(DebugOnly));
        assert_detail("DebugOnly", &error);
        let error = StructFromGeneric::from(StructDebugGeneric {
            underlying: DebugOnly,
        });
        assert!(error.source().is_some());
        let error = StructTransparentGeneric(StructDebugGeneric { underlying: 1 });
        assert_detail("1", &error);
    }

    #[test]
    fn a_named_argument_needs_no_bound_on_the_field_it_shadows() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail("{thing}", thing = "..."))]
        struct Error<T> {
            #[allow(dead_code)]
            thing: T,
        }

        #[derive(Debug)]
        struct NotDisplay;

        assert_detail("...", &Error { thing: NotDisplay });
    }

    #[test]
    fn one_field_with_two_traits() {
        #[derive(Debug, CceError)]
        #[cce(code = "CCE.01400001", detail = "0x{thing:x} 0x{thing:X}")]
        struct Error<T> {
            thing: T,
        }

        assert_detail("0xff 0xFF", &Error { thing: 0xFF_i32 });
    }
}

mod option {
    //! `test_option.rs` (whose cases need nightly for backtraces): an
    //! `Option` source is a source when it is `Some`.

    use super::*;

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct OptSource {
        #[source]
        source: Option<Report>,
    }

    #[derive(Debug, CceError)]
    enum OptSourceEnum {
        #[cce(code = "CCE.01500001")]
        Test {
            #[source]
            source: Option<io::Error>,
        },
    }

    #[test]
    fn some_is_the_source_and_none_is_none() {
        let error = OptSource {
            source: Some(Report::new("outer", "inner")),
        };
        assert_eq!(error.source().unwrap().to_string(), "outer");
        assert!(OptSource { source: None }.source().is_none());
        let error = OptSourceEnum::Test {
            source: Some(io::Error::other("io")),
        };
        assert_eq!(error.source().unwrap().to_string(), "io");
        assert!(OptSourceEnum::Test { source: None }.source().is_none());
    }
}

mod path {
    //! `test_path.rs`

    use super::*;

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001", detail = "failed to read '{file}'")]
    struct StructPathBuf {
        file: PathBuf,
    }

    #[derive(Debug, CceError)]
    enum EnumPathBuf {
        #[cce(code = "CCE.01500001", detail = "failed to read '{0}'")]
        Read(PathBuf),
    }

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001", detail = "failed to read '{file}'")]
    struct StructPath<'a> {
        file: &'a Path,
    }

    #[derive(Debug, CceError)]
    enum BothError {
        #[cce(code = "CCE.01500001", detail = "display:{0} debug:{0:?}")]
        DisplayDebug(PathBuf),
        #[cce(code = "CCE.01500001", detail = "debug:{0:?} display:{0}")]
        DebugDisplay(PathBuf),
    }

    #[test]
    fn paths_display_as_display_shows_them() {
        let path = Path::new("/thiserror");
        assert_detail(
            "failed to read '/thiserror'",
            &StructPathBuf {
                file: path.to_owned(),
            },
        );
        assert_detail(
            "failed to read '/thiserror'",
            &EnumPathBuf::Read(path.to_owned()),
        );
        assert_detail("failed to read '/thiserror'", &StructPath { file: path });
        assert_detail(
            "display:/thiserror debug:\"/thiserror\"",
            &BothError::DisplayDebug(path.to_owned()),
        );
        assert_detail(
            "debug:\"/thiserror\" display:/thiserror",
            &BothError::DebugDisplay(path.to_owned()),
        );
    }
}

mod lints {
    //! `test_lints.rs` and `test_deprecated.rs`: generated code trips none of
    //! the lints a crate may deny. (`clippy::allow_attributes` is checked
    //! when clippy builds the tests, as CI does.)

    #![deny(unused_qualifications, deprecated)]
    #![deny(clippy::allow_attributes, clippy::elidable_lifetime_names)]
    #![deny(clippy::needless_lifetimes)]

    use super::*;

    // A trait named `Error` in scope changes nothing.
    use std::error::Error;

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct MyError(#[from] Report);

    #[derive(Debug, CceError)]
    enum Lifetimes<'a> {
        #[cce(code = "CCE.01500001")]
        A(#[from] io::Error),
        #[cce(code = "CCE.01400001")]
        B(#[expect(dead_code)] &'a ()),
    }

    #[derive(Debug, CceError)]
    #[deprecated]
    #[cce(code = "CCE.01400001", detail = "...")]
    struct DeprecatedStruct;

    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01400001", detail("{message} {}", .message))]
    struct DeprecatedStructField {
        #[deprecated]
        message: String,
    }

    #[derive(Debug, CceError)]
    #[deprecated]
    enum DeprecatedEnum {
        #[cce(code = "CCE.01400001", detail = "...")]
        Variant,
    }

    #[derive(Debug, CceError)]
    enum DeprecatedVariant {
        #[deprecated]
        #[cce(code = "CCE.01400001", detail = "...")]
        Variant,
    }

    #[derive(Debug, CceError)]
    enum DeprecatedFrom {
        #[cce(transparent)]
        Variant(
            #[from]
            #[expect(deprecated)]
            DeprecatedStruct,
        ),
    }

    #[test]
    #[expect(deprecated)]
    fn deprecated_items_derive_without_a_lint() {
        assert_detail("...", &DeprecatedStruct);
        assert_detail(
            "m m",
            &DeprecatedStructField {
                message: "m".into(),
            },
        );
        assert_detail("...", &DeprecatedEnum::Variant);
        assert_detail("...", &DeprecatedVariant::Variant);
        assert_detail("...", &DeprecatedFrom::from(DeprecatedStruct));
        assert!(MyError::from(Report::new("a", "b")).source().is_some());
        assert!(Lifetimes::from(io::Error::other("x")).source().is_some());
        assert_eq!(Lifetimes::B(&()).code(), "CCE.01400001");
    }
}
