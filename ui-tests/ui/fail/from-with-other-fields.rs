use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[from] std::io::Error, String),
    #[cce(code = "CCE.01500001")]
    Named {
        #[from]
        source: std::io::Error,
        node: String,
    },
}

fn main() {}
