// Values a `macro_rules!` macro passes on: a `$code:literal` or `$x:expr`
// reaches the derive wrapped in an invisible group, and is read as the
// string literal it holds, before a `,`, last in the list, or both.
use cce_errors::CceError;

macro_rules! api_error {
    ($name:ident, $code:literal, $detail:expr) => {
        #[derive(Debug, CceError)]
        enum $name {
            #[cce(code = $code, detail = $detail)]
            NotFound(String),
            #[cce(detail = $detail, code = $code)]
            Reordered(String),
        }
    };
}

api_error!(ClusterError, "CCE.01404001", "cluster {0} not found");

fn main() {
    let error = ClusterError::NotFound("c-1".into());
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some("cluster c-1 not found"));
    let error = ClusterError::Reordered("c-2".into());
    assert_eq!(error.code(), "CCE.01404001");
    assert_eq!(error.detail().as_deref(), Some("cluster c-2 not found"));
}
