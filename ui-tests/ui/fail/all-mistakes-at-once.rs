// Every mistake of a type is reported in one build, and the type still has
// its impls: the uses in `main` add no error about a missing impl.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404002")]
    NotFound,
    #[cce(code = "CCE.01400002", status = 404, detail = "subnet {subnet}")]
    SubnetNotInVpc { subnet_id: String },
    Unannotated,
    #[cce(code = "CCE.01500001", detial = "x")]
    Typo,
}

fn main() {
    let error = ClusterError::NotFound;
    let _ = error.status();
    let _ = error.to_string();
    let _ = serde_json::to_string(&error);
    let _: &dyn std::error::Error = &error;
}
