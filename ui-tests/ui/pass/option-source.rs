// `Option<E>` as a marked source, a field named `source`, and `#[from]`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01500001")]
    Marked(#[source] Option<std::io::Error>),
    #[cce(code = "CCE.01500001")]
    Named { source: Option<std::io::Error> },
    #[cce(code = "CCE.02500001")]
    Converted(#[from] Option<std::fmt::Error>),
}

fn main() {
    let error = ClusterError::from(std::fmt::Error);
    assert!(std::error::Error::source(&error).is_some());
    assert!(std::error::Error::source(&ClusterError::Marked(None)).is_none());
    assert!(std::error::Error::source(&ClusterError::Named { source: None }).is_none());
}
