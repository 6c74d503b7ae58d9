use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001")]
    Invalid {
        #[cce(code = "CCE.01400002")]
        subnet_id: String,
        #[cce(skip)]
        vpc_id: String,
        #[cce]
        name: String,
    },
}

fn main() {}
