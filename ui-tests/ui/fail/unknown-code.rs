use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    // A transposed pair of digits and a wrong serial: each gets its nearest codes.
    #[cce(code = "CCE.01400031")]
    VolumeQuota,
    #[cce(code = "CCE.01404002")]
    NotFound,
    // A well-formed code nothing in the table is close to.
    #[cce(code = "CCE.99999999")]
    Other,
}

fn main() {}
