// `detail(...)` arguments that do not fit the format string, each at the
// token concerned.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail("{} nodes", .0, .1))]
    Unused(u32, u32),
    #[cce(code = "CCE.01400001", detail("{} of {}", .0))]
    TooFew(u32),
    #[cce(code = "CCE.01400001", detail("{3}", .name))]
    OutOfRange { name: String },
    #[cce(code = "CCE.01400001", detail("{n} {}", n = 1, .name))]
    PositionalAfterNamed { name: String },
    #[cce(code = "CCE.01400001", detail("{n}", n = 1, n = 2))]
    DuplicateNamed,
    #[cce(code = "CCE.01400001", detail("{} {}", .name,, 2))]
    Empty { name: String },
    #[cce(code = "CCE.01400001", detail("{}", n = ))]
    NoValue,
}

fn main() {}
