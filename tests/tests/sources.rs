//! Which field `source()` returns, and how: `Option<E>` sources (marked,
//! named `source`, or `#[from]`), errors behind pointers, and sources that
//! stay out of details and bodies.

use std::error::Error as _;
use std::io;

use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Optional {
    #[cce(code = "CCE.01500001")]
    Marked(#[source] Option<io::Error>),
    #[cce(code = "CCE.01500001", detail = "node {node}")]
    Named {
        node: u32,
        source: Option<io::Error>,
    },
    #[cce(code = "CCE.02500001")]
    From(#[from] Option<std::fmt::Error>),
    #[cce(code = "CCE.03500001")]
    Boxed(#[source] Option<Box<dyn std::error::Error + Send + Sync>>),
}

#[test]
fn an_optional_source_is_the_source_when_some() {
    let error = Optional::Marked(Some(io::Error::other("disk")));
    assert_eq!(error.source().unwrap().to_string(), "disk");
    assert!(Optional::Marked(None).source().is_none());

    let error = Optional::Named {
        node: 3,
        source: Some(io::Error::other("net")),
    };
    assert_eq!(error.source().unwrap().to_string(), "net");
    assert_eq!(error.detail().as_deref(), Some("node 3"));
    let error = Optional::Named {
        node: 3,
        source: None,
    };
    assert!(error.source().is_none());

    let error = Optional::Boxed(Some("boxed".into()));
    assert_eq!(error.source().unwrap().to_string(), "boxed");
    assert!(Optional::Boxed(None).source().is_none());
}

#[test]
fn from_wraps_the_error_in_some() {
    fn question_mark() -> Result<(), Optional> {
        Err(std::fmt::Error)?;
        Ok(())
    }

    let error = Optional::from(std::fmt::Error);
    assert!(matches!(error, Optional::From(Some(std::fmt::Error))));
    assert!(error.source().unwrap().is::<std::fmt::Error>());
    assert_eq!(error.code(), "CCE.02500001");
    assert!(matches!(question_mark(), Err(Optional::From(Some(_)))));
}

/// A generic optional source gets the bound on what it holds.
#[test]
fn a_generic_optional_source() {
    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001")]
    struct Wrapped<E> {
        #[source]
        cause: Option<E>,
    }

    let error = Wrapped {
        cause: Some(io::Error::other("inner")),
    };
    assert_eq!(error.source().unwrap().to_string(), "inner");
    let error: Wrapped<io::Error> = Wrapped { cause: None };
    assert!(error.source().is_none());
}

/// A field named `source` is no source when another field is marked.
#[test]
fn a_marked_field_wins_over_one_named_source() {
    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01500001", detail = "from {source}")]
    struct Relay {
        source: String,
        #[source]
        cause: io::Error,
    }

    let error = Relay {
        source: "10.0.0.1".into(),
        cause: io::Error::other("reset"),
    };
    assert_eq!(error.source().unwrap().to_string(), "reset");
    assert_eq!(error.detail().as_deref(), Some("from 10.0.0.1"));
}
