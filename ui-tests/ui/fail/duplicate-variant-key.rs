// `detail` and `transparent` given twice on a variant: an error at the
// second, naming the first.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.03409001")]
struct Installed;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail = "bad name", detail = "bad flavor")]
    Invalid,
    #[cce(code = "CCE.01400001", detail = "bad name")]
    #[cce(detail = "bad flavor")]
    Split,
    #[cce(transparent, transparent)]
    Addon(Installed),
    #[cce(transparent)]
    #[cce(transparent)]
    Repeated(Installed),
}

fn main() {}
