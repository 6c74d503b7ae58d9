// `cce_errors::table!`: every row of a team's table, in a constant or an
// expression, also in a module without the prelude.
use cce_errors::ErrorCode;

const SERVICES: &[ErrorCode] = cce_errors::table!("../../../../ui-tests/tables/services.csv");

mod bare {
    #![no_implicit_prelude]

    pub(crate) fn rows() -> &'static [::cce_errors::ErrorCode] {
        ::cce_errors::table!("../../../../ui-tests/tables/services.csv",)
    }
}

fn main() {
    assert_eq!(SERVICES.len(), 3);
    assert_eq!(SERVICES[2].code(), "SVC.0429");
    assert_eq!(SERVICES[2].status(), 429);
    assert!(!SERVICES[2].retryable());
    assert_eq!(bare::rows(), SERVICES);
}
