// `#[source]` and `#[from]` go on a field, not on the variant: written on
// the variant they make no `From` impl and no source.
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

fn main() {
    let _ = ClusterError::from(std::io::Error::other("disk"));
}
