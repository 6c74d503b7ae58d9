//! Decodes the realistic error body of the benches N times, one way, for
//! `tests/benches/instructions.py`, which counts the instructions each way
//! takes under `valgrind --tool=callgrind`: a ratio that does not move with
//! the load of a shared machine, beside criterion's times.
//!
//! ```sh
//! decode_probe errorbody|plain N
//! ```

use std::borrow::Cow;
use std::hint::black_box;
use std::process::ExitCode;

use cce_errors::ErrorBody;
use serde::Deserialize;

/// The bench's `STATUS_BODY`: a Kubernetes `Status` with the CCE keys, a
/// service-internal `error_code`/`error_msg`, and a detail with escapes.
const STATUS_BODY: &[u8] = br#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"clusters.cce.io \"c-1\" not found","reason":"NotFound","details":{"name":"c-1","group":"cce.io","kind":"clusters"},"code":404,"errorCode":"CCE.01404001","errorMessage":"Resource not found.","error_code":"CCE_CM.0404","error_msg":"cluster c-1 not found"}"#;

/// What a hand-written client decodes: the same three keys, borrowing.
#[derive(Deserialize)]
struct Plain<'a> {
    #[serde(rename = "errorCode", borrow)]
    code: Cow<'a, str>,
    #[serde(rename = "errorMessage", borrow)]
    message: Cow<'a, str>,
    #[serde(rename = "message", borrow)]
    detail: Option<Cow<'a, str>>,
}

#[inline(never)]
fn errorbody(n: usize) -> usize {
    (0..n)
        .map(|_| {
            let body = ErrorBody::from_slice(black_box(STATUS_BODY)).expect("decodes");
            body.code.len() + body.message.len() + body.detail.map_or(0, |d| d.len())
        })
        .sum()
}

#[inline(never)]
fn plain(n: usize) -> usize {
    (0..n)
        .map(|_| {
            let body: Plain = serde_json::from_slice(black_box(STATUS_BODY)).expect("decodes");
            body.code.len() + body.message.len() + body.detail.map_or(0, |d| d.len())
        })
        .sum()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let way = args.next().unwrap_or_default();
    let Some(n) = args.next().and_then(|n| n.parse().ok()) else {
        eprintln!("usage: decode_probe errorbody|plain N");
        return ExitCode::from(2);
    };
    let total = match way.as_str() {
        "errorbody" => errorbody(n),
        "plain" => plain(n),
        _ => {
            eprintln!("usage: decode_probe errorbody|plain N");
            return ExitCode::from(2);
        }
    };
    println!("{total}");
    ExitCode::SUCCESS
}
