use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Storage(#[source] std::io::Error, #[source] std::fmt::Error),
    #[cce(code = "CCE.01500001")]
    Repeated {
        #[source]
        #[source]
        cause: std::io::Error,
    },
}

fn main() {}
