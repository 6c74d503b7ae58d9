// Every shape the derive takes: unit, tuple and braced variants; unit,
// tuple and braced structs; transparent variants and structs.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001")]
    Unit,
    #[cce(code = "CCE.01400002", status = 400, detail = "subnet {0} not in {1}")]
    Tuple(String, String),
    #[cce(code = "CCE.01400002", detail = "subnet {subnet_id} not in {vpc_id}")]
    Braced { subnet_id: String, vpc_id: String },
    #[cce(code = "CCE.01500001")]
    Source(#[from] std::io::Error),
    #[cce(code = "CCE.02500001")]
    NamedSource { node: String, source: std::fmt::Error },
    #[cce(transparent)]
    Addon(#[from] Installed),
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.03409001")]
struct Installed;

#[derive(Debug, CceError)]
#[cce(code = "CCE.01403001", detail = "project {0} is not yours")]
struct Forbidden(String);

#[derive(Debug, CceError)]
#[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
struct Locked {
    cluster_id: String,
}

#[derive(Debug, CceError)]
#[cce(transparent)]
struct Wrapped(ClusterError);

#[derive(Debug, CceError)]
enum Never {}

fn main() {
    assert_eq!(ClusterError::Unit.code(), "CCE.01404001");
    let tuple = ClusterError::Tuple("s".into(), "v".into());
    assert_eq!(tuple.detail().as_deref(), Some("subnet s not in v"));
    let braced = ClusterError::Braced { subnet_id: "s".into(), vpc_id: "v".into() };
    assert_eq!(braced.detail().as_deref(), Some("subnet s not in v"));
    let source = ClusterError::from(std::io::Error::other("disk"));
    assert!(std::error::Error::source(&source).is_some());
    let named = ClusterError::NamedSource { node: "n".into(), source: std::fmt::Error };
    assert!(std::error::Error::source(&named).is_some());
    assert_eq!(ClusterError::from(Installed).code(), "CCE.03409001");
    assert_eq!(Forbidden("p".into()).status(), 403);
    assert_eq!(Locked { cluster_id: "c".into() }.status(), 429);
    assert_eq!(Wrapped(ClusterError::Unit).code(), "CCE.01404001");
    let body = ClusterError::Unit.to_body();
    assert!(Never::from_body(&body).is_none());
}
