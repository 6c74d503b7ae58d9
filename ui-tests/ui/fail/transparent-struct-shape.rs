// `transparent` on a unit struct, and on a braced struct with two fields.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.03409001")]
struct Installed;

#[derive(Debug, CceError)]
#[cce(transparent)]
struct Unit;

#[derive(Debug, CceError)]
#[cce(transparent)]
struct Braced {
    inner: Installed,
    node: String,
}

fn main() {}
