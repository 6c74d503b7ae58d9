use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400002", detail = "subnet {subnet} is not in VPC {vpc_id}")]
    SubnetNotInVpc { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {0} is not in VPC {1}")]
    Positional { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id}")]
    Named(String),
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} not found")]
    Unit,
}

fn main() {}
