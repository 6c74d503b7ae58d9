use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source(io)] std::io::Error),
    #[cce(code = "CCE.01500001")]
    Format(#[from = "fmt"] std::fmt::Error),
}

fn main() {}
