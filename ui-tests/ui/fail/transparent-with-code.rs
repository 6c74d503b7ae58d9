use cce_errors::CceError;

#[derive(Debug, CceError)]
enum AddonError {
    #[cce(code = "CCE.03409001")]
    Installed,
}

#[derive(Debug, CceError)]
enum ClusterError {
    #[cce(transparent, code = "CCE.01500001")]
    Addon(AddonError),
    #[cce(transparent, detail = "addon failed")]
    WithDetail(AddonError),
    #[cce(transparent = true)]
    WithValue(AddonError),
}

fn main() {}
