//! What `#[derive(CceError)]` generates for every supported shape: the
//! trait methods, `From`, `source()` and transparent delegation.

// At the crate root, so that `::renamed_root` names it from anywhere.
extern crate cce_errors as renamed_root;

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::io;

use cce_errors::{CceError, ErrorBody, ErrorCode};
use http::StatusCode;

/// Checks every row-derived method of `error` against the table row of `code`.
#[track_caller]
fn assert_row<E: CceError>(error: &E, code: &str) {
    let row = ErrorCode::lookup(code).unwrap_or_else(|| panic!("{code} is not in the table"));
    assert!(
        std::ptr::eq(error.error_code(), row),
        "error_code() of {error:?} is not the table's row of {code}"
    );
    assert_eq!(error.code(), code);
    assert_eq!(error.status(), row.status());
    assert_eq!(error.message(), row.message());
}

fn body_of(code: &str) -> ErrorBody<'_> {
    ErrorBody::new(code, "whatever the server said")
}

// ------------------------------------------------------------------ shapes

#[derive(Debug, CceError)]
enum Shapes {
    #[cce(code = "CCE.01404001")]
    Unit,
    #[cce(code = "CCE.01400002", detail = "subnet {0} is not in VPC {1}")]
    Tuple(String, &'static str),
    #[cce(
        code = "CCE.01400001",
        status = 400,
        detail = "field {name} is {value:?}"
    )]
    Struct {
        name: &'static str,
        value: Option<u32>,
    },
    #[cce(code = "CCE.01409001", status = 409)]
    TupleWithoutDetail(#[allow(dead_code, reason = "only the derives read it")] u32),
    #[cce(code = "CCE.02404001")]
    StructWithoutDetail {
        #[allow(dead_code, reason = "only the derives read it")]
        id: u32,
    },
    #[cce(code = "CCE.01403001", detail = "fixed text")]
    Fixed,
    #[cce(code = "CCE.01403001", detail = "{{braces}} are literal")]
    Braces,
    #[cce(code = "CCE.01400014", detail = "[{0:>5}]")]
    Width(u32),
    #[cce(code = "CCE.01400014", detail = "[{x:>w$}] [{x:<w$}]")]
    FieldWidth { x: &'static str, w: usize },
    #[cce(code = "CCE.01400014", detail = "[{w:0>w$}]")]
    OwnWidth { w: usize },
    #[cce(code = "CCE.01400015", detail = "{0:.2} {0:?} {0:e}")]
    Float(f64),
    #[cce(code = "CCE.01400015", detail = "{1}-{0}-{1}")]
    Reordered(u8, u8),
    #[cce(code = "CCE.01400015", detail = "type {type}, again {r#type}")]
    Raw { r#type: &'static str },
    #[cce(
        code = "CCE.01400015",
        detail = "{hex:#06x} {hex:X} {bits:08b} {bits:o}"
    )]
    Radix { hex: u16, bits: u8 },
    #[cce(code = "CCE.01400015", detail = "{0:#?}")]
    Pretty((u8, u8)),
}

#[test]
fn unit_variant() {
    let error = Shapes::Unit;
    assert_row(&error, "CCE.01404001");
    assert_eq!(error.status(), StatusCode::NOT_FOUND);
    assert_eq!(error.message(), "Resource not found.");
    assert_eq!(error.detail(), None);
}

#[test]
fn tuple_variant_with_positional_detail() {
    let error = Shapes::Tuple("subnet-1".into(), "vpc-9");
    assert_row(&error, "CCE.01400002");
    assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        error.detail().as_deref(),
        Some("subnet subnet-1 is not in VPC vpc-9")
    );
}

#[test]
fn struct_variant_with_named_and_debug_detail() {
    let error = Shapes::Struct {
        name: "replicas",
        value: Some(7),
    };
    assert_row(&error, "CCE.01400001");
    assert_eq!(error.detail().as_deref(), Some("field replicas is Some(7)"));
    let error = Shapes::Struct {
        name: "replicas",
        value: None,
    };
    assert_eq!(error.detail().as_deref(), Some("field replicas is None"));
}

#[test]
fn variants_with_fields_but_no_template_have_no_detail() {
    let error = Shapes::TupleWithoutDetail(3);
    assert_row(&error, "CCE.01409001");
    assert_eq!(error.status(), StatusCode::CONFLICT);
    assert_eq!(error.detail(), None);
    let error = Shapes::StructWithoutDetail { id: 3 };
    assert_row(&error, "CCE.02404001");
    assert_eq!(error.detail(), None);
}

#[test]
fn fixed_text_detail_is_borrowed() {
    let error = Shapes::Fixed;
    assert_row(&error, "CCE.01403001");
    let detail = error.detail();
    assert!(
        matches!(detail, Some(Cow::Borrowed("fixed text"))),
        "{detail:?}"
    );
    let detail = Shapes::Braces.detail();
    assert!(
        matches!(detail, Some(Cow::Borrowed("{braces} are literal"))),
        "{detail:?}"
    );
}

#[test]
fn detail_with_fields_is_rendered_per_value() {
    let first = Shapes::Tuple("a".into(), "b");
    let second = Shapes::Tuple("c".into(), "d");
    assert_eq!(first.detail().as_deref(), Some("subnet a is not in VPC b"));
    assert_eq!(second.detail().as_deref(), Some("subnet c is not in VPC d"));
}

#[test]
fn format_specs_apply() {
    assert_eq!(Shapes::Width(42).detail().as_deref(), Some("[   42]"));
    assert_eq!(
        Shapes::Width(1_234_567).detail().as_deref(),
        Some("[1234567]")
    );
    assert_eq!(
        Shapes::FieldWidth { x: "ab", w: 5 }.detail().as_deref(),
        Some("[   ab] [ab   ]")
    );
    assert_eq!(
        Shapes::FieldWidth { x: "ab", w: 0 }.detail().as_deref(),
        Some("[ab] [ab]")
    );
    assert_eq!(
        Shapes::OwnWidth { w: 4 }.detail().as_deref(),
        Some("[0004]")
    );
    assert_eq!(
        Shapes::Float(1234.5).detail().as_deref(),
        Some("1234.50 1234.5 1.2345e3")
    );
    assert_eq!(
        Shapes::Radix { hex: 255, bits: 5 }.detail().as_deref(),
        Some("0x00ff FF 00000101 5")
    );
    assert_eq!(
        Shapes::Pretty((1, 2)).detail().as_deref(),
        Some("(\n    1,\n    2,\n)")
    );
}

/// A width from field `w` and a field named `w_count` in one template, in
/// both orders: generated names must not collide with field names.
#[derive(Debug, CceError)]
#[cce(code = "CCE.01400001", detail = "[{x:>w$}] {w_count}")]
struct WidthBesideCountName {
    x: &'static str,
    w: usize,
    w_count: &'static str,
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01400001", detail = "{w_count} [{x:>w$}] {w}")]
struct CountNameBeforeWidth {
    x: &'static str,
    w: usize,
    w_count: &'static str,
}

#[test]
fn width_field_beside_a_field_named_like_its_count() {
    let error = WidthBesideCountName {
        x: "ab",
        w: 5,
        w_count: "hello",
    };
    assert_eq!(error.detail().as_deref(), Some("[   ab] hello"));
    let error = CountNameBeforeWidth {
        x: "ab",
        w: 5,
        w_count: "hello",
    };
    assert_eq!(error.detail().as_deref(), Some("hello [   ab] 5"));
}

#[test]
fn placeholders_can_repeat_and_reorder() {
    assert_eq!(Shapes::Reordered(1, 2).detail().as_deref(), Some("2-1-2"));
}

#[test]
fn raw_identifier_fields() {
    assert_eq!(
        Shapes::Raw { r#type: "gpu" }.detail().as_deref(),
        Some("type gpu, again gpu")
    );
}

// Keyword variant names, and templates whose text needs escaping both in a
// Rust string literal and in JSON: the derive writes its table of variants,
// its dispatch and its decoding `match` as source text.
#[allow(non_camel_case_types)]
#[derive(Debug, CceError)]
enum Written {
    #[cce(code = "CCE.01404001")]
    r#type,
    #[cce(
        code = "CCE.01400002",
        detail = "quote \" backslash \\ tab \t newline \n braces {{}} \u{e9} \u{1f980} \u{200b} \u{0}"
    )]
    r#match,
    #[cce(code = "CCE.01400003", detail = r#"name "{name}" \ {{literal}}"#)]
    r#fn { name: String },
    #[cce(code = "CCE.01400004")]
    r#Self2,
}

#[test]
fn keyword_variants_and_escaped_text_survive_the_written_code() {
    assert_row(&Written::r#type, "CCE.01404001");
    assert!(matches!(
        Written::from_body(&body_of("CCE.01404001")),
        Some(Written::r#type)
    ));
    assert!(matches!(
        Written::from_body(&body_of("CCE.01400004")),
        Some(Written::r#Self2)
    ));
    let fixed = "quote \" backslash \\ tab \t newline \n braces {} \u{e9} \u{1f980} \u{200b} \u{0}";
    assert_row(&Written::r#match, "CCE.01400002");
    assert_eq!(Written::r#match.detail().as_deref(), Some(fixed));
    let body = serde_json::to_value(&Written::r#match).unwrap();
    assert_eq!(body["message"], fixed);
    assert_eq!(body["errorCode"], "CCE.01400002");
    let with_field = Written::r#fn {
        name: "a\"b".to_owned(),
    };
    assert_row(&with_field, "CCE.01400003");
    assert_eq!(
        with_field.detail().as_deref(),
        Some(r#"name "a"b" \ {literal}"#)
    );
    assert_eq!(
        serde_json::to_value(&with_field).unwrap()["message"],
        r#"name "a"b" \ {literal}"#
    );
    let docs = Written::variant_docs();
    let names: Vec<_> = docs.iter().map(|d| d.name).collect();
    assert_eq!(
        names,
        [
            "Written::type",
            "Written::match",
            "Written::fn",
            "Written::Self2"
        ]
    );
    assert_eq!(
        docs[1].detail,
        Some(concat!(
            "quote \" backslash \\ tab \t newline \n braces {{}} ",
            "\u{e9} \u{1f980} \u{200b} \u{0}"
        ))
    );
    assert_eq!(docs[2].detail, Some(r#"name "{name}" \ {{literal}}"#));
    assert_eq!(docs[2].placeholders, ["name"]);
}

#[test]
fn status_matches_code_for_every_shape() {
    let samples: Vec<(Shapes, &str)> = vec![
        (Shapes::Unit, "CCE.01404001"),
        (Shapes::Tuple(String::new(), ""), "CCE.01400002"),
        (
            Shapes::Struct {
                name: "",
                value: None,
            },
            "CCE.01400001",
        ),
        (Shapes::TupleWithoutDetail(0), "CCE.01409001"),
        (Shapes::StructWithoutDetail { id: 0 }, "CCE.02404001"),
        (Shapes::Fixed, "CCE.01403001"),
        (Shapes::Width(0), "CCE.01400014"),
        (Shapes::Float(0.0), "CCE.01400015"),
    ];
    for (error, code) in &samples {
        assert_row(error, code);
        let to_body = error.to_body();
        assert_eq!(to_body.code, *code);
        assert_eq!(to_body.message, error.message());
        assert_eq!(to_body.detail, error.detail());
    }
}

// ----------------------------------------------------------------- structs

#[derive(Debug, PartialEq, CceError)]
#[cce(code = "CCE.01403001")]
struct UnitStruct;

#[derive(Debug, PartialEq, CceError)]
#[cce(code = "CCE.02403001")]
struct EmptyBracedStruct {}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01400002", detail = "subnet {0}")]
struct TupleStruct(String);

#[derive(Debug, CceError)]
#[cce(
    code = "CCE.01404001",
    status = 404,
    detail = "cluster {cluster_id} not found"
)]
struct BracedStruct {
    cluster_id: String,
}

#[test]
fn unit_struct() {
    assert_row(&UnitStruct, "CCE.01403001");
    assert_eq!(UnitStruct.status(), StatusCode::FORBIDDEN);
    assert_eq!(UnitStruct.detail(), None);
    assert_eq!(
        UnitStruct::from_body(&body_of("CCE.01403001")),
        Some(UnitStruct)
    );
    assert_eq!(UnitStruct::from_body(&body_of("CCE.02403001")), None);
    assert_eq!(
        EmptyBracedStruct::from_body(&body_of("CCE.02403001")),
        Some(EmptyBracedStruct {})
    );
}

#[test]
fn tuple_struct() {
    let error = TupleStruct("subnet-1".into());
    assert_row(&error, "CCE.01400002");
    assert_eq!(error.detail().as_deref(), Some("subnet subnet-1"));
    // A struct with fields cannot be rebuilt from a body.
    assert!(TupleStruct::from_body(&body_of("CCE.01400002")).is_none());
}

#[test]
fn braced_struct() {
    let error = BracedStruct {
        cluster_id: "c-1".into(),
    };
    assert_row(&error, "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some("cluster c-1 not found"));
    assert!(BracedStruct::from_body(&body_of("CCE.01404001")).is_none());
}

// ------------------------------------------------------------ shared codes

#[derive(Debug, PartialEq, CceError)]
enum Shared {
    #[cce(code = "CCE.01400001", detail = "bad name")]
    InvalidName,
    #[cce(code = "CCE.01400001", detail = "bad size {0}")]
    SizeTooLarge(u32),
    #[cce(code = "CCE.01400001")]
    Other,
}

#[test]
fn variants_may_share_a_code() {
    for error in [Shared::InvalidName, Shared::SizeTooLarge(3), Shared::Other] {
        assert_row(&error, "CCE.01400001");
        assert_eq!(error.message(), "Invalid request.");
    }
    assert_eq!(Shared::InvalidName.detail().as_deref(), Some("bad name"));
    assert_eq!(
        Shared::SizeTooLarge(3).detail().as_deref(),
        Some("bad size 3")
    );
    assert_eq!(Shared::Other.detail(), None);
    // The first fieldless variant declared answers for the code.
    assert_eq!(
        Shared::from_body(&body_of("CCE.01400001")),
        Some(Shared::InvalidName)
    );
}

/// A variant with fields cannot be built from a body: the first one without
/// fields answers for the code, even after it.
#[test]
fn a_variant_with_fields_first_leaves_the_code_to_the_next_without() {
    #[derive(Debug, PartialEq, CceError)]
    enum Later {
        #[cce(code = "CCE.01400001", detail = "bad size {0}")]
        SizeTooLarge(u32),
        #[cce(code = "CCE.01400001")]
        Other,
    }

    assert_eq!(
        Later::from_body(&body_of("CCE.01400001")),
        Some(Later::Other)
    );
    assert_eq!(Later::SizeTooLarge(1).code(), "CCE.01400001");
}

// -------------------------------------------------------------- empty enum

#[derive(Debug, CceError)]
enum Never {}

fn implements_everything<E>()
where
    E: CceError + serde::Serialize + fmt::Display + fmt::Debug + StdError + Send + Sync + 'static,
{
}

#[test]
fn empty_enum_compiles_and_decodes_nothing() {
    implements_everything::<Never>();
    assert!(Never::from_body(&body_of("CCE.01400001")).is_none());
    assert!(Never::from_body(&body_of("CCE.01404001")).is_none());
}

// ---------------------------------------------------------------- generics

/// Display but not Debug: the enum below must not require `T: Debug`.
struct OnlyDisplay(&'static str);

impl fmt::Display for OnlyDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "display:{}", self.0)
    }
}

/// Debug but not Display.
#[derive(Debug)]
struct OnlyDebug(#[allow(dead_code)] &'static str);

/// Neither Display nor Debug.
struct Opaque;

#[derive(CceError)]
enum ShowsDisplay<T> {
    #[cce(code = "CCE.01400001", detail = "value {0}")]
    Value(T),
}

/// By hand, so that the impl asks nothing of `T`.
impl<T> fmt::Debug for ShowsDisplay<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShowsDisplay")
    }
}

#[derive(Debug, CceError)]
enum ShowsDebug<T> {
    #[cce(code = "CCE.01400001", detail = "value {0:?}")]
    Value(T),
}

#[derive(CceError)]
enum Carries<T> {
    #[cce(code = "CCE.01500001")]
    Value(T),
    #[cce(code = "CCE.01500001")]
    Marker(std::marker::PhantomData<T>),
}

impl<T> fmt::Debug for Carries<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Carries")
    }
}

#[derive(Debug, CceError)]
enum WithSource<E> {
    #[cce(code = "CCE.01500001")]
    Failed(#[source] E),
    #[cce(code = "CCE.01404001")]
    Missing,
}

#[derive(Debug, CceError)]
enum WithFrom<E> {
    #[cce(code = "CCE.02500001")]
    Failed(#[from] E),
}

#[derive(Debug, CceError)]
enum Borrows<'a> {
    #[cce(code = "CCE.01404001", detail = "cluster {0} not found")]
    NotFound(&'a str),
    #[cce(code = "CCE.01400001", detail = "{key}={value:?}")]
    Pair { key: &'a str, value: &'a [u8] },
}

#[derive(Debug, CceError)]
enum Bounded<'a, T: fmt::Display + 'a, U>
where
    U: fmt::Debug + Clone,
{
    #[cce(code = "CCE.01400001", detail = "{0} {1:?}")]
    Both(&'a T, U),
    #[cce(code = "CCE.01404001")]
    Neither,
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01400001", detail = "{value} (limit {limit:?})")]
struct GenericStruct<T, const N: usize>
where
    T: Copy,
{
    value: T,
    limit: [u8; N],
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy)]
struct Limit(u32);

#[test]
fn generic_display_field_needs_only_display() {
    let error = ShowsDisplay::Value(OnlyDisplay("x"));
    assert_row(&error, "CCE.01400001");
    assert_eq!(error.detail().as_deref(), Some("value display:x"));
    assert_eq!(
        error.to_string(),
        "Invalid request. [CCE.01400001]: value display:x"
    );
    assert_eq!(
        serde_json::to_value(&error).unwrap()["message"],
        "value display:x"
    );
}

#[test]
fn generic_debug_field_needs_only_debug() {
    let error = ShowsDebug::Value(OnlyDebug("x"));
    assert_eq!(error.detail().as_deref(), Some(r#"value OnlyDebug("x")"#));
    assert_eq!(
        error.to_string(),
        r#"Invalid request. [CCE.01400001]: value OnlyDebug("x")"#
    );
}

#[test]
fn generic_field_without_placeholder_needs_nothing() {
    let error = Carries::Value(Opaque);
    assert_row(&error, "CCE.01500001");
    assert_eq!(error.detail(), None);
    assert!(error.source().is_none());
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        serde_json::json!({"errorCode": "CCE.01500001", "errorMessage": "Internal error."})
    );
    let error: Carries<Opaque> = Carries::Marker(std::marker::PhantomData);
    assert_eq!(error.code(), "CCE.01500001");
}

#[test]
fn generic_source_and_from() {
    let error: WithSource<io::Error> = WithSource::Failed(io::Error::other("disk"));
    assert_row(&error, "CCE.01500001");
    assert_eq!(error.source().unwrap().to_string(), "disk");
    assert!(WithSource::<io::Error>::Missing.source().is_none());
    assert!(matches!(
        WithSource::<io::Error>::from_body(&body_of("CCE.01404001")),
        Some(WithSource::Missing)
    ));

    let error = WithFrom::from(fmt::Error);
    assert_row(&error, "CCE.02500001");
    assert!(error.source().unwrap().is::<fmt::Error>());
}

#[test]
fn lifetimes() {
    let id = String::from("c-42");
    let error = Borrows::NotFound(&id);
    assert_row(&error, "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some("cluster c-42 not found"));
    let bytes = [1, 2];
    let error = Borrows::Pair {
        key: "k",
        value: &bytes,
    };
    assert_eq!(error.detail().as_deref(), Some("k=[1, 2]"));
}

#[test]
fn bounds_and_where_clauses() {
    let n = 5;
    let error: Bounded<'_, i32, Vec<u8>> = Bounded::Both(&n, vec![1]);
    assert_row(&error, "CCE.01400001");
    assert_eq!(error.detail().as_deref(), Some("5 [1]"));
    assert!(matches!(
        Bounded::<'_, i32, Vec<u8>>::from_body(&body_of("CCE.01404001")),
        Some(Bounded::Neither)
    ));

    let error = GenericStruct {
        value: Limit(7),
        limit: [0; 3],
    };
    assert_row(&error, "CCE.01400001");
    assert_eq!(error.detail().as_deref(), Some("7 (limit [0, 0, 0])"));
}

// ------------------------------------------------------- the crate's path

mod renamed_by_use {
    use cce_errors as renamed;

    #[derive(Debug, renamed::CceError)]
    #[cce(crate = "renamed")]
    pub(crate) enum ViaUse {
        #[cce(code = "CCE.01404001", detail = "x {0}")]
        NotFound(u8),
    }
}

mod renamed_by_extern_crate {
    extern crate cce_errors as renamed_extern;

    #[derive(Debug, renamed_extern::CceError)]
    #[cce(crate = "self::renamed_extern", code = "CCE.01400001")]
    pub(crate) struct ViaExternCrate;

    #[derive(Debug, renamed_extern::CceError)]
    #[cce(crate = "renamed_extern", code = "CCE.01400002")]
    pub(crate) struct ViaExternCrateRelative;

    #[derive(Debug, cce_errors::CceError)]
    #[cce(crate = "::cce_errors")]
    pub(crate) enum Rooted {
        #[cce(code = "CCE.01409001")]
        Exists,
    }

    #[derive(Debug, ::renamed_root::CceError)]
    #[cce(crate = "::renamed_root")]
    pub(crate) enum RootedRenamed {
        #[cce(code = "CCE.02409001")]
        Exists,
    }
}

/// A facade whose `__private::display` differs from the real one, so the
/// output shows whether generated code goes through the path given in
/// `crate = "..."`.
mod facade {
    pub(crate) use cce_errors::{CceError, ErrorBody, ErrorCode, VariantDoc};

    pub(crate) mod __private {
        pub(crate) use cce_errors::__private::*;

        pub(crate) fn detail_of<'a, E: cce_errors::CceError + ?Sized>(
            error: &'a E,
            meta: &Meta,
        ) -> Option<std::borrow::Cow<'a, str>> {
            let detail = cce_errors::__private::detail_of(error, meta)?;
            Some(format!("via facade: {detail}").into())
        }
    }
}

#[derive(Debug, CceError)]
#[cce(crate = "crate::facade", code = "CCE.01403001", detail = "{0}")]
struct ThroughFacade(u8);

#[test]
fn crate_path_is_used() {
    let error = renamed_by_use::ViaUse::NotFound(1);
    assert_row(&error, "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some("x 1"));
    let error = renamed_by_extern_crate::ViaExternCrate;
    assert_row(&error, "CCE.01400001");
    let error = renamed_by_extern_crate::ViaExternCrateRelative;
    assert_row(&error, "CCE.01400002");
    let error = renamed_by_extern_crate::Rooted::Exists;
    assert_row(&error, "CCE.01409001");
    let error = renamed_by_extern_crate::RootedRenamed::Exists;
    assert_row(&error, "CCE.02409001");

    let error = ThroughFacade(9);
    assert_row(&error, "CCE.01403001");
    assert_eq!(error.detail().as_deref(), Some("via facade: 9"));
    assert_eq!(error.to_string(), "Forbidden. [CCE.01403001]: 9");
}

// ------------------------------------------------------- From and sources

#[derive(Debug, CceError)]
enum Sources {
    #[cce(code = "CCE.01500001", detail = "reading {path}")]
    Marked {
        path: &'static str,
        #[source]
        cause: io::Error,
    },
    #[cce(code = "CCE.02500001")]
    From(#[from] io::Error),
    #[cce(code = "CCE.03500001")]
    Named { source: fmt::Error },
    #[cce(code = "CCE.01500001")]
    Boxed(#[source] Box<dyn StdError + Send + Sync>),
    #[cce(code = "CCE.01500001")]
    BoxedFrom(#[from] Box<dyn StdError + Send + Sync + 'static>),
    #[cce(code = "CCE.01500001")]
    BoxedPlain(#[source] Box<dyn StdError>),
    #[cce(code = "CCE.01500001")]
    Explicit {
        #[source]
        cause: fmt::Error,
        #[allow(dead_code, reason = "only the derives read it")]
        source: String,
    },
    #[cce(code = "CCE.01404001")]
    NoSource,
    #[cce(code = "CCE.01400001", detail = "{0}")]
    NoSourceWithField(String),
}

#[derive(Debug, CceError)]
enum NoSourcesAtAll {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(code = "CCE.01400001")]
    Bad(#[allow(dead_code, reason = "only the derives read it")] io::ErrorKind),
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001")]
struct StructFrom {
    #[from]
    inner: io::Error,
}

#[test]
fn from_is_generated_for_from_fields() {
    fn question_mark() -> Result<(), Sources> {
        Err(io::Error::other("via ?"))?;
        Ok(())
    }

    let error = Sources::from(io::Error::new(io::ErrorKind::NotFound, "gone"));
    assert!(matches!(&error, Sources::From(e) if e.kind() == io::ErrorKind::NotFound));
    assert_row(&error, "CCE.02500001");

    let error: Sources = Box::<dyn StdError + Send + Sync>::from("boxed").into();
    assert!(matches!(&error, Sources::BoxedFrom(e) if e.to_string() == "boxed"));

    let error = StructFrom::from(io::Error::other("x"));
    assert_eq!(error.inner.to_string(), "x");
    assert_row(&error, "CCE.01500001");

    let error = question_mark().unwrap_err();
    assert!(matches!(&error, Sources::From(e) if e.to_string() == "via ?"));
}

#[test]
fn source_of_each_kind_of_field() {
    let error = Sources::Marked {
        path: "/etc/x",
        cause: io::Error::other("marked"),
    };
    let source = error.source().expect("#[source] field is the source");
    assert_eq!(source.to_string(), "marked");
    assert!(source.is::<io::Error>());
    assert_eq!(error.detail().as_deref(), Some("reading /etc/x"));

    let error = Sources::from(io::Error::other("from"));
    assert_eq!(error.source().unwrap().to_string(), "from");

    let error = Sources::Named { source: fmt::Error };
    assert!(
        error
            .source()
            .expect("a field named `source`")
            .is::<fmt::Error>()
    );

    let error = Sources::Boxed(Box::new(io::Error::other("boxed")));
    let source = error.source().expect("boxed source");
    assert_eq!(source.to_string(), "boxed");
    // The box's content, not the box, is the source.
    assert!(source.is::<io::Error>());

    let error = Sources::BoxedPlain(Box::new(fmt::Error));
    assert!(error.source().unwrap().is::<fmt::Error>());

    let error = Sources::Explicit {
        cause: fmt::Error,
        source: "a string, not an error".into(),
    };
    assert!(error.source().unwrap().is::<fmt::Error>());

    let error = StructFrom::from(io::Error::other("struct"));
    assert_eq!(error.source().unwrap().to_string(), "struct");
}

#[test]
fn source_is_the_field_itself() {
    let error = Sources::from(io::Error::other("same"));
    let Sources::From(field) = &error else {
        unreachable!()
    };
    let source = error.source().unwrap();
    assert!(std::ptr::addr_eq(
        std::ptr::from_ref(source),
        std::ptr::from_ref(field)
    ));
}

#[test]
fn no_source_when_there_is_none() {
    assert!(Sources::NoSource.source().is_none());
    assert!(Sources::NoSourceWithField("x".into()).source().is_none());
    assert!(NoSourcesAtAll::NotFound.source().is_none());
    assert!(NoSourcesAtAll::Bad(io::ErrorKind::Other).source().is_none());
    assert!(UnitStruct.source().is_none());
}

// ------------------------------------------------------------ transparency

#[derive(Debug, CceError)]
enum AddonError {
    #[cce(code = "CCE.03409001")]
    AlreadyInstalled,
    #[cce(code = "CCE.03400002", detail = "add-on {addon} has no access key")]
    MissingAccessKey { addon: String },
    #[cce(code = "CCE.03500001")]
    Io(#[from] io::Error),
}

#[derive(Debug, CceError)]
enum ModuleError {
    #[cce(code = "CCE.02404001")]
    Gone,
    #[cce(transparent)]
    Addon(#[from] AddonError),
}

#[derive(Debug, CceError)]
enum ServiceError {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(transparent)]
    Module(#[from] ModuleError),
    #[cce(transparent)]
    Named { inner: Shared },
}

#[derive(Debug, CceError)]
#[cce(transparent)]
struct Wrapper(AddonError);

#[derive(Debug, CceError)]
#[cce(transparent)]
struct NamedWrapper {
    inner: ServiceError,
}

#[derive(Debug, CceError)]
enum GenericWrapper<I> {
    #[cce(transparent)]
    Inner(I),
    #[cce(code = "CCE.01429002")]
    Locked,
}

fn nested(addon: AddonError) -> ServiceError {
    ServiceError::from(ModuleError::from(addon))
}

#[test]
fn transparent_delegates_code_status_message_detail() {
    let inner = AddonError::MissingAccessKey {
        addon: "everest".into(),
    };
    let error = ModuleError::from(inner);
    assert_row(&error, "CCE.03400002");
    assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error.message(), "Missing access key.");
    assert_eq!(
        error.detail().as_deref(),
        Some("add-on everest has no access key")
    );
    assert_eq!(
        error.to_body(),
        ErrorBody::new("CCE.03400002", "Missing access key.")
            .with_detail("add-on everest has no access key")
    );
    assert_eq!(
        error.to_string(),
        "Missing access key. [CCE.03400002]: add-on everest has no access key"
    );
}

#[test]
fn nested_transparency() {
    let error = nested(AddonError::AlreadyInstalled);
    assert_row(&error, "CCE.03409001");
    assert_eq!(error.status(), StatusCode::CONFLICT);
    assert_eq!(error.detail(), None);
    assert_eq!(error.to_string(), AddonError::AlreadyInstalled.to_string());

    let error = nested(AddonError::MissingAccessKey { addon: "a".into() });
    assert_eq!(
        error.detail().as_deref(),
        Some("add-on a has no access key")
    );
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        serde_json::json!({
            "errorCode": "CCE.03400002",
            "errorMessage": "Missing access key.",
            "message": "add-on a has no access key",
        })
    );

    let error = NamedWrapper {
        inner: nested(AddonError::AlreadyInstalled),
    };
    assert_row(&error, "CCE.03409001");

    let error = ServiceError::Named {
        inner: Shared::SizeTooLarge(9),
    };
    assert_row(&error, "CCE.01400001");
    assert_eq!(error.detail().as_deref(), Some("bad size 9"));
}

#[test]
fn transparent_source_is_the_inner_errors_source() {
    // Transparent means the wrapper is invisible: its source is the inner
    // error's source, not the inner error itself.
    let error = nested(AddonError::from(io::Error::other("deep")));
    assert_row(&error, "CCE.03500001");
    let source = error.source().expect("the inner error's source");
    assert!(source.is::<io::Error>());
    assert_eq!(source.to_string(), "deep");
    assert!(nested(AddonError::AlreadyInstalled).source().is_none());

    assert_eq!(
        Wrapper(AddonError::AlreadyInstalled).to_string(),
        "Addon instance has installed. [CCE.03409001]"
    );
    assert_row(&Wrapper(AddonError::AlreadyInstalled), "CCE.03409001");
    let error = Wrapper(AddonError::from(io::Error::other("wrapped")));
    assert_eq!(error.source().unwrap().to_string(), "wrapped");
    assert!(Wrapper(AddonError::AlreadyInstalled).source().is_none());
}

#[test]
fn transparent_from_body_goes_through() {
    assert!(matches!(
        ServiceError::from_body(&body_of("CCE.03409001")),
        Some(ServiceError::Module(ModuleError::Addon(
            AddonError::AlreadyInstalled
        )))
    ));
    assert!(matches!(
        ServiceError::from_body(&body_of("CCE.02404001")),
        Some(ServiceError::Module(ModuleError::Gone))
    ));
    assert!(matches!(
        ServiceError::from_body(&body_of("CCE.01404001")),
        Some(ServiceError::NotFound)
    ));
    assert!(matches!(
        ServiceError::from_body(&body_of("CCE.01400001")),
        Some(ServiceError::Named {
            inner: Shared::InvalidName
        })
    ));
    // Variants with fields cannot be rebuilt, however deep.
    assert!(ServiceError::from_body(&body_of("CCE.03400002")).is_none());
    assert!(ServiceError::from_body(&body_of("CCE.03500001")).is_none());
    assert!(ServiceError::from_body(&body_of("CCE.01500001")).is_none());

    assert!(matches!(
        Wrapper::from_body(&body_of("CCE.03409001")),
        Some(Wrapper(AddonError::AlreadyInstalled))
    ));
    assert!(Wrapper::from_body(&body_of("CCE.01404001")).is_none());
    assert!(matches!(
        NamedWrapper::from_body(&body_of("CCE.03409001")),
        Some(NamedWrapper {
            inner: ServiceError::Module(ModuleError::Addon(AddonError::AlreadyInstalled))
        })
    ));
}

#[test]
fn generic_transparent() {
    let error: GenericWrapper<AddonError> = GenericWrapper::Inner(AddonError::AlreadyInstalled);
    assert_row(&error, "CCE.03409001");
    assert_eq!(
        error.to_string(),
        "Addon instance has installed. [CCE.03409001]"
    );
    assert!(matches!(
        GenericWrapper::<AddonError>::from_body(&body_of("CCE.03409001")),
        Some(GenericWrapper::Inner(AddonError::AlreadyInstalled))
    ));
    assert!(matches!(
        GenericWrapper::<AddonError>::from_body(&body_of("CCE.01429002")),
        Some(GenericWrapper::Locked)
    ));
    let error: GenericWrapper<UnitStruct> = GenericWrapper::Inner(UnitStruct);
    assert_row(&error, "CCE.01403001");
}
