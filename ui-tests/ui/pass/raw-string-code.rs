// Raw strings are string literals: `r"..."` and `r#"..."#` work for `code`
// and `detail`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = r"CCE.01404001", detail = r#"cluster "{0}" not found"#)]
    NotFound(String),
}

fn main() {
    let error = ClusterError::NotFound("c-1".into());
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some(r#"cluster "c-1" not found"#));
}
