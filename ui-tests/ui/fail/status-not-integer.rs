use cce_errors::CceError;

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(code = "CCE.01404001", status = "404")]
    Quoted,
    #[cce(code = "CCE.01404001", status = 4040)]
    TooLarge,
    #[cce(code = "CCE.01404001", status = http::StatusCode::NOT_FOUND)]
    Constant,
}

fn main() {}
