// `code` takes a string literal: not a byte string, a C string, a character,
// a boolean or a float. (A raw string `r"..."` is a string literal and works.)
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = b"CCE.01404001")]
    ByteString,
    #[cce(code = c"CCE.01404001")]
    CString,
    #[cce(code = 'C')]
    Character,
    #[cce(code = b'C')]
    Byte,
    #[cce(code = true)]
    Boolean,
    #[cce(code = 1.404001)]
    Float,
}

fn main() {}
