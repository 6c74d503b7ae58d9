// A generic field in `detail` gets a `Display` bound: a type argument
// without `Display` is an error where the type is used.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Lookup<K> {
    #[cce(code = "CCE.01404001", detail = "{0} not found")]
    NotFound(K),
}

#[derive(Debug)]
struct Key(u32);

fn main() {
    let error = Lookup::NotFound(Key(7));
    let _ = error.code();
}
