//! The runtime benches of the performance issue: each measures the library
//! against a hand-written baseline in the same run, then prints the ratios
//! (library / baseline) from criterion's estimates.
//!
//! ```text
//! cargo bench -p cce-errors-tests
//! cargo bench -p cce-errors-tests -- --measurement-time 5 axum   # longer, one group
//! ```
//!
//! Defaults here: 1 s warm-up, 3 s measurement, 100 samples; criterion's
//! command-line options override them. The `pieces` group times the parts
//! of a response on their own, to show where the time goes.

mod consume;
mod report;
mod scaffold;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use actix_web::ResponseError as _;
use actix_web::body::MessageBody as _;
use axum::response::IntoResponse as _;
use bytes::Bytes;
use cce_errors::{ErrorBody, ErrorCode};
use cce_errors_tests::ClusterError;
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion};
use http_body::Body as _;
use serde::Deserialize;

use consume::{consume_actix, consume_axum};
use report::Row;
use scaffold::{
    FIXED_BODY, FIXED_JSON, SUBNET, VPC, actix_hand_detail, actix_hand_fixed, actix_scaffold,
    axum_hand_detail, axum_hand_fixed, axum_scaffold, detail, detail_body, detail_message,
};

// ---------------------------------------------------------------------------
// The errors, and what a careful engineer writes by hand for them: the rest
// is in `scaffold`, shared with the allocation test.

/// The variant without a detail: a fixed body.
fn fixed() -> ClusterError {
    ClusterError::NotFound
}

/// Status, headers and body bytes of an axum response, for comparing.
fn axum_parts(response: axum::response::Response) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let (parts, body) = response.into_parts();
    let mut body = pin!(body);
    let mut cx = Context::from_waker(Waker::noop());
    let mut bytes = Vec::new();
    while let Poll::Ready(Some(frame)) = body.as_mut().poll_frame(&mut cx) {
        if let Ok(data) = frame.expect("the body fails").into_data() {
            bytes.extend_from_slice(&data);
        }
    }
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    (parts.status.as_u16(), headers, bytes)
}

/// The same for actix-web.
fn actix_parts(response: actix_web::HttpResponse) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    let body = response
        .into_body()
        .try_into_bytes()
        .map_err(|_| "a streaming body")
        .unwrap();
    (status, headers, body.to_vec())
}

fn assert_same(
    what: &str,
    library: &(u16, Vec<(String, String)>, Vec<u8>),
    baseline: &(u16, Vec<(String, String)>, Vec<u8>),
) {
    assert_eq!(library.0, baseline.0, "{what}: status");
    assert_eq!(library.1, baseline.1, "{what}: headers");
    assert_eq!(
        String::from_utf8_lossy(&library.2),
        String::from_utf8_lossy(&baseline.2),
        "{what}: body bytes"
    );
}

// ---------------------------------------------------------------------------
// The groups.

fn axum_responses(c: &mut Criterion) {
    let message = detail_message();
    let baseline_fixed = axum_hand_fixed;
    let baseline_detail =
        |subnet_id: String, vpc_id: String| axum_hand_detail(message, &subnet_id, &vpc_id);
    assert_same(
        "axum, fixed",
        &axum_parts(fixed().into_response()),
        &axum_parts(baseline_fixed()),
    );
    assert_same(
        "axum, detail",
        &axum_parts(detail().into_response()),
        &axum_parts(baseline_detail(SUBNET.to_owned(), VPC.to_owned())),
    );

    let mut group = c.benchmark_group("axum");
    group.bench_function("fixed_derived", |b| {
        b.iter(|| consume_axum(black_box(fixed()).into_response()));
    });
    group.bench_function("fixed_baseline", |b| {
        b.iter(|| consume_axum(baseline_fixed()));
    });
    // The error owns its fields: each side gets them fresh and drops them.
    group.bench_function("detail_derived", |b| {
        b.iter_batched(
            detail,
            |error| consume_axum(error.into_response()),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("detail_baseline", |b| {
        b.iter_batched(
            || (SUBNET.to_owned(), VPC.to_owned()),
            |(subnet_id, vpc_id)| consume_axum(baseline_detail(subnet_id, vpc_id)),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

fn actix_responses(c: &mut Criterion) {
    let message = detail_message();
    let (fixed, detail) = (fixed(), detail());
    let baseline_fixed = actix_hand_fixed;
    let baseline_detail =
        |subnet_id: &str, vpc_id: &str| actix_hand_detail(message, subnet_id, vpc_id);
    assert_same(
        "actix-web, fixed",
        &actix_parts(fixed.error_response()),
        &actix_parts(baseline_fixed()),
    );
    assert_same(
        "actix-web, detail",
        &actix_parts(detail.error_response()),
        &actix_parts(baseline_detail(SUBNET, VPC)),
    );
    // `error_response` borrows the error: both sides read the same fields.
    let ClusterError::SubnetNotInVpc { subnet_id, vpc_id } = &detail else {
        unreachable!()
    };

    let mut group = c.benchmark_group("actix");
    group.bench_function("fixed_derived", |b| {
        b.iter(|| consume_actix(black_box(&fixed).error_response()));
    });
    group.bench_function("fixed_baseline", |b| {
        b.iter(|| consume_actix(baseline_fixed()));
    });
    group.bench_function("detail_derived", |b| {
        b.iter(|| consume_actix(black_box(&detail).error_response()));
    });
    group.bench_function("detail_baseline", |b| {
        b.iter(|| consume_actix(baseline_detail(black_box(subnet_id), black_box(vpc_id))));
    });
    group.finish();
}

fn serialize(c: &mut Criterion) {
    let message = detail_message();
    let (fixed, detail) = (fixed(), detail());
    let prerendered = detail_body(message, SUBNET, VPC);
    let plain_fixed = serde_json::to_vec(&FIXED_BODY).unwrap();
    let plain_detail = serde_json::to_vec(&prerendered).unwrap();
    assert_eq!(serde_json::to_vec(&fixed).unwrap(), plain_fixed);
    assert_eq!(*cce_errors::response::body_of(&fixed), plain_fixed[..]);
    assert_eq!(serde_json::to_vec(&detail).unwrap(), plain_detail);
    assert_eq!(*cce_errors::response::body_of(&detail), plain_detail[..]);

    let mut group = c.benchmark_group("serialize");
    group.bench_function("fixed_to_vec_derived", |b| {
        b.iter(|| serde_json::to_vec(black_box(&fixed)).unwrap());
    });
    group.bench_function("fixed_body_of", |b| {
        b.iter(|| cce_errors::response::body_of(black_box(&fixed)));
    });
    group.bench_function("fixed_plain", |b| {
        b.iter(|| serde_json::to_vec(black_box(&FIXED_BODY)).unwrap());
    });
    group.bench_function("detail_to_vec_derived", |b| {
        b.iter(|| serde_json::to_vec(black_box(&detail)).unwrap());
    });
    group.bench_function("detail_body_of", |b| {
        b.iter(|| cce_errors::response::body_of(black_box(&detail)));
    });
    // The plain struct with the detail already rendered: serialization alone.
    group.bench_function("detail_plain", |b| {
        b.iter(|| serde_json::to_vec(black_box(&prerendered)).unwrap());
    });
    // And what a hand-written error does: render the detail, then serialize.
    group.bench_function("detail_plain_format", |b| {
        b.iter(|| {
            serde_json::to_vec(&detail_body(message, black_box(SUBNET), black_box(VPC))).unwrap()
        });
    });
    group.finish();
}

/// A Kubernetes `Status` (as an API server in front of a CCE service sends
/// it) with the CCE keys and a service-internal `error_code`/`error_msg`:
/// every key set decoders meet at once. The Status' `message` is the
/// detail, with the quotes Kubernetes puts in it.
const STATUS_BODY: &[u8] = br#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"clusters.cce.io \"c-1\" not found","reason":"NotFound","details":{"name":"c-1","group":"cce.io","kind":"clusters"},"code":404,"errorCode":"CCE.01404001","errorMessage":"Resource not found.","error_code":"CCE_CM.0404","error_msg":"cluster c-1 not found"}"#;

/// The same without escapes in the detail, so that every string can be
/// borrowed (for the `pieces` group).
const STATUS_BODY_UNESCAPED: &[u8] = br#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"clusters.cce.io c-1 not found","reason":"NotFound","details":{"name":"c-1","group":"cce.io","kind":"clusters"},"code":404,"errorCode":"CCE.01404001","errorMessage":"Resource not found.","error_code":"CCE_CM.0404","error_msg":"cluster c-1 not found"}"#;

/// What a hand-written client decodes: the two documented keys, borrowed.
#[derive(Deserialize)]
struct Plain<'a> {
    #[serde(rename = "errorCode", borrow)]
    code: Cow<'a, str>,
    #[serde(rename = "errorMessage", borrow)]
    message: Cow<'a, str>,
}

/// The same, owned.
#[derive(Deserialize)]
struct PlainOwned {
    #[serde(rename = "errorCode")]
    code: String,
    #[serde(rename = "errorMessage")]
    message: String,
}

fn decode(c: &mut Criterion) {
    use cce_errors::decode::decode;

    let mut headers = http::HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        "application/json".parse().unwrap(),
    );
    headers.insert("x-request-id", "req-7f3a9c".parse().unwrap());
    let status = http::StatusCode::NOT_FOUND;

    let body: ErrorBody = serde_json::from_slice(STATUS_BODY).unwrap();
    assert_eq!(
        (&*body.code, &*body.message, body.detail.as_deref()),
        (
            "CCE.01404001",
            "Resource not found.",
            Some("clusters.cce.io \"c-1\" not found")
        )
    );
    assert_eq!(ErrorBody::from_slice(STATUS_BODY).unwrap(), body);
    assert_eq!(decode(status, &headers, STATUS_BODY).unwrap().body(), &body);
    let plain: Plain = serde_json::from_slice(STATUS_BODY).unwrap();
    assert_eq!(
        (&*plain.code, &*plain.message),
        ("CCE.01404001", "Resource not found.")
    );
    let owned: PlainOwned = serde_json::from_slice(STATUS_BODY).unwrap();
    assert_eq!(
        (&*owned.code, &*owned.message),
        ("CCE.01404001", "Resource not found.")
    );

    let mut group = c.benchmark_group("decode");
    group.bench_function("errorbody_from_slice_serde", |b| {
        b.iter(|| serde_json::from_slice::<ErrorBody>(black_box(STATUS_BODY)).unwrap());
    });
    group.bench_function("errorbody_from_slice_borrowed", |b| {
        b.iter(|| ErrorBody::from_slice(black_box(STATUS_BODY)).unwrap());
    });
    group.bench_function("decode", |b| {
        b.iter(|| decode(status, black_box(&headers), black_box(STATUS_BODY)).unwrap());
    });
    group.bench_function("plain_borrowed", |b| {
        b.iter(|| serde_json::from_slice::<Plain>(black_box(STATUS_BODY)).unwrap());
    });
    group.bench_function("plain_owned", |b| {
        b.iter(|| serde_json::from_slice::<PlainOwned>(black_box(STATUS_BODY)).unwrap());
    });
    // The baseline of the decoding target: a plain struct reading the same
    // three keys (`errorCode`, `errorMessage`, `message`), borrowing.
    group.bench_function("plain_three_keys", |b| {
        b.iter(|| serde_json::from_slice::<PlainWithDetail>(black_box(STATUS_BODY)).unwrap());
    });
    group.finish();
}

fn lookup(c: &mut Criterion) {
    // Codes as a client has them: text from a body, not the table's own `&'static str`.
    let codes: Vec<String> = ErrorCode::all()
        .iter()
        .map(|row| row.code().to_owned())
        .collect();
    assert_eq!(codes.len(), 43);
    let misses: Vec<String> = ["CCE.01404999", "CCE_CM.0404", "APIGW.0301", "cce.01404001"]
        .map(str::to_owned)
        .to_vec();
    let map: HashMap<&'static str, &'static ErrorCode> = ErrorCode::all()
        .iter()
        .map(|row| (row.code(), row))
        .collect();
    for code in &codes {
        assert_eq!(ErrorCode::lookup(code), map.get(code.as_str()).copied());
    }
    for code in &misses {
        assert!(ErrorCode::lookup(code).is_none() && !map.contains_key(code.as_str()));
    }

    let mut group = c.benchmark_group("lookup");
    group.bench_function("all_lookup", |b| {
        b.iter(|| {
            for code in black_box(&codes) {
                black_box(ErrorCode::lookup(code));
            }
        });
    });
    group.bench_function("all_hashmap", |b| {
        b.iter(|| {
            for code in black_box(&codes) {
                black_box(map.get(code.as_str()));
            }
        });
    });
    group.bench_function("miss_lookup", |b| {
        b.iter(|| {
            for code in black_box(&misses) {
                black_box(ErrorCode::lookup(code));
            }
        });
    });
    group.bench_function("miss_hashmap", |b| {
        b.iter(|| {
            for code in black_box(&misses) {
                black_box(map.get(code.as_str()));
            }
        });
    });
    group.finish();
}

/// A plain struct that also reads the detail, as `ErrorBody` does.
#[derive(Deserialize)]
struct PlainWithDetail<'a> {
    #[serde(rename = "errorCode", borrow)]
    code: Cow<'a, str>,
    #[serde(rename = "errorMessage", borrow)]
    message: Cow<'a, str>,
    #[serde(rename = "message", borrow)]
    detail: Option<Cow<'a, str>>,
}

/// The parts of the responses and of decoding, timed alone, to show where
/// the time of the rows above goes.
fn pieces(c: &mut Criterion) {
    assert_same(
        "axum scaffold",
        &axum_parts(axum_scaffold()),
        &axum_parts(fixed().into_response()),
    );
    let fixed = fixed();
    assert_eq!(*cce_errors::response::body_of(&fixed), *FIXED_JSON);
    assert_same(
        "actix scaffold",
        &actix_parts(actix_scaffold()),
        &actix_parts(fixed.error_response()),
    );
    let with_detail: PlainWithDetail = serde_json::from_slice(STATUS_BODY).unwrap();
    assert_eq!(
        (
            &*with_detail.code,
            &*with_detail.message,
            with_detail.detail.as_deref()
        ),
        (
            "CCE.01404001",
            "Resource not found.",
            Some("clusters.cce.io \"c-1\" not found")
        )
    );

    let mut group = c.benchmark_group("pieces");
    axum_pieces(&mut group, &fixed);
    actix_pieces(&mut group);
    decode_pieces(&mut group);
    group.finish();
}

type Group<'a> = BenchmarkGroup<'a, WallTime>;

/// A zero-sized response extension: what marking derived responses for the
/// layer would cost (the library recognizes CCE bodies instead).
#[derive(Debug, Clone, Copy)]
struct Marker;

/// axum: the scaffolding, then what the derive adds to it.
fn axum_pieces(group: &mut Group<'_>, fixed: &ClusterError) {
    group.bench_function("axum_scaffold", |b| {
        b.iter(|| consume_axum(axum_scaffold()));
    });
    group.bench_function("axum_scaffold_extension", |b| {
        b.iter(|| {
            let mut response = axum_scaffold();
            response.extensions_mut().insert(Marker);
            consume_axum(response)
        });
    });
    group.bench_function("http_response", |b| {
        b.iter(|| cce_errors::response::http_response(black_box(fixed)));
    });
    group.bench_function("headermap_insert", |b| {
        b.iter(|| {
            let mut headers = http::HeaderMap::new();
            headers.insert(http::header::CONTENT_TYPE, cce_errors::response::JSON);
            headers
        });
    });
    group.bench_function("extensions_insert", |b| {
        b.iter(|| {
            let mut extensions = http::Extensions::new();
            extensions.insert(Marker);
            extensions
        });
    });
    group.bench_function("axum_body_static", |b| {
        b.iter(|| axum::body::Body::from(Bytes::from_static(black_box(FIXED_JSON))));
    });
    // What axum's `Json` does for the baseline: serialize into a `BytesMut`.
    group.bench_function("axum_json_bytes", |b| {
        b.iter(|| {
            let mut buffer = bytes::BufMut::writer(bytes::BytesMut::with_capacity(128));
            serde_json::to_writer(&mut buffer, black_box(&FIXED_BODY)).unwrap();
            buffer.into_inner().freeze()
        });
    });
}

/// actix-web: the same.
fn actix_pieces(group: &mut Group<'_>) {
    group.bench_function("actix_scaffold", |b| {
        b.iter(|| consume_actix(actix_scaffold()));
    });
    group.bench_function("actix_scaffold_extension", |b| {
        b.iter(|| {
            let mut response = actix_scaffold();
            response.extensions_mut().insert(Marker);
            consume_actix(response)
        });
    });
    // `error_response` copies the `http` 1.x headers into actix's (http 0.2).
    group.bench_function("actix_header_copy", |b| {
        b.iter(|| {
            (
                actix_web::http::header::HeaderName::from_bytes(black_box(b"content-type"))
                    .unwrap(),
                actix_web::http::header::HeaderValue::from_bytes(black_box(b"application/json"))
                    .unwrap(),
            )
        });
    });
    // What actix-web's `json` does for the baseline.
    group.bench_function("actix_json_string", |b| {
        b.iter(|| serde_json::to_string(black_box(&FIXED_BODY)).unwrap());
    });
}

/// Decoding: the detail read too, and a detail without escapes.
fn decode_pieces(group: &mut Group<'_>) {
    group.bench_function("decode_plain_with_detail", |b| {
        b.iter(|| serde_json::from_slice::<PlainWithDetail>(black_box(STATUS_BODY)).unwrap());
    });
    group.bench_function("decode_ignored", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(STATUS_BODY)).unwrap());
    });
    group.bench_function("decode_errorbody_unescaped", |b| {
        b.iter(|| ErrorBody::from_slice(black_box(STATUS_BODY_UNESCAPED)).unwrap());
    });
    group.bench_function("decode_plain_unescaped", |b| {
        b.iter(|| serde_json::from_slice::<Plain>(black_box(STATUS_BODY_UNESCAPED)).unwrap());
    });
    group.bench_function("decode_plain_with_detail_unescaped", |b| {
        b.iter(|| {
            serde_json::from_slice::<PlainWithDetail>(black_box(STATUS_BODY_UNESCAPED)).unwrap()
        });
    });
}

fn main() {
    let since = SystemTime::now();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(100)
        .configure_from_args();
    axum_responses(&mut criterion);
    actix_responses(&mut criterion);
    serialize(&mut criterion);
    decode(&mut criterion);
    lookup(&mut criterion);
    pieces(&mut criterion);
    criterion.final_summary();
    report::print(ROWS, since);
    report::print_times("pieces", since);
}

/// The ratio table: each library function against its baseline.
const ROWS: &[Row] = &[
    Row {
        what: "axum into_response, no detail",
        library: ("axum", "fixed_derived"),
        baseline: ("axum", "fixed_baseline"),
        target: Some(0.5),
    },
    Row {
        what: "axum into_response, detail",
        library: ("axum", "detail_derived"),
        baseline: ("axum", "detail_baseline"),
        target: Some(1.0),
    },
    Row {
        what: "actix error_response, no detail",
        library: ("actix", "fixed_derived"),
        baseline: ("actix", "fixed_baseline"),
        target: Some(0.5),
    },
    Row {
        what: "actix error_response, detail",
        library: ("actix", "detail_derived"),
        baseline: ("actix", "detail_baseline"),
        target: Some(1.0),
    },
    Row {
        what: "to_vec(derived), no detail",
        library: ("serialize", "fixed_to_vec_derived"),
        baseline: ("serialize", "fixed_plain"),
        target: None,
    },
    Row {
        what: "body_of, no detail",
        library: ("serialize", "fixed_body_of"),
        baseline: ("serialize", "fixed_plain"),
        target: None,
    },
    Row {
        what: "to_vec(derived), detail vs pre-rendered",
        library: ("serialize", "detail_to_vec_derived"),
        baseline: ("serialize", "detail_plain"),
        target: None,
    },
    Row {
        what: "to_vec(derived), detail vs format!+to_vec",
        library: ("serialize", "detail_to_vec_derived"),
        baseline: ("serialize", "detail_plain_format"),
        target: None,
    },
    Row {
        what: "body_of, detail vs pre-rendered",
        library: ("serialize", "detail_body_of"),
        baseline: ("serialize", "detail_plain"),
        target: None,
    },
    Row {
        what: "body_of, detail vs format!+to_vec",
        library: ("serialize", "detail_body_of"),
        baseline: ("serialize", "detail_plain_format"),
        target: None,
    },
    // The decoding target: the same three keys, borrowed where they need
    // no unescaping.
    Row {
        what: "ErrorBody::from_slice vs three keys (Cow)",
        library: ("decode", "errorbody_from_slice_borrowed"),
        baseline: ("decode", "plain_three_keys"),
        target: Some(1.1),
    },
    Row {
        what: "from_slice::<ErrorBody> vs Plain (Cow)",
        library: ("decode", "errorbody_from_slice_serde"),
        baseline: ("decode", "plain_borrowed"),
        target: None,
    },
    Row {
        what: "from_slice::<ErrorBody> vs PlainOwned",
        library: ("decode", "errorbody_from_slice_serde"),
        baseline: ("decode", "plain_owned"),
        target: None,
    },
    Row {
        what: "ErrorBody::from_slice vs Plain (Cow)",
        library: ("decode", "errorbody_from_slice_borrowed"),
        baseline: ("decode", "plain_borrowed"),
        target: None,
    },
    Row {
        what: "ErrorBody::from_slice vs PlainOwned",
        library: ("decode", "errorbody_from_slice_borrowed"),
        baseline: ("decode", "plain_owned"),
        target: None,
    },
    Row {
        what: "decode() vs Plain (Cow)",
        library: ("decode", "decode"),
        baseline: ("decode", "plain_borrowed"),
        target: None,
    },
    Row {
        what: "decode() vs PlainOwned",
        library: ("decode", "decode"),
        baseline: ("decode", "plain_owned"),
        target: None,
    },
    Row {
        what: "ErrorCode::lookup, 43 hits",
        library: ("lookup", "all_lookup"),
        baseline: ("lookup", "all_hashmap"),
        target: Some(1.0),
    },
    Row {
        what: "ErrorCode::lookup, 4 misses",
        library: ("lookup", "miss_lookup"),
        baseline: ("lookup", "miss_hashmap"),
        target: Some(1.0),
    },
    // Where the time goes: the floor of a response, and decoding's parts.
    Row {
        what: "axum scaffold alone (status, content-type, static body)",
        library: ("pieces", "axum_scaffold"),
        baseline: ("axum", "fixed_baseline"),
        target: None,
    },
    Row {
        what: "axum scaffold + a marker extension",
        library: ("pieces", "axum_scaffold_extension"),
        baseline: ("axum", "fixed_baseline"),
        target: None,
    },
    Row {
        what: "axum derived, no detail / scaffold alone",
        library: ("axum", "fixed_derived"),
        baseline: ("pieces", "axum_scaffold"),
        target: None,
    },
    Row {
        what: "actix scaffold alone",
        library: ("pieces", "actix_scaffold"),
        baseline: ("actix", "fixed_baseline"),
        target: None,
    },
    Row {
        what: "actix scaffold + a marker extension",
        library: ("pieces", "actix_scaffold_extension"),
        baseline: ("actix", "fixed_baseline"),
        target: None,
    },
    Row {
        what: "actix derived, no detail / scaffold alone",
        library: ("actix", "fixed_derived"),
        baseline: ("pieces", "actix_scaffold"),
        target: None,
    },
    Row {
        what: "ErrorBody::from_slice vs Plain + detail (Cow)",
        library: ("decode", "errorbody_from_slice_borrowed"),
        baseline: ("pieces", "decode_plain_with_detail"),
        target: None,
    },
    Row {
        what: "ErrorBody::from_slice vs Plain, no escapes",
        library: ("pieces", "decode_errorbody_unescaped"),
        baseline: ("pieces", "decode_plain_unescaped"),
        target: None,
    },
    Row {
        what: "ErrorBody::from_slice vs Plain + detail, no escapes",
        library: ("pieces", "decode_errorbody_unescaped"),
        baseline: ("pieces", "decode_plain_with_detail_unescaped"),
        target: None,
    },
];
