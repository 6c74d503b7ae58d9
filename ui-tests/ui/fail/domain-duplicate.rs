// `domain` given twice on a type, in one attribute and in two.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(domain = "cce.example.com", domain = "cce.example.org")]
enum InOne {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = "cce.example.com")]
#[cce(domain = "cce.example.com")]
#[cce(code = "CCE.01404001")]
struct InTwo;

fn main() {}
