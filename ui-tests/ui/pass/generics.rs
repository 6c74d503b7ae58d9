// Generic parameters get bounds inferred from how their fields are used.
use std::fmt;

use cce_errors::CceError;

#[derive(Debug, CceError)]
enum Lookup<'a, K, E, Inner>
where
    K: Clone,
{
    #[cce(code = "CCE.01404001", detail = "{kind} {key} not found")]
    NotFound { kind: &'a str, key: K },
    #[cce(code = "CCE.01500001")]
    Backend(#[source] E),
    #[cce(transparent)]
    Inner(Inner),
}

#[derive(Debug, Clone)]
struct Key(u32);

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Debug, CceError)]
enum Plain {
    #[cce(code = "CCE.01409001")]
    Exists,
}

fn status_of<E: CceError>(error: &E) -> u16 {
    error.status().as_u16()
}

fn main() {
    let error: Lookup<'_, Key, std::io::Error, Plain> = Lookup::NotFound { kind: "cluster", key: Key(7) };
    assert_eq!(error.detail().as_deref(), Some("cluster #7 not found"));
    assert_eq!(status_of(&error), 404);
    let inner: Lookup<'_, Key, std::io::Error, Plain> = Lookup::Inner(Plain::Exists);
    assert_eq!(status_of(&inner), 409);
    let body = Plain::Exists.to_body();
    assert!(matches!(
        Lookup::<'_, Key, std::io::Error, Plain>::from_body(&body),
        Some(Lookup::Inner(Plain::Exists))
    ));
}
