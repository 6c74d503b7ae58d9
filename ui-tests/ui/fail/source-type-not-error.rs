// A source of the user's own type that is no error: the compiler's own
// "`Error` is not implemented" at the field's type, naming no internals.
use cce_errors::CceError;

#[derive(Debug)]
enum Origin {
    Api,
}

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source] Origin),
    #[cce(code = "CCE.02500001")]
    Node { source: Origin },
}

fn main() {
    let _ = Origin::Api;
}
