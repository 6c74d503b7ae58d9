// A source must be an error, whether marked `#[source]`, `#[from]` or named
// `source`: the error points at the field's type.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source] String),
    #[cce(code = "CCE.01500001")]
    Format(#[from] u32),
    #[cce(code = "CCE.02500001")]
    Node { node: String, source: String },
}

fn main() {}
