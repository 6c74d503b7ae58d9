// `cce_errors::table!` takes one string literal, the path of a readable
// table file; each mistake is an error at the path or the token.
use cce_errors::ErrorCode;

const NOT_A_STRING: &[ErrorCode] = cce_errors::table!(5);

const AN_IDENT: &[ErrorCode] = cce_errors::table!(errors_csv);

const TWO_PATHS: &[ErrorCode] =
    cce_errors::table!("../../../../ui-tests/tables/services.csv", "docs/more.csv");

const NOTHING: &[ErrorCode] = cce_errors::table!();

const EMPTY: &[ErrorCode] = cce_errors::table!("");

const MISSING: &[ErrorCode] = cce_errors::table!("docs/error-codes.rst");

const DIRECTORY: &[ErrorCode] = cce_errors::table!("../../../../ui-tests/tables");

const MALFORMED: &[ErrorCode] = cce_errors::table!("../../../../ui-tests/tables/bad-status.csv");

const BAD_RETRYABLE: &[ErrorCode] =
    cce_errors::table!("../../../../ui-tests/tables/bad-retryable.csv");

fn main() {
    // The mistakes above are the only errors: each still has the right type.
    let _: usize = NOT_A_STRING.len() + AN_IDENT.len() + TWO_PATHS.len() + NOTHING.len();
    let _: usize = EMPTY.len() + MISSING.len() + DIRECTORY.len() + MALFORMED.len();
    let _: usize = BAD_RETRYABLE.len();
}
