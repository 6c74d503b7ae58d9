use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400002", status = 404)]
    SubnetNotInVpc,
    #[cce(status = 500, code = "CCE.01429002")]
    Locked,
}

fn main() {}
