use cce_errors::CceError;

#[derive(Debug)]
struct Subnet {
    id: String,
}

#[derive(Debug, CceError)]
enum ClusterError {
    // `Subnet` has no `Display`: the error points at the field's type.
    #[cce(code = "CCE.01400002", detail = "subnet {subnet} is not in the VPC")]
    SubnetNotInVpc { subnet: Subnet },
}

fn main() {}
