use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce]
    Bare,
    #[cce = "CCE.01404001"]
    NameValue,
    #[cce()]
    Empty,
}

fn main() {}
