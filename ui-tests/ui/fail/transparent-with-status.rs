// `status` cannot be combined with `transparent`, on a variant or a struct.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.03409001")]
struct Installed;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(transparent, status = 409)]
    Addon(Installed),
}

#[derive(Debug, CceError)]
#[cce(status = 409)]
#[cce(transparent)]
struct Wrapped(Installed);

fn main() {}
