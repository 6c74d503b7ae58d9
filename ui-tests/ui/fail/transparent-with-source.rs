// `#[source]` on the field of a transparent variant or struct: its source
// is the field's own `source()`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Inner {
    #[cce(code = "CCE.01404001")]
    Missing,
}

#[derive(Debug, CceError)]
enum Outer {
    #[cce(transparent)]
    Inner(#[source] Inner),
}

#[derive(Debug, CceError)]
#[cce(transparent)]
struct Wrapper {
    #[source]
    inner: Inner,
}

fn main() {}
