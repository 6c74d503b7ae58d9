// `{0:?}` in `detail` needs `Debug`: the error points at the field's type.
use cce_errors::CceError;

struct Subnet {
    id: String,
}

#[derive(CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400002", detail = "subnet {0:?} is not in the VPC")]
    SubnetNotInVpc(Subnet),
}

impl std::fmt::Debug for ClusterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClusterError")
    }
}

fn main() {}
