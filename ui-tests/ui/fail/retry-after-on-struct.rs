// `retry_after` on a struct whose code is not 429 or 503.
use cce_errors::CceError;

#[derive(Debug, CceError)]
#[cce(code = "CCE.01404001")]
struct NotFound {
    #[cce(retry_after)]
    after: u64,
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001")]
struct Internal(#[cce(retry_after)] u32);

fn main() {}
