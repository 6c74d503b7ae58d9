// `#[source]` and `#[from]` go on a field, not on the variant (where they
// would make no `From` impl and no source): an error at each.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[from]
    #[cce(code = "CCE.01500001")]
    Storage(std::io::Error),
    #[source]
    #[cce(code = "CCE.01500001")]
    Format(std::fmt::Error),
}

fn main() {}
