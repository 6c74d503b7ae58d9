use cce_errors::CceError;

#[derive(Debug, CceError)]
enum AddonError {
    #[cce(code = "CCE.03409001")]
    Installed,
}

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(transparent)]
    NoField,
    #[cce(transparent)]
    TwoFields(AddonError, String),
}

fn main() {}
