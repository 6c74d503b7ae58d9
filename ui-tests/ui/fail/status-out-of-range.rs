// `status` is a 3-digit HTTP status: not negative, 0, 2 digits, 4 digits or
// beyond `u16`.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001", status = -404)]
    Negative,
    #[cce(code = "CCE.01404001", status = 0)]
    Zero,
    #[cce(code = "CCE.01404001", status = 99)]
    TwoDigits,
    #[cce(code = "CCE.01404001", status = 1000)]
    FourDigits,
    #[cce(code = "CCE.01404001", status = 65536)]
    BeyondU16,
    #[cce(code = "CCE.01404001", status = 404.0)]
    Float,
}

fn main() {}
