use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400002", detail = "subnet {0} is not in VPC {2}")]
    SubnetNotInVpc(String, String),
    #[cce(code = "CCE.01400001", detail = "value {0:>1$}")]
    Width(String),
}

fn main() {}
