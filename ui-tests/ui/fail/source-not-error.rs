// A source must be an error, whether marked `#[source]`, `#[from]` or named
// `source`: a type that surely is none is reported at the field, with why
// the field is a source and what to write instead.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source] String),
    #[cce(code = "CCE.01500001")]
    Format(#[from] u32),
    #[cce(code = "CCE.02500001")]
    Node { node: String, source: String },
    #[cce(code = "CCE.02500001")]
    Peer { source: Option<std::net::IpAddr> },
}

fn main() {}
