// `detail(...)` with positional and named arguments, the `.field` / `.0`
// shorthand and expressions of any shape.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail("{} of {}", .0, .1.len()))]
    Positional(u32, Vec<u8>),
    #[cce(code = "CCE.01400001", detail("{n} nodes in {zone}", n = .count * 2))]
    Named { count: usize, zone: String },
    #[cce(code = "CCE.01400001", detail("{}", match .kind { Some(k) => k.as_str(), None => "none" }))]
    Match { kind: Option<String> },
}

fn main() {
    assert_eq!(ClusterError::Positional(1, vec![0; 3]).detail().as_deref(), Some("1 of 3"));
    let error = ClusterError::Named { count: 2, zone: "az1".into() };
    assert_eq!(error.detail().as_deref(), Some("4 nodes in az1"));
    assert_eq!(ClusterError::Match { kind: None }.detail().as_deref(), Some("none"));
}
