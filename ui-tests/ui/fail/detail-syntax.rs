use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail = "field {} is wrong")]
    Empty(String),
    #[cce(code = "CCE.01400001", detail = "a {0 is open")]
    Unclosed(String),
    #[cce(code = "CCE.01400001", detail = "a } alone")]
    Unmatched(String),
    #[cce(code = "CCE.01400001", detail = "{0:.*}")]
    Star(f64),
}

fn main() {}
