// `#[source]` on one field and `#[from]` on another: one source at most.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage {
        #[source]
        io: std::io::Error,
        #[from]
        format: std::fmt::Error,
    },
}

fn main() {}
