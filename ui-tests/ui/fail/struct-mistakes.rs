use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.01409001")]
enum Inner {}

#[derive(Debug, CceError)]
#[cce(transparent)]
struct TwoFields(Inner, String);

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001", status = 503, detail = "node {node}")]
struct Storage {
    #[from]
    source: std::io::Error,
}

fn main() {}
