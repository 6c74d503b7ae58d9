// A fixed detail that is the row's message word for word: a client that
// shows the message and the detail together would show it twice. Each
// variant is reported, in one build; a detail that differs, even by a
// letter, compiles.
use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01400001", detail = "Invalid request.")]
    Invalid,
    #[cce(code = "CCE.01404001", detail = "Resource not found.")]
    Missing { name: String },
    #[cce(code = "CCE.01404001", detail = "Resource not found")]
    AlmostTheSame,
}

#[derive(Debug, CceError)]
#[cce(code = "CCE.01500001", detail = "Internal error.")]
struct Internal;

fn main() {}
