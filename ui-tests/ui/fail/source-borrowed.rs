// A source borrows: `source()` returns `&(dyn Error + 'static)`, so the
// error is at the field, with what to write instead.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Inner<'a> {
    #[cce(code = "CCE.01404001", detail = "{0}")]
    Missing(&'a str),
}

#[derive(Debug, CceError)]
enum Outer<'a> {
    #[cce(code = "CCE.01500001")]
    Wrapped(#[from] Inner<'a>),
    #[cce(code = "CCE.01500001")]
    Io(#[source] &'a std::io::Error),
    #[cce(code = "CCE.02500001")]
    Boxed { source: Box<dyn std::error::Error + 'a> },
}

fn main() {}
