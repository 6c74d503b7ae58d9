// `#[cce(retry_after)]` takes whole seconds, a `Duration`, or an `Option` of either.
use std::time::Duration;

use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Throttled {
    #[cce(code = "CCE.02429001")]
    Seconds(#[cce(retry_after)] u32),
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        after: Duration,
    },
    #[cce(code = "CCE.01429002")]
    Maybe {
        #[cce(retry_after)]
        after: Option<Duration>,
    },
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
#[cce(transparent)]
struct Wrapped(Throttled);

fn main() {
    assert_eq!(Throttled::Seconds(7).retry_after(), Some(Duration::from_secs(7)));
    let locked = Throttled::Locked { cluster_id: "c".into(), after: Duration::from_millis(1500) };
    assert_eq!(locked.retry_after(), Some(Duration::from_millis(1500)));
    assert_eq!(Throttled::Maybe { after: None }.retry_after(), None);
    assert_eq!(Throttled::NotFound.retry_after(), None);
    assert_eq!(Wrapped(Throttled::Seconds(3)).retry_after(), Some(Duration::from_secs(3)));
}
