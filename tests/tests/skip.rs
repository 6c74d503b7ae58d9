//! `#[cce(skip(Display, Error, From))]`, in every combination: the impls
//! named are the user's, the others still derived; `#[cce(thiserror)]`
//! is all three.

use std::error::Error as _;
use std::fmt;
use std::io;

use cce_errors::CceError;

/// The `Display` a user writes by hand.
macro_rules! hand_display {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "hand-written {}", stringify!($ty))
            }
        }
    };
}

/// The `Error` a user writes by hand: its source is the io error, and it
/// says so in a way the derive would not (a fixed marker error).
macro_rules! hand_error {
    ($ty:ident) => {
        impl std::error::Error for $ty {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&Marker)
            }
        }
    };
}

/// The `From<io::Error>` a user writes by hand: another variant than the
/// derive would build.
macro_rules! hand_from {
    ($ty:ident) => {
        impl From<io::Error> for $ty {
            fn from(_: io::Error) -> Self {
                $ty::ByHand
            }
        }
    };
}

#[derive(Debug)]
struct Marker;

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("marker")
    }
}

impl std::error::Error for Marker {}

macro_rules! error_type {
    ($ty:ident, $($skip:ident),*) => {
        // With `From` or `Error` by hand, nothing derived builds or reads `Io`.
        #[allow(dead_code)]
        #[derive(Debug, CceError)]
        #[cce(skip($($skip),*))]
        enum $ty {
            #[cce(code = "CCE.01500001", detail = "derived detail")]
            Io(#[from] io::Error),
            #[cce(code = "CCE.01400001")]
            ByHand,
        }
    };
}

error_type!(SkipDisplay, Display);
hand_display!(SkipDisplay);
error_type!(SkipError, Error);
hand_error!(SkipError);
error_type!(SkipFrom, From);
hand_from!(SkipFrom);
error_type!(SkipDisplayError, Display, Error);
hand_display!(SkipDisplayError);
hand_error!(SkipDisplayError);
error_type!(SkipDisplayFrom, Display, From);
hand_display!(SkipDisplayFrom);
hand_from!(SkipDisplayFrom);
error_type!(SkipErrorFrom, Error, From);
hand_error!(SkipErrorFrom);
hand_from!(SkipErrorFrom);
error_type!(SkipAll, Display, Error, From);
hand_display!(SkipAll);
hand_error!(SkipAll);
hand_from!(SkipAll);

#[allow(dead_code)]
#[derive(Debug, CceError)]
#[cce(thiserror)]
enum Shorthand {
    #[cce(code = "CCE.01500001", detail = "derived detail")]
    Io(#[from] io::Error),
    #[cce(code = "CCE.01400001")]
    ByHand,
}
hand_display!(Shorthand);
hand_error!(Shorthand);
hand_from!(Shorthand);

/// What each of the three impls is, for one type: hand-written or derived.
#[derive(Debug, PartialEq, Eq)]
struct Impls {
    display_by_hand: bool,
    error_by_hand: bool,
    from_by_hand: bool,
}

fn impls_of<E>(name: &str) -> Impls
where
    E: CceError + From<io::Error> + serde::Serialize,
{
    let error = E::from(io::Error::other("disk"));
    let from_by_hand = error.code() == "CCE.01400001";
    let display = error.to_string();
    let display_by_hand = display == format!("hand-written {name}");
    if !display_by_hand {
        let expected = if from_by_hand {
            "Invalid request. [CCE.01400001]"
        } else {
            "Internal error. [CCE.01500001]: derived detail"
        };
        assert_eq!(display, expected);
    }
    let source = error.source().map(ToString::to_string);
    let error_by_hand = source.as_deref() == Some("marker");
    if !error_by_hand {
        // The derived `source()` works: the io error, when there is one.
        let expected = if from_by_hand { None } else { Some("disk") };
        assert_eq!(source.as_deref(), expected);
    }
    // Whatever is skipped, the code, the body and the detail are derived.
    let body = serde_json::to_value(&error).unwrap();
    assert_eq!(body["errorCode"], error.code());
    if !from_by_hand {
        assert_eq!(error.detail().as_deref(), Some("derived detail"));
    }
    Impls {
        display_by_hand,
        error_by_hand,
        from_by_hand,
    }
}

#[test]
fn each_combination_leaves_exactly_the_named_impls_to_the_user() {
    let expect = |display_by_hand, error_by_hand, from_by_hand| Impls {
        display_by_hand,
        error_by_hand,
        from_by_hand,
    };
    assert_eq!(
        impls_of::<SkipDisplay>("SkipDisplay"),
        expect(true, false, false)
    );
    assert_eq!(
        impls_of::<SkipError>("SkipError"),
        expect(false, true, false)
    );
    assert_eq!(impls_of::<SkipFrom>("SkipFrom"), expect(false, false, true));
    assert_eq!(
        impls_of::<SkipDisplayError>("SkipDisplayError"),
        expect(true, true, false)
    );
    assert_eq!(
        impls_of::<SkipDisplayFrom>("SkipDisplayFrom"),
        expect(true, false, true)
    );
    assert_eq!(
        impls_of::<SkipErrorFrom>("SkipErrorFrom"),
        expect(false, true, true)
    );
    assert_eq!(impls_of::<SkipAll>("SkipAll"), expect(true, true, true));
    assert_eq!(impls_of::<Shorthand>("Shorthand"), expect(true, true, true));
}

/// The common case: a type whose `Display` is the user's, with the rest
/// derived, including a `source()` that walks to the cause.
#[test]
fn a_hand_written_display_with_a_derived_source() {
    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001", skip(Display))]
    struct Storage {
        #[source]
        cause: io::Error,
    }

    impl fmt::Display for Storage {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "storage failed: {}", self.cause)
        }
    }

    let error = Storage {
        cause: io::Error::other("disk full"),
    };
    assert_eq!(error.to_string(), "storage failed: disk full");
    assert_eq!(error.source().unwrap().to_string(), "disk full");
    // The response still never shows the cause.
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        serde_json::json!({"errorCode": "CCE.01500001", "errorMessage": "Internal error."})
    );
}
