// Generated code uses rooted paths only: it compiles without the prelude,
// beside user types that shadow prelude names, and beside items named like
// the locals of generated code (a unit struct or constant in scope would
// turn a binding in a pattern into a comparison).
#![no_implicit_prelude]
#![allow(non_camel_case_types, non_upper_case_globals)]

struct inner;
struct source;
struct formatter;
const code: u8 = 0;
const body: u8 = 0;
const serializer: u8 = 0;

struct Result;
struct Option;
struct Some;
struct None;
struct Ok;
struct Err;
struct String;
struct Box;
struct Error;

#[derive(::std::fmt::Debug, ::cce_errors::CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001", detail = "cluster {0} not found")]
    NotFound(::std::string::String),
    #[cce(code = "CCE.01500001")]
    Storage(#[from] ::std::io::Error),
    #[cce(transparent)]
    Inner(Inner),
}

#[derive(::std::fmt::Debug, ::cce_errors::CceError)]
#[cce(code = "CCE.01409001")]
struct Inner;

fn main() {
    let _ = (Result, Option, Some, None, Ok, Err, String, Box, Error);
    let _ = (inner, source, formatter, code, body, serializer);
    let decoded = <ClusterError as ::cce_errors::CceError>::from_body(&::cce_errors::CceError::to_body(&Inner));
    ::std::assert!(::std::matches!(decoded, ::std::option::Option::Some(ClusterError::Inner(Inner))));
    let io = <ClusterError as ::std::convert::From<::std::io::Error>>::from(::std::io::Error::other("x"));
    ::std::assert!(::std::error::Error::source(&io).is_some());
    let error = ClusterError::NotFound(<::std::string::String as ::std::convert::From<&str>>::from("c-1"));
    ::std::assert_eq!(::cce_errors::CceError::code(&error), "CCE.01404001");
    ::std::assert_eq!(::std::string::ToString::to_string(&error), "Resource not found. [CCE.01404001]: cluster c-1 not found");
}
