// An argument of `detail(...)` that reads the source, by the shorthand or,
// in a struct, through `self`: a source's text never goes into a response.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001", detail("{}", .0.kind()))]
    Storage(#[source] std::io::Error),
    #[cce(code = "CCE.01500001", detail("{} {}", .node, .source))]
    Node { node: String, source: std::io::Error },
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001", detail("{}", self.cause))]
struct Wrapped {
    #[from]
    cause: std::io::Error,
}

fn main() {}
