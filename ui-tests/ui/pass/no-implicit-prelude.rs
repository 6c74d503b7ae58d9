// Generated code uses rooted paths only: it compiles without the prelude
// and beside user types that shadow prelude names.
#![no_implicit_prelude]

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
    let error = ClusterError::NotFound(<::std::string::String as ::std::convert::From<&str>>::from("c-1"));
    ::std::assert_eq!(::cce_errors::CceError::code(&error), "CCE.01404001");
    ::std::assert_eq!(::std::string::ToString::to_string(&error), "Resource not found. [CCE.01404001]: cluster c-1 not found");
}
