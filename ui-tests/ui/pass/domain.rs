// `domain` on an enum and on a struct; a transparent variant of a type
// without one takes its inner type's, and a type with one gives its own to
// every variant.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(domain = "addons.cce.example.com")]
enum AddonError {
    #[cce(code = "CCE.03404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", domain = "cce.example.com")]
struct ClusterNotFound;

#[derive(Debug, CceError)]
enum Undeclared {
    #[cce(code = "CCE.01400001")]
    Invalid,
    #[cce(transparent)]
    Addon(AddonError),
}

#[derive(Debug, CceError)]
#[cce(domain = "api.example.com")]
enum Declared {
    #[cce(code = "CCE.01400001")]
    Invalid,
    #[cce(transparent)]
    Addon(AddonError),
}

#[derive(Debug, CceError)]
#[cce(domain = "0-9.a-z")]
enum Minimal {}

fn main() {
    assert_eq!(AddonError::NotFound.domain(), Some("addons.cce.example.com"));
    assert_eq!(ClusterNotFound.domain(), Some("cce.example.com"));
    assert_eq!(Undeclared::Invalid.domain(), None);
    assert_eq!(Undeclared::Addon(AddonError::NotFound).domain(), Some("addons.cce.example.com"));
    assert_eq!(Declared::Invalid.domain(), Some("api.example.com"));
    assert_eq!(Declared::Addon(AddonError::NotFound).domain(), Some("api.example.com"));
    let _ = Minimal::variant_docs();
}
