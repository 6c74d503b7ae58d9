use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    // Seconds are unsigned: the error points at the field's type.
    #[cce(code = "CCE.01429002")]
    Locked {
        #[cce(retry_after)]
        after: i32,
    },
}

fn main() {}
