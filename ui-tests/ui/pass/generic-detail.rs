// A generic field named in `detail` needs no bound written: `Display` is
// inferred from `{0}`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Lookup<K> {
    #[cce(code = "CCE.01404001", detail = "{0} not found")]
    NotFound(K),
}

fn main() {
    let error = Lookup::NotFound(7_u32);
    assert_eq!(error.detail().as_deref(), Some("7 not found"));
}
