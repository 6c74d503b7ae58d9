// `domain` takes a string literal: not missing, not an integer, not a
// constant the derive cannot read.
use cce_errors::CceError;

const DOMAIN: &str = "cce.example.com";

#[derive(Debug, CceError)]
#[cce(domain)]
enum NoValue {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = 5)]
enum Integer {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(domain = DOMAIN)]
enum Constant {
    #[cce(code = "CCE.01404001")]
    NotFound,
}

fn main() {}
