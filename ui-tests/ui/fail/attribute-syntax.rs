// Nonsense inside `#[cce(...)]`: no key, no value after `=`, no `=`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(=)]
    NoKey,
    #[cce(code = )]
    NoValue,
    #[cce(code "CCE.01404001")]
    NoEquals,
}

fn main() {}
