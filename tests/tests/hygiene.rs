//! Generated code uses rooted paths only: it compiles in a
//! `#![no_implicit_prelude]` module and beside local items named like the
//! prelude's and the standard library's.

use std::error::Error as _;

use cce_errors::{CceError, ErrorBody};
use serde_json::json;

mod no_prelude {
    #![no_implicit_prelude]

    #[derive(::core::fmt::Debug, ::cce_errors::CceError)]
    pub(crate) enum Bare<T> {
        #[cce(code = "CCE.01404001")]
        NotFound,
        #[cce(
            code = "CCE.01400002",
            status = 400,
            detail = "subnet {subnet} is not in VPC {vpc:?}"
        )]
        Subnet {
            subnet: ::std::string::String,
            vpc: T,
        },
        #[cce(code = "CCE.01500001")]
        Io(#[from] ::std::io::Error),
        #[cce(code = "CCE.02500001")]
        Boxed(
            #[source]
            ::std::boxed::Box<
                dyn ::core::error::Error + ::core::marker::Send + ::core::marker::Sync,
            >,
        ),
        #[cce(transparent)]
        Inner(#[from] BareStruct),
    }

    #[derive(::core::fmt::Debug, ::cce_errors::CceError)]
    #[cce(code = "CCE.01409001", detail = "[{0:>1$}]")]
    pub(crate) struct BareStruct(pub(crate) u32, pub(crate) usize);

    #[derive(::core::fmt::Debug, ::cce_errors::CceError)]
    pub(crate) enum BareEmpty {}

    /// What issue 11 added: `detail(...)` arguments, `Option` sources,
    /// paths, pointers, `skip(...)`.
    #[derive(::core::fmt::Debug, ::cce_errors::CceError)]
    #[cce(skip(From))]
    pub(crate) enum BareNew<'a> {
        #[cce(code = "CCE.01400001", detail("{} of {n}", .0.len(), n = .1 * 2))]
        Args(::std::vec::Vec<u8>, u32),
        #[cce(code = "CCE.01500001")]
        Optional(#[source] ::core::option::Option<::std::io::Error>),
        #[cce(code = "CCE.01500001", detail = "{0} at {1:p}")]
        Path(&'a ::std::path::Path, &'a u8),
    }
}

#[allow(dead_code, unused_macros, non_camel_case_types)]
mod shadowed {
    use ::cce_errors::CceError;

    pub(crate) struct Result;
    pub(crate) struct Option;
    pub(crate) struct Some;
    pub(crate) struct None;
    pub(crate) struct Ok;
    pub(crate) struct Err;
    pub(crate) struct Box;
    pub(crate) struct String;
    pub(crate) struct Error;
    pub(crate) struct Display;
    pub(crate) struct Debug;
    pub(crate) struct From;
    pub(crate) struct Into;
    pub(crate) struct Cow;
    pub(crate) struct Formatter;
    pub(crate) struct Serialize;
    pub(crate) struct Serializer;
    pub(crate) struct ErrorCode;
    pub(crate) struct ErrorBody;
    pub(crate) struct StatusCode;
    // Primitive type names can be shadowed too.
    pub(crate) struct str;
    pub(crate) trait Sized {}
    pub(crate) trait Send {}
    pub(crate) mod fmt {}
    pub(crate) mod serde {}
    pub(crate) mod core {}
    pub(crate) mod std {}
    pub(crate) mod cce_errors {}
    pub(crate) mod http {}
    pub(crate) mod __private {}
    macro_rules! format_args {
        ($($t:tt)*) => {
            compile_error!("the local format_args! was used")
        };
    }
    macro_rules! unreachable {
        ($($t:tt)*) => {
            compile_error!("the local unreachable! was used")
        };
    }
    macro_rules! write {
        ($($t:tt)*) => {
            compile_error!("the local write! was used")
        };
    }
    #[derive(::core::fmt::Debug, CceError)]
    pub(crate) enum Crowded<T> {
        #[cce(code = "CCE.01404001")]
        None,
        #[cce(code = "CCE.01400001", detail = "got {0} and {1:?}")]
        Some(::std::string::String, T),
        #[cce(code = "CCE.01500001")]
        Err(#[from] ::std::io::Error),
        #[cce(code = "CCE.01409001")]
        Ok { source: ::std::fmt::Error },
        #[cce(transparent)]
        Error(Inner),
    }

    #[derive(::core::fmt::Debug, CceError)]
    pub(crate) enum CrowdedNew<'a> {
        #[cce(code = "CCE.01400001", detail("{} {}", .0, Some.marker()))]
        Args(u8),
        #[cce(code = "CCE.01500001")]
        Optional(#[from] ::core::option::Option<::std::fmt::Error>),
        #[cce(code = "CCE.01500001", detail = "{0}")]
        Path(&'a ::std::path::Path),
    }

    // The user's own `Some`, which the argument above means.
    impl Some {
        #[allow(clippy::unused_self)]
        pub(crate) fn marker(&self) -> u8 {
            42
        }
    }

    #[derive(::core::fmt::Debug, CceError)]
    #[cce(code = "CCE.03409001", detail = "{result:>width$}")]
    pub(crate) struct Inner {
        pub(crate) result: u8,
        pub(crate) width: usize,
    }
}

use no_prelude::{Bare, BareEmpty, BareNew, BareStruct};
use shadowed::{Crowded, CrowdedNew, Inner};

#[test]
fn derive_works_without_the_prelude() {
    let error: Bare<u8> = Bare::NotFound;
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.to_string(), "Resource not found. [CCE.01404001]");
    assert!(error.source().is_none());

    let error = Bare::Subnet {
        subnet: "s-1".into(),
        vpc: "v-1",
    };
    assert_eq!(error.status(), http::StatusCode::BAD_REQUEST);
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({
            "errorCode": "CCE.01400002",
            "errorMessage": "Subnet not found in the VPC.",
            "message": "subnet s-1 is not in VPC \"v-1\"",
        })
    );

    let error: Bare<u8> = std::io::Error::other("disk").into();
    assert_eq!(error.code(), "CCE.01500001");
    assert_eq!(error.source().unwrap().to_string(), "disk");

    let error: Bare<u8> = Bare::Boxed(std::fmt::Error.into());
    assert!(error.source().unwrap().is::<std::fmt::Error>());

    let error: Bare<u8> = BareStruct(7, 3).into();
    assert_eq!(error.code(), "CCE.01409001");
    assert_eq!(error.detail().as_deref(), Some("[  7]"));
    assert_eq!(
        error.to_string(),
        "The resource already exists. [CCE.01409001]: [  7]"
    );

    assert!(matches!(
        Bare::<u8>::from_body(&ErrorBody::new("CCE.01404001", "m")),
        Some(Bare::NotFound)
    ));
    assert!(BareEmpty::from_body(&ErrorBody::new("CCE.01404001", "m")).is_none());
}

#[test]
fn derive_works_beside_shadowing_names() {
    let error: Crowded<u8> = Crowded::None;
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.detail(), None);
    assert!(error.source().is_none());

    let error = Crowded::Some("a".into(), 'b');
    assert_eq!(error.detail().as_deref(), Some("got a and 'b'"));
    assert_eq!(
        error.to_string(),
        "Invalid request. [CCE.01400001]: got a and 'b'"
    );
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({
            "errorCode": "CCE.01400001",
            "errorMessage": "Invalid request.",
            "message": "got a and 'b'",
        })
    );

    let error: Crowded<u8> = std::io::Error::other("x").into();
    assert_eq!(error.code(), "CCE.01500001");
    assert_eq!(error.source().unwrap().to_string(), "x");

    let error: Crowded<u8> = Crowded::Ok {
        source: std::fmt::Error,
    };
    assert_eq!(error.code(), "CCE.01409001");
    assert!(error.source().unwrap().is::<std::fmt::Error>());

    let error: Crowded<u8> = Crowded::Error(Inner {
        result: 5,
        width: 3,
    });
    assert_eq!(error.code(), "CCE.03409001");
    assert_eq!(error.detail().as_deref(), Some("  5"));
    assert_eq!(
        error.to_string(),
        "Addon instance has installed. [CCE.03409001]:   5"
    );

    assert!(matches!(
        Crowded::<u8>::from_body(&ErrorBody::new("CCE.01404001", "m")),
        Some(Crowded::None)
    ));
    assert!(Crowded::<u8>::from_body(&ErrorBody::new("CCE.03409001", "m")).is_none());
}

#[test]
fn new_shapes_work_without_the_prelude_and_beside_shadowing_names() {
    let error = BareNew::Args(vec![1, 2, 3], 4);
    assert_eq!(error.detail().as_deref(), Some("3 of 8"));
    let error = BareNew::Optional(Some(std::io::Error::other("disk")));
    assert_eq!(error.source().unwrap().to_string(), "disk");
    assert!(BareNew::Optional(None).source().is_none());
    let byte = 7u8;
    let error = BareNew::Path(std::path::Path::new("/a"), &byte);
    assert_eq!(
        error.detail().as_deref(),
        Some(format!("/a at {:p}", &byte).as_str())
    );

    let error = CrowdedNew::Args(5);
    assert_eq!(error.detail().as_deref(), Some("5 42"));
    let error = CrowdedNew::from(std::fmt::Error);
    assert!(error.source().unwrap().is::<std::fmt::Error>());
    let error = CrowdedNew::Path(std::path::Path::new("/b"));
    assert_eq!(error.detail().as_deref(), Some("/b"));
}
