// `domain` must be a domain name: dot-separated labels of lowercase
// letters, digits and hyphens.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(domain = "")]
enum Empty {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = "CCE.example.com")]
enum Uppercase {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = "https://cce.example.com")]
enum Url {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = "cce..example.com")]
enum EmptyLabel {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = "-cce.example.com")]
enum Hyphen {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = "cce example")]
#[cce(code = "CCE.01404001")]
struct Space;

fn main() {}
