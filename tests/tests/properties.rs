//! Property tests: every table code, with any detail text, survives
//! body → JSON → decode → `from_body`.

use cce_errors::decode::decode;
use cce_errors::{CceError, ErrorBody, ErrorCode};
use cce_errors_tests::EveryCode;
use http::HeaderMap;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_code_with_any_detail_survives_the_wire(
        row in proptest::sample::select(ErrorCode::all()),
        detail in proptest::option::of(any::<String>()),
    ) {
        let sent = ErrorBody {
            code: row.code().into(),
            message: row.message().into(),
            detail: detail.clone().map(Into::into),
        };
        let bytes = serde_json::to_vec(&sent).unwrap();
        let remote = decode(row.status(), &HeaderMap::new(), &bytes).unwrap();
        prop_assert_eq!(remote.body(), &sent);
        prop_assert_eq!(remote.detail(), detail.as_deref());
        prop_assert_eq!(remote.error_code(), Some(&row));
        let typed = remote.typed::<EveryCode>().unwrap();
        prop_assert_eq!(typed.code(), row.code());
        prop_assert_eq!(typed.status(), row.status());
        // The same through the strict `Deserialize` and the borrowing decoder.
        prop_assert_eq!(&serde_json::from_slice::<ErrorBody<'_>>(&bytes).unwrap(), &sent);
        prop_assert_eq!(&ErrorBody::from_slice(&bytes).unwrap(), &sent);
    }

    #[test]
    fn any_bytes_decode_or_fail_without_panicking(
        status in 100u16..1000,
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let status = http::StatusCode::from_u16(status).unwrap();
        match decode(status, &HeaderMap::new(), &body) {
            Ok(remote) => prop_assert_eq!(remote.status(), status),
            Err(error) => {
                prop_assert_eq!(error.status(), status);
                prop_assert!(error.excerpt().len() <= cce_errors::decode::EXCERPT_LEN);
            }
        }
    }
}
