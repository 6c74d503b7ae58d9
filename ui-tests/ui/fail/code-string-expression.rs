// A literal that starts a longer expression is not a literal: each is
// reported at the whole value, with what to write, including expressions
// the derive's parser does not read (indexing, `if`, closures).
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(domain = "cce.example.com"[..])]
enum ClusterError {
    #[cce(code = "CCE.01404" + "001")]
    Added,
    #[cce(code = "CCE.01404001".to_owned())]
    Method,
    #[cce(code = "CCE.01404001", detail = "cluster {0}".trim())]
    Detail(String),
    #[cce(code = if true { "CCE.01404001" } else { "CCE.01404002" })]
    If,
    #[cce(code = "CCE.01404001", detail("cluster {0}"[..], .0))]
    DetailArguments(String),
    #[cce(code = "CCE.01404001", status = [404][0])]
    Status,
    #[cce(code = |_| "CCE.01404001")]
    Closure,
}

fn main() {}
