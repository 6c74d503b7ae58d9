// A where-clause without a trailing comma, and a mistake: the mistake is
// the only error (the fallback impl's predicates follow the user's).
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Lookup<K>
where
    K: Clone
{
    #[cce(code = "CCE.01404009")]
    NotFound(K),
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001", detail = "{missing}")]
struct Keyed<K>
where
    K: std::fmt::Debug
{
    key: K,
}

fn main() {}
