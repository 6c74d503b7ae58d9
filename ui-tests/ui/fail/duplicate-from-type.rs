use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error),
    #[cce(code = "CCE.02500001")]
    Network(#[from] std::io::Error),
}

fn main() {}
