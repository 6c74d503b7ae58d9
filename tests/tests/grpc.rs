//! The gRPC wire (feature `tonic`): the code mapping for every status of the
//! table, what a derived type's `tonic::Status` carries, the client side
//! giving the same `RemoteError` as HTTP, the example service end to end
//! over loopback with tonic's own client, and what `CceGrpcLayer` does
//! with panics, request ids and statuses that carry no `ErrorInfo`.

use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use cce_errors::decode::RemoteError;
use cce_errors::tonic::{
    CceGrpcLayer, DEFAULT_DOMAIN, LOCALE, decode, grpc_code, http_status, status_of,
};
use cce_errors::{CceError, ErrorBody, ErrorCode};
use cce_errors_tests::{ClusterError, EveryCode};
use http::{HeaderMap, HeaderValue, StatusCode};
use http_body::{Body as _, Frame};
use tonic::metadata::MetadataValue;
use tonic::{Code, Request, Response, Status};
use tonic_types::{ErrorDetail, ErrorDetails, StatusExt as _};
use tower::{Layer as _, Service as _, ServiceExt as _};

#[allow(dead_code, unreachable_pub)]
#[path = "../../cce-errors/examples/grpc_service.rs"]
mod grpc_service;

use grpc_service::common::{ApiError, Store};
use grpc_service::pb;
use grpc_service::pb::clusters_client::ClustersClient;
use grpc_service::pb::clusters_server::{Clusters, ClustersServer};

// ---------------------------------------------------------------------
// The mapping

/// The variant of `EveryCode` for a row.
fn every_code(row: &'static ErrorCode) -> EveryCode {
    EveryCode::from_body(&ErrorBody::from(row)).unwrap()
}

/// The README's table, row by row.
const MAPPING: &[(u16, Code)] = &[
    (400, Code::InvalidArgument),
    (401, Code::Unauthenticated),
    (403, Code::PermissionDenied),
    (404, Code::NotFound),
    (405, Code::InvalidArgument),
    (408, Code::DeadlineExceeded),
    (409, Code::AlreadyExists),
    (410, Code::NotFound),
    (412, Code::FailedPrecondition),
    (413, Code::InvalidArgument),
    (416, Code::OutOfRange),
    (422, Code::InvalidArgument),
    (429, Code::ResourceExhausted),
    (499, Code::Cancelled),
    (500, Code::Internal),
    (501, Code::Unimplemented),
    (502, Code::Unavailable),
    (503, Code::Unavailable),
    (504, Code::DeadlineExceeded),
    (505, Code::Internal),
    (200, Code::Unknown),
];

#[test]
fn every_status_of_the_cce_table_has_its_grpc_code_and_comes_back() {
    let expected = [
        (400, Code::InvalidArgument),
        (401, Code::Unauthenticated),
        (403, Code::PermissionDenied),
        (404, Code::NotFound),
        (409, Code::AlreadyExists),
        (429, Code::ResourceExhausted),
        (500, Code::Internal),
    ];
    let mut statuses: Vec<u16> = ErrorCode::all()
        .iter()
        .map(|row| row.status().as_u16())
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    // A new status in the table fails here until the README's table says
    // what it maps to.
    assert_eq!(statuses, expected.map(|(status, _)| status));
    for row in ErrorCode::all() {
        let (_, code) = expected
            .iter()
            .find(|(status, _)| *status == row.status().as_u16())
            .unwrap();
        assert_eq!(grpc_code(row.status()), *code, "{}", row.code());
        assert_eq!(http_status(*code), row.status(), "{}", row.code());
        // And what a derived error of the row sends.
        let status = status_of(&every_code(row));
        assert_eq!(status.code(), *code, "{}", row.code());
    }
}

/// The name `google.rpc.Code` gives a code.
fn name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

#[test]
fn the_mapping_is_the_readme_table() {
    for &(status, code) in MAPPING {
        assert_eq!(
            grpc_code(StatusCode::from_u16(status).unwrap()),
            code,
            "{status}"
        );
    }
    // Each row of the README's table, and what "other" means: a status of
    // the class that no row names.
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("\n## gRPC\n").unwrap()..];
    let table = section
        .lines()
        .skip_while(|line| *line != "| HTTP status | gRPC code |")
        .skip(2)
        .take_while(|line| line.starts_with('|'));
    let mut named = Vec::new();
    let mut rows = 0;
    for line in table {
        rows += 1;
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let code = cells[1].trim_matches('`');
        for status in cells[0].split(", ") {
            let status = match status {
                "other 4xx" => 418,
                "other 5xx" => 507,
                number => number.parse().unwrap(),
            };
            named.push(status);
            assert_eq!(
                name(grpc_code(StatusCode::from_u16(status).unwrap())),
                code,
                "{line}"
            );
        }
    }
    assert!(rows >= 13, "the README's gRPC table has {rows} rows");
    for status in 400..=599 {
        let shown = grpc_code(StatusCode::from_u16(status).unwrap());
        let other = if status < 500 {
            Code::InvalidArgument
        } else {
            Code::Internal
        };
        assert!(
            named.contains(&status) || shown == other,
            "{status} is missing from the README's table"
        );
    }
}

// ---------------------------------------------------------------------
// A derived type's status

#[derive(Debug, CceError)]
#[cce(domain = "cce.example.com")]
enum Shown {
    #[cce(
        code = "CCE.01400002",
        detail = "subnet {subnet_id} is not in VPC {vpc_id}"
    )]
    Subnet { subnet_id: String, vpc_id: String },
    #[cce(
        code = "CCE.01400001",
        detail = "{name:>8} has {count:#x} nodes, flags {flags:b}, ratio {ratio:*^+9.2}"
    )]
    Specs {
        name: &'static str,
        count: u32,
        flags: u8,
        ratio: f64,
        #[allow(dead_code, reason = "no placeholder shows it")]
        hidden: String,
    },
    #[cce(code = "CCE.01400001", detail("{} of {max}", .items.len(), max = .limit * 2))]
    Arguments { items: Vec<u8>, limit: u32 },
    #[cce(code = "CCE.01500001", detail = "cannot read {path}")]
    Config {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[cce(code = "CCE.01429002", detail = "cluster {0} is locked")]
    Locked(String, #[cce(retry_after)] Duration),
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[test]
fn a_status_carries_the_code_message_and_details() {
    let error = Shown::Subnet {
        subnet_id: "subnet-7f3a".into(),
        vpc_id: "vpc-01".into(),
    };
    let status = Status::from(error);
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        status.message(),
        "Subnet not found in the VPC. [CCE.01400002]: subnet subnet-7f3a is not in VPC vpc-01"
    );
    assert_eq!(
        status.metadata().get("x-cce-error-code").unwrap(),
        "CCE.01400002"
    );
    let details = status.check_error_details_vec().unwrap();
    assert_eq!(details.len(), 2, "{details:?}");
    let ErrorDetail::ErrorInfo(info) = &details[0] else {
        panic!("ErrorInfo first: {details:?}");
    };
    assert_eq!(info.reason, "CCE.01400002");
    assert_eq!(info.domain, "cce.example.com");
    assert_eq!(info.metadata.len(), 2);
    assert_eq!(info.metadata["subnet_id"], "subnet-7f3a");
    assert_eq!(info.metadata["vpc_id"], "vpc-01");
    let ErrorDetail::LocalizedMessage(localized) = &details[1] else {
        panic!("LocalizedMessage last: {details:?}");
    };
    assert_eq!(
        (localized.locale.as_str(), localized.message.as_str()),
        (LOCALE, "Subnet not found in the VPC.")
    );
    assert_eq!(LOCALE, "en-US");

    // The google.rpc.Status in the details repeats code and message, as
    // grpcio-status checks.
    let status = status_of(&Shown::NotFound);
    assert_eq!(status.message(), "Resource not found. [CCE.01404001]");
    assert!(status.get_details_retry_info().is_none());
}

#[test]
fn retry_info_is_the_retry_after_field_in_whole_seconds() {
    let status = status_of(&Shown::Locked("c-1".into(), Duration::from_millis(2_001)));
    assert_eq!(status.code(), Code::ResourceExhausted);
    let details = status.check_error_details_vec().unwrap();
    assert!(
        matches!(details[0], ErrorDetail::ErrorInfo(_)),
        "{details:?}"
    );
    let ErrorDetail::RetryInfo(retry) = &details[1] else {
        panic!("RetryInfo second: {details:?}");
    };
    assert_eq!(retry.retry_delay, Some(Duration::from_secs(3)));
    assert!(
        matches!(details[2], ErrorDetail::LocalizedMessage(_)),
        "{details:?}"
    );
    // The HTTP wire sends the same.
    let response = cce_errors::response::http_response(&Shown::Locked(
        "c-1".into(),
        Duration::from_millis(2_001),
    ));
    assert_eq!(response.headers()["retry-after"], "3");
}

#[test]
fn metadata_holds_the_fields_a_placeholder_shows() {
    let status = status_of(&Shown::Specs {
        name: "pool",
        count: 255,
        flags: 5,
        ratio: 0.5,
        hidden: "never shown".into(),
    });
    let info = status.get_details_error_info().unwrap();
    let mut metadata: Vec<(String, String)> = info.metadata.into_iter().collect();
    metadata.sort();
    // The placeholder's trait, `#`, sign and precision, without the
    // padding (fill, alignment, width); a field no placeholder shows is not
    // there.
    assert_eq!(
        metadata,
        [
            ("count".to_owned(), "0xff".to_owned()),
            ("flags".to_owned(), "101".to_owned()),
            ("name".to_owned(), "pool".to_owned()),
            ("ratio".to_owned(), "+0.50".to_owned()),
        ]
    );

    // Fields only arguments read are not shown as themselves.
    let status = status_of(&Shown::Arguments {
        items: vec![1, 2, 3],
        limit: 4,
    });
    assert_eq!(status.message(), "Invalid request. [CCE.01400001]: 3 of 8");
    assert!(status.get_details_error_info().unwrap().metadata.is_empty());

    // A path as `.display()` shows it; the source never.
    let status = status_of(&Shown::Config {
        path: "/etc/cce/node.toml".into(),
        source: std::io::Error::other("disk full"),
    });
    let info = status.get_details_error_info().unwrap();
    assert_eq!(info.metadata.len(), 1);
    assert_eq!(info.metadata["path"], "/etc/cce/node.toml");

    // A tuple field under its index.
    let status = status_of(&Shown::Locked("c-1".into(), Duration::from_secs(1)));
    let info = status.get_details_error_info().unwrap();
    assert_eq!(info.metadata.len(), 1);
    assert_eq!(info.metadata["0"], "c-1");
}

#[derive(Debug, CceError)]
#[cce(domain = "addons.example.com")]
enum Addon {
    #[cce(code = "CCE.03404001", detail = "add-on {0} is not installed")]
    Missing(String),
}

#[derive(Debug, CceError)]
enum Service {
    #[cce(transparent)]
    Addon(Addon),
    #[cce(code = "CCE.01404001")]
    NotFound,
}

#[derive(Debug, CceError)]
enum Huge {
    #[cce(code = "CCE.01400001", detail = "{a} {b} {c} {d} {e} {f} {g} {h}")]
    Fields {
        a: String,
        b: String,
        c: String,
        d: String,
        e: String,
        f: String,
        g: String,
        h: String,
    },
}

#[test]
fn a_status_stays_small_whatever_its_fields_hold() {
    let wide = "\u{754c}".repeat(5_000);
    let error = Huge::Fields {
        a: wide.clone(),
        b: wide.clone(),
        c: wide.clone(),
        d: wide.clone(),
        e: wide.clone(),
        f: wide.clone(),
        g: wide.clone(),
        h: wide,
    };
    let status = status_of(&error);
    let mut headers = HeaderMap::new();
    status.add_header(&mut headers).unwrap();
    let size: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    // grpcio rejects header blocks over 8 KiB at times, 16 KiB always.
    assert!(size < 8 * 1024, "{size} bytes of headers");
    let detail = error.detail().unwrap();
    let remote = decode(&status).unwrap();
    let sent = remote.detail().unwrap();
    assert!(sent.len() <= cce_errors::tonic::MAX_DETAIL_LEN);
    assert!(sent.ends_with('\u{2026}'));
    assert!(detail.starts_with(sent.trim_end_matches('\u{2026}')));
    let info = status.get_details_error_info().unwrap();
    let values: usize = info.metadata.values().map(String::len).sum();
    assert!(values <= cce_errors::tonic::MAX_METADATA_LEN);
    assert!(!info.metadata.is_empty());
    assert!(
        info.metadata
            .values()
            .all(|value| value.len() <= cce_errors::tonic::MAX_METADATA_VALUE_LEN)
    );
}

#[test]
fn domains_come_from_the_type_or_the_default() {
    // No domain declared: the default, for own and transparent variants.
    let info = status_of(&ClusterError::NotFound)
        .get_details_error_info()
        .unwrap();
    assert_eq!(info.domain, DEFAULT_DOMAIN);
    assert_eq!(DEFAULT_DOMAIN, "cce-errors");
    let addon = ClusterError::Addon(cce_errors_tests::AddonError::MissingAccessKey {
        addon: "everest".into(),
    });
    let info = status_of(&addon).get_details_error_info().unwrap();
    assert_eq!(info.domain, DEFAULT_DOMAIN);
    // A transparent variant's metadata is its inner error's.
    assert_eq!(info.metadata["addon"], "everest");

    let info = status_of(&Service::Addon(Addon::Missing("everest".into())))
        .get_details_error_info()
        .unwrap();
    assert_eq!(info.domain, "addons.example.com");
    assert_eq!(info.metadata["0"], "everest");
    let info = status_of(&Service::NotFound)
        .get_details_error_info()
        .unwrap();
    assert_eq!(info.domain, DEFAULT_DOMAIN);
}

// ---------------------------------------------------------------------
// The client side

/// Every error the example services can send, HTTP or gRPC.
fn api_errors() -> Vec<ApiError> {
    vec![
        ApiError::Unauthorized,
        ApiError::ClusterNotFound {
            project_id: "p1".into(),
            cluster_id: "c-1".into(),
        },
        ApiError::InvalidBody("name is required".into()),
        ApiError::ContentType,
        ApiError::DuplicateName {
            project_id: "p1".into(),
            name: "demo".into(),
        },
        ApiError::StillCreating {
            cluster_id: "c-1".into(),
            retry_after: Duration::from_millis(9_400),
        },
    ]
}

/// What the HTTP client side makes of `error`'s response, with a request id.
fn over_http(error: &impl CceError) -> RemoteError {
    let response = cce_errors::response::http_response(error);
    let mut headers = response.headers().clone();
    headers.insert("x-request-id", HeaderValue::from_static("req-42"));
    cce_errors::decode::decode(response.status(), &headers, response.body()).unwrap()
}

/// What the gRPC client side makes of `error`'s status, with a request id.
fn over_grpc(error: &impl CceError) -> RemoteError {
    let mut status = status_of(error);
    status
        .metadata_mut()
        .insert("x-request-id", MetadataValue::from_static("req-42"));
    decode(&status).unwrap()
}

#[test]
fn both_wires_decode_to_the_same_remote_error() {
    for error in api_errors() {
        let (http, grpc) = (over_http(&error), over_grpc(&error));
        assert_eq!(http, grpc, "{error:?}");
        assert_eq!(grpc.code(), error.code());
        assert_eq!(grpc.status(), error.status());
        assert_eq!(grpc.detail(), error.detail().as_deref());
        assert_eq!(grpc.request_id(), Some("req-42"));
    }
    let locked = over_grpc(&api_errors()[5]);
    assert_eq!(locked.retry_after(), Some(Duration::from_secs(10)));
    for error in [
        ClusterError::NotFound,
        ClusterError::Storage(std::io::Error::other("disk")),
        ClusterError::Quota("3 nodes"),
    ] {
        assert_eq!(over_http(&error), over_grpc(&error), "{error:?}");
    }
}

#[test]
fn every_code_comes_back_typed() {
    for row in ErrorCode::all() {
        let error = every_code(row);
        let remote = decode(&Status::from(error)).unwrap();
        assert_eq!(remote.typed::<EveryCode>(), Some(error));
        assert_eq!(remote.error_code(), Some(row));
        assert_eq!(remote.message(), row.message());
    }
    // Through a transparent variant, and not for a variant with fields.
    let remote = decode(&status_of(&ClusterError::Addon(
        cce_errors_tests::AddonError::AlreadyInstalled,
    )))
    .unwrap();
    assert!(matches!(
        remote.typed::<ClusterError>(),
        Some(ClusterError::Addon(
            cce_errors_tests::AddonError::AlreadyInstalled
        ))
    ));
    let remote = decode(&status_of(&ClusterError::Quota("q"))).unwrap();
    assert!(remote.typed::<ClusterError>().is_none());
    assert_eq!(remote.code(), "CCE.01400008");
}

#[test]
fn statuses_without_error_info_are_no_remote_errors() {
    let plain = Status::not_found("no such cluster");
    assert!(decode(&plain).is_none());
    let back = RemoteError::try_from(plain).unwrap_err();
    assert_eq!(back.message(), "no such cluster");
    assert!(decode(&Status::ok("")).is_none());
    let empty_reason = Status::with_error_details(
        Code::NotFound,
        "x",
        ErrorDetails::with_error_info("", "d", std::collections::HashMap::new()),
    );
    assert!(decode(&empty_reason).is_none());
    let cce = RemoteError::try_from(status_of(&ClusterError::NotFound)).unwrap();
    assert_eq!(cce.code(), "CCE.01404001");
}

#[test]
fn a_foreign_status_with_error_info_keeps_its_text() {
    // A gateway's reason outside the table, no LocalizedMessage: the
    // status message is the message.
    let status = Status::with_error_details(
        Code::ResourceExhausted,
        "API gateway throttled the request",
        ErrorDetails::with_error_info(
            "APIGW.0308",
            "apig.example.com",
            std::collections::HashMap::new(),
        ),
    );
    let remote = decode(&status).unwrap();
    assert_eq!(remote.code(), "APIGW.0308");
    assert_eq!(remote.message(), "API gateway throttled the request");
    assert_eq!(remote.detail(), None);
    assert_eq!(remote.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(remote.error_code().is_none());

    // A table code without LocalizedMessage: the table's message, and the
    // status message as the detail.
    let status = Status::with_error_details(
        Code::NotFound,
        "cluster c-1 is gone",
        ErrorDetails::with_error_info(
            "CCE.01404001",
            "other.example.com",
            std::collections::HashMap::new(),
        ),
    );
    let remote = decode(&status).unwrap();
    assert_eq!(remote.message(), "Resource not found.");
    assert_eq!(remote.detail(), Some("cluster c-1 is gone"));

    // LocalizedMessage in another locale only: used.
    let mut details =
        ErrorDetails::with_error_info("CCE.01404001", "d", std::collections::HashMap::new());
    details.set_localized_message("de-DE", "Ressource nicht gefunden.");
    let status = Status::with_error_details(
        Code::NotFound,
        "Ressource nicht gefunden. [CCE.01404001]: weg",
        details,
    );
    let remote = decode(&status).unwrap();
    assert_eq!(remote.message(), "Ressource nicht gefunden.");
    assert_eq!(remote.detail(), Some("weg"));

    // A long request id is cut as the HTTP decoder cuts it.
    let mut status = status_of(&ClusterError::NotFound);
    let long = "r".repeat(1000);
    status
        .metadata_mut()
        .insert("x-request-id", long.parse().unwrap());
    assert_eq!(decode(&status).unwrap().request_id().unwrap().len(), 256);
}

#[test]
fn decoding_never_panics() {
    use proptest::prelude::*;
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 2_000,
        ..proptest::test_runner::Config::default()
    });
    let cce = status_of(&Shown::Subnet {
        subnet_id: "s".into(),
        vpc_id: "v".into(),
    });
    let real = cce.details().to_vec();
    runner
        .run(
            &(
                0..17i32,
                ".{0,40}",
                proptest::collection::vec(any::<u8>(), 0..200),
                0..real.len(),
                any::<u8>(),
            ),
            |(code, message, bytes, at, byte)| {
                let _ = decode(&Status::with_details(
                    Code::from_i32(code),
                    message.clone(),
                    Bytes::from(bytes),
                ));
                // A real details message with one byte changed or cut.
                let mut flipped = real.clone();
                flipped[at] = byte;
                let _ = decode(&Status::with_details(
                    Code::from_i32(code),
                    message.clone(),
                    Bytes::from(flipped),
                ));
                let _ = decode(&Status::with_details(
                    Code::from_i32(code),
                    message,
                    Bytes::from(real[..at].to_vec()),
                ));
                Ok(())
            },
        )
        .unwrap();
}

// ---------------------------------------------------------------------
// The example service, end to end

async fn start_example(store: Store) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(grpc_service::serve(listener, store));
    format!("http://{address}")
}

async fn client(address: &str) -> ClustersClient<tonic::transport::Channel> {
    let channel = tonic::transport::Endpoint::from_shared(address.to_owned())
        .unwrap()
        .connect()
        .await
        .unwrap();
    ClustersClient::new(channel)
}

fn authed<T>(message: T) -> Request<T> {
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert("x-auth-token", MetadataValue::from_static("t"));
    request
}

fn with_id<T>(mut request: Request<T>, id: &'static str) -> Request<T> {
    request
        .metadata_mut()
        .insert("x-request-id", MetadataValue::from_static(id));
    request
}

#[track_caller]
fn assert_uuid(id: Option<&str>) {
    let id = id.expect("a request id");
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(id.matches('-').count(), 4, "{id}");
}

fn create_request(name: &str) -> pb::CreateClusterRequest {
    pb::CreateClusterRequest {
        project_id: "p1".into(),
        name: name.into(),
        flavor: "cce.s1.small".into(),
        vpc: "vpc-01".into(),
        subnet: "subnet-7f3a".into(),
    }
}

#[tokio::test]
async fn a_tonic_client_reads_every_error_of_the_example_typed() {
    let address = start_example(Store::new(Duration::from_secs(10))).await;
    let mut clusters = client(&address).await;

    // Unauthorized: a variant without fields comes back typed.
    let status = clusters
        .get_cluster(Request::new(pb::GetClusterRequest {
            project_id: "p1".into(),
            cluster_id: "c-1".into(),
        }))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    let remote = decode(&status).unwrap();
    assert!(matches!(
        remote.typed::<ApiError>(),
        Some(ApiError::Unauthorized)
    ));
    assert_eq!(
        remote.detail(),
        Some("the request has neither an Authorization nor an X-Auth-Token header")
    );
    assert_uuid(remote.request_id());
    assert_eq!(
        status.get_details_error_info().unwrap().domain,
        "cce.example.com"
    );

    // Not found, with the client's request id echoed.
    let status = clusters
        .get_cluster(with_id(
            authed(pb::GetClusterRequest {
                project_id: "p1".into(),
                cluster_id: "unknown".into(),
            }),
            "req-42",
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let remote = decode(&status).unwrap();
    assert_eq!(
        remote,
        over_http_with_id(
            &ApiError::ClusterNotFound {
                project_id: "p1".into(),
                cluster_id: "unknown".into()
            },
            "req-42"
        )
    );
    // A variant with fields has no typed value back, as with from_body.
    assert!(remote.typed::<ApiError>().is_none());
    let info = status.get_details_error_info().unwrap();
    assert_eq!(info.metadata["cluster_id"], "unknown");
    assert_eq!(info.metadata["project_id"], "p1");

    // Invalid request.
    let mut nameless = create_request("");
    nameless.name.clear();
    let status = clusters.create_cluster(authed(nameless)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let remote = decode(&status).unwrap();
    assert_eq!(remote.code(), "CCE.01400001");
    assert_eq!(remote.detail(), Some("name is required"));
    let status = clusters
        .create_cluster(authed(create_request("Demo")))
        .await
        .unwrap_err();
    assert_eq!(decode(&status).unwrap().code(), "CCE.01400001");
}

#[tokio::test]
async fn a_tonic_client_reads_the_errors_about_a_cluster() {
    let address = start_example(Store::new(Duration::from_secs(10))).await;
    let mut clusters = client(&address).await;

    // Created, then a duplicate, then a delete too early.
    let response = clusters
        .create_cluster(authed(create_request("demo")))
        .await
        .unwrap();
    assert_uuid(
        response
            .metadata()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
    );
    let created = response.into_inner();
    assert_eq!(created.phase, "Creating");
    let got = clusters
        .get_cluster(authed(pb::GetClusterRequest {
            project_id: "p1".into(),
            cluster_id: created.uid.clone(),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.name, "demo");

    let status = clusters
        .create_cluster(authed(create_request("demo")))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::AlreadyExists);
    let remote = decode(&status).unwrap();
    assert_eq!(remote.code(), "CCE.01409001");
    assert_eq!(remote.status(), StatusCode::CONFLICT);
    assert_eq!(
        remote.detail(),
        Some("project p1 already has a cluster named demo")
    );

    let status = clusters
        .delete_cluster(authed(pb::DeleteClusterRequest {
            project_id: "p1".into(),
            cluster_id: created.uid.clone(),
        }))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    let remote = decode(&status).unwrap();
    assert_eq!(remote.code(), "CCE.01429002");
    assert_eq!(remote.retry_after(), Some(Duration::from_secs(10)));
    assert_eq!(
        status.get_details_retry_info().unwrap().retry_delay,
        Some(Duration::from_secs(10))
    );
}

#[tokio::test]
async fn an_unknown_method_gets_the_fallback_code() {
    let address = start_example(Store::default()).await;

    // A method the service does not have: tonic's UNIMPLEMENTED, with the
    // fallback code and the service's domain.
    let channel = tonic::transport::Endpoint::from_shared(address.clone())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let status = grpc
        .unary(
            authed(pb::GetClusterRequest::default()),
            http::uri::PathAndQuery::from_static("/cce.cluster.v1.Clusters/ListClusters"),
            tonic_prost::ProstCodec::<pb::GetClusterRequest, pb::Cluster>::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
    assert_eq!(status.message(), "Internal error. [CCE.01500001]");
    let info = status.get_details_error_info().unwrap();
    assert_eq!(
        (info.reason.as_str(), info.domain.as_str()),
        ("CCE.01500001", "cce.example.com")
    );
    assert_eq!(
        decode(&status).unwrap().status(),
        StatusCode::NOT_IMPLEMENTED
    );
}

fn over_http_with_id(error: &impl CceError, id: &'static str) -> RemoteError {
    let response = cce_errors::response::http_response(error);
    let mut headers = response.headers().clone();
    headers.insert("x-request-id", HeaderValue::from_static(id));
    cce_errors::decode::decode(response.status(), &headers, response.body()).unwrap()
}

#[tokio::test]
async fn request_ids_are_the_clients_when_sane_else_new() {
    let address = start_example(Store::default()).await;
    let mut clusters = client(&address).await;
    let get = || {
        authed(pb::GetClusterRequest {
            project_id: "p1".into(),
            cluster_id: "c-1".into(),
        })
    };
    let id_of = |status: &Status| {
        status
            .metadata()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_owned())
    };

    let status = clusters.get_cluster(get()).await.unwrap_err();
    assert_uuid(id_of(&status).as_deref());
    let other = clusters.get_cluster(get()).await.unwrap_err();
    assert_ne!(id_of(&status), id_of(&other), "a new id per request");

    let status = clusters
        .get_cluster(with_id(get(), "req-42"))
        .await
        .unwrap_err();
    assert_eq!(id_of(&status).as_deref(), Some("req-42"));

    let long: &'static str = Box::leak("r".repeat(129).into_boxed_str());
    let status = clusters
        .get_cluster(with_id(get(), long))
        .await
        .unwrap_err();
    assert_uuid(id_of(&status).as_deref());

    let mut twice = with_id(get(), "req-1");
    twice
        .metadata_mut()
        .append("x-request-id", MetadataValue::from_static("req-2"));
    let status = clusters.get_cluster(twice).await.unwrap_err();
    assert_uuid(id_of(&status).as_deref());
}

/// A handler that answers with the request id it sees; and two that set a
/// request id of their own, on a response and on a status.
struct Echo;

#[tonic::async_trait]
impl Clusters for Echo {
    async fn create_cluster(
        &self,
        _: Request<pb::CreateClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        let mut response = Response::new(pb::Cluster::default());
        response
            .metadata_mut()
            .insert("x-request-id", MetadataValue::from_static("handler-made"));
        Ok(response)
    }

    async fn get_cluster(
        &self,
        request: Request<pb::GetClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        let ids: Vec<String> = request
            .metadata()
            .get_all("x-request-id")
            .iter()
            .map(|id| id.to_str().unwrap().to_owned())
            .collect();
        Ok(Response::new(pb::Cluster {
            uid: ids.join(","),
            ..pb::Cluster::default()
        }))
    }

    async fn delete_cluster(
        &self,
        _: Request<pb::DeleteClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        let mut status = Status::with_error_details(
            Code::NotFound,
            "Resource not found.",
            ErrorDetails::with_error_info(
                "CCE.01404001",
                "handlers.example.com",
                std::collections::HashMap::new(),
            ),
        );
        status
            .metadata_mut()
            .insert("x-request-id", MetadataValue::from_static("handler-made"));
        Err(status)
    }
}

#[tokio::test]
async fn handlers_see_the_request_id_the_client_gets() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(CceGrpcLayer::new())
            .add_service(ClustersServer::new(Echo))
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    let mut clusters = client(&format!("http://{address}")).await;
    for sent in [None, Some("req-42"), Some("bad id")] {
        let mut request = Request::new(pb::GetClusterRequest::default());
        if let Some(id) = sent {
            request
                .metadata_mut()
                .insert("x-request-id", MetadataValue::from_static(id));
        }
        let response = clusters.get_cluster(request).await.unwrap();
        let returned = response
            .metadata()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let seen = response.into_inner().uid;
        assert_eq!(seen, returned, "{sent:?}");
        match sent {
            Some("req-42") => assert_eq!(seen, "req-42"),
            _ => assert_uuid(Some(&seen)),
        }
    }
    // A request id a handler sets is replaced by the request's: the
    // metadata, the span and the logs name the same one.
    let ids = |metadata: &tonic::metadata::MetadataMap| -> Vec<String> {
        metadata
            .get_all("x-request-id")
            .iter()
            .map(|id| id.to_str().unwrap().to_owned())
            .collect()
    };
    let request = with_id(Request::new(pb::CreateClusterRequest::default()), "req-42");
    let response = clusters.create_cluster(request).await.unwrap();
    assert_eq!(ids(response.metadata()), ["req-42"]);
    let request = with_id(Request::new(pb::DeleteClusterRequest::default()), "req-42");
    let status = clusters.delete_cluster(request).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(ids(status.metadata()), ["req-42"]);
}

// ---------------------------------------------------------------------
// The layer with other handlers

const MARKER: &str = "GRPC-LAYER-MARKER-77d1";

/// Handlers that fail in every way a handler can.
struct Misbehaving;

#[tonic::async_trait]
impl Clusters for Misbehaving {
    /// A plain status with internal text and custom metadata.
    async fn create_cluster(
        &self,
        _: Request<pb::CreateClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        let mut status = Status::internal(format!("database said: {MARKER}"));
        status
            .metadata_mut()
            .insert("x-handler", MetadataValue::from_static("kept"));
        Err(status)
    }

    /// A panic.
    async fn get_cluster(
        &self,
        request: Request<pb::GetClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        assert!(
            request.get_ref().cluster_id != "panic",
            "handler state: {MARKER}"
        );
        Err(Status::not_found(format!("no {MARKER}")))
    }

    /// A handler's own status with an `ErrorInfo`: passed as it is.
    async fn delete_cluster(
        &self,
        _: Request<pb::DeleteClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        Err(Status::with_error_details(
            Code::FailedPrecondition,
            "cluster is hibernating",
            ErrorDetails::with_error_info(
                "CCE.01400001",
                "handlers.example.com",
                std::collections::HashMap::new(),
            ),
        ))
    }
}

async fn start_misbehaving(layer: CceGrpcLayer) -> ClustersClient<tonic::transport::Channel> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(layer)
            .add_service(ClustersServer::new(Misbehaving))
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    client(&format!("http://{address}")).await
}

#[tokio::test]
async fn a_panic_becomes_internal_without_its_message() {
    let mut clusters = start_misbehaving(CceGrpcLayer::new()).await;
    for _ in 0..2 {
        let status = clusters
            .get_cluster(Request::new(pb::GetClusterRequest {
                project_id: "p1".into(),
                cluster_id: "panic".into(),
            }))
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::Internal);
        assert_eq!(status.message(), "Internal error. [CCE.01500001]");
        let info = status.get_details_error_info().unwrap();
        assert_eq!(
            (info.reason.as_str(), info.domain.as_str()),
            ("CCE.01500001", DEFAULT_DOMAIN)
        );
        assert!(!format!("{status:?}").contains(MARKER));
        assert_uuid(
            status
                .metadata()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok()),
        );
    }
}

#[tokio::test]
async fn statuses_without_error_info_get_the_fallback_and_others_pass() {
    let mut clusters = start_misbehaving(CceGrpcLayer::new().with_domain("cce.example.com")).await;

    let status = clusters
        .create_cluster(create_request("demo"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), "Internal error. [CCE.01500001]");
    assert_eq!(status.metadata().get("x-handler").unwrap(), "kept");
    assert_eq!(
        status.metadata().get("x-cce-error-code").unwrap(),
        "CCE.01500001"
    );
    assert_eq!(
        status.get_details_error_info().unwrap().domain,
        "cce.example.com"
    );
    assert!(!format!("{status:?}").contains(MARKER));

    // The gRPC code stays; the fallback body is the one of its HTTP status.
    let status = clusters
        .get_cluster(Request::new(pb::GetClusterRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(
        status.message(),
        "Resource not found. [CCE.01404001]: No resource or route matches the request."
    );
    let remote = decode(&status).unwrap();
    assert_eq!(
        remote.detail(),
        Some("No resource or route matches the request.")
    );

    // A handler's own ErrorInfo passes, message and all.
    let status = clusters
        .delete_cluster(pb::DeleteClusterRequest::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(status.message(), "cluster is hibernating");
    assert_eq!(
        status.get_details_error_info().unwrap().domain,
        "handlers.example.com"
    );
    assert_uuid(
        status
            .metadata()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
    );
}

#[tokio::test]
async fn a_custom_fallback_mapping_answers_first() {
    let layer = CceGrpcLayer::new().with_fallback(|status: StatusCode| match status.as_u16() {
        404 => Some(
            ErrorBody::new("CCE.02404001", "Resource not found.").with_detail("no such cluster"),
        ),
        _ => None,
    });
    let mut clusters = start_misbehaving(layer).await;
    let status = clusters
        .get_cluster(Request::new(pb::GetClusterRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(
        status.message(),
        "Resource not found. [CCE.02404001]: no such cluster"
    );
    // Where the mapping says nothing, the documented one.
    let status = clusters
        .create_cluster(create_request("demo"))
        .await
        .unwrap_err();
    assert_eq!(
        status.get_details_error_info().unwrap().reason,
        "CCE.01500001"
    );
}

// ---------------------------------------------------------------------
// The layer around services that are not tonic's

type TestBody = Frames;

/// A response body: these frames, then a panic or an error if asked.
struct Frames {
    frames: Vec<Frame<Bytes>>,
    then: Then,
}

#[derive(Clone, Copy)]
enum Then {
    End,
    Panic,
    Fail,
}

impl http_body::Body for Frames {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if !self.frames.is_empty() {
            return Poll::Ready(Some(Ok(self.frames.remove(0))));
        }
        match self.then {
            Then::End => Poll::Ready(None),
            Then::Panic => panic!("stream state: {MARKER}"),
            Then::Fail => Poll::Ready(Some(Err(std::io::Error::other(format!(
                "socket: {MARKER}"
            ))))),
        }
    }
}

fn grpc_request() -> http::Request<tonic::body::Body> {
    http::Request::builder()
        .method("POST")
        .uri("/cce.cluster.v1.Clusters/GetCluster")
        .header("content-type", "application/grpc")
        .body(tonic::body::Body::empty())
        .unwrap()
}

async fn through_layer(
    respond: impl Fn() -> Result<http::Response<TestBody>, std::io::Error> + Clone + Send + 'static,
) -> (http::response::Parts, Vec<Frame<Bytes>>) {
    let inner = tower::service_fn(move |_: http::Request<tonic::body::Body>| {
        let respond = respond.clone();
        async move { respond() }
    });
    let service = CceGrpcLayer::new().layer(inner);
    let response = service.oneshot(grpc_request()).await.unwrap();
    let (parts, mut body) = response.into_parts();
    let mut frames = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        frames.push(frame.unwrap());
    }
    (parts, frames)
}

fn status_in(headers: &HeaderMap) -> Status {
    let mut headers = headers.clone();
    // tonic reads the status of trailers or of a trailers-only head.
    headers.remove("content-type");
    Status::from_header_map(&headers).expect("a grpc-status")
}

#[track_caller]
fn assert_clean(headers: &HeaderMap) {
    let text = format!("{headers:?}");
    assert!(!text.contains(MARKER), "{text}");
    let status = status_in(headers);
    assert!(!status.message().contains(MARKER));
    assert!(!String::from_utf8_lossy(status.details()).contains(MARKER));
}

#[tokio::test]
async fn streamed_statuses_failures_and_panics_end_as_cce_trailers() {
    // A response streaming a message, then trailers with an internal text.
    let (parts, frames) = through_layer(|| {
        let mut trailers = HeaderMap::new();
        trailers.insert("grpc-status", HeaderValue::from_static("13"));
        trailers.insert(
            "grpc-message",
            HeaderValue::from_str(&format!("db {MARKER}")).unwrap(),
        );
        Ok(http::Response::new(Frames {
            frames: vec![
                Frame::data(Bytes::from_static(b"\0\0\0\0\0")),
                Frame::trailers(trailers),
            ],
            then: Then::End,
        }))
    })
    .await;
    assert_uuid(
        parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
    );
    assert_eq!(frames.len(), 2);
    let trailers = frames[1].trailers_ref().unwrap();
    assert_clean(trailers);
    let status = status_in(trailers);
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(
        status.get_details_error_info().unwrap().reason,
        "CCE.01500001"
    );
    assert_eq!(
        trailers.get("x-request-id"),
        parts.headers.get("x-request-id")
    );

    // OK trailers pass as they are.
    let (_, frames) = through_layer(|| {
        let mut trailers = HeaderMap::new();
        trailers.insert("grpc-status", HeaderValue::from_static("0"));
        Ok(http::Response::new(Frames {
            frames: vec![Frame::trailers(trailers)],
            then: Then::End,
        }))
    })
    .await;
    let trailers = frames[0].trailers_ref().unwrap();
    assert_eq!(trailers.len(), 1, "{trailers:?}");

    // A body that panics, or fails, while it streams.
    for then in [Then::Panic, Then::Fail] {
        let (_, frames) = through_layer(move || {
            Ok(http::Response::new(Frames {
                frames: vec![Frame::data(Bytes::from_static(b"\0\0\0\0\0"))],
                then,
            }))
        })
        .await;
        assert_eq!(frames.len(), 2);
        let trailers = frames[1].trailers_ref().unwrap();
        assert_clean(trailers);
        let status = status_in(trailers);
        assert!(
            matches!(status.code(), Code::Internal | Code::Unknown),
            "{status:?}"
        );
        assert_eq!(
            status.get_details_error_info().unwrap().reason,
            "CCE.01500001"
        );
        assert!(trailers.contains_key("x-request-id"));
    }
}

#[tokio::test]
async fn service_errors_and_http_errors_become_cce_statuses() {
    // The service fails instead of answering (a tower timeout would).
    let (parts, frames) =
        through_layer(|| Err(std::io::Error::other(format!("pool: {MARKER}")))).await;
    assert!(frames.is_empty());
    assert_clean(&parts.headers);
    let status = status_in(&parts.headers);
    assert_eq!(
        status.get_details_error_info().unwrap().reason,
        "CCE.01500001"
    );
    assert_eq!(parts.headers["content-type"], "application/grpc");

    // An HTTP error from a layer inside, without grpc-status.
    let (parts, frames) = through_layer(|| {
        let mut response = http::Response::new(Frames {
            frames: vec![Frame::data(Bytes::from(format!("too large: {MARKER}")))],
            then: Then::End,
        });
        *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        response
            .headers_mut()
            .insert("x-inner", HeaderValue::from_static("kept"));
        Ok(response)
    })
    .await;
    assert_eq!(parts.status, StatusCode::OK);
    assert!(frames.is_empty());
    assert_clean(&parts.headers);
    let status = status_in(&parts.headers);
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        status.message(),
        "Invalid request. [CCE.01400001]: The request body is too large."
    );
    assert_eq!(parts.headers["x-inner"], "kept");

    // A panic while the service is called, before any future.
    let inner = tower::service_fn(|_: http::Request<tonic::body::Body>| -> std::future::Ready<Result<http::Response<TestBody>, std::io::Error>> {
        panic!("call state: {MARKER}")
    });
    let response = CceGrpcLayer::new()
        .layer(inner)
        .oneshot(grpc_request())
        .await
        .unwrap();
    assert_clean(response.headers());
    assert_eq!(status_in(response.headers()).code(), Code::Internal);

    // A success passes untouched, with a request id.
    let (parts, frames) = through_layer(|| {
        let mut response = http::Response::new(Frames {
            frames: vec![Frame::data(Bytes::from_static(b"\0\0\0\0\x02\x0a\x00"))],
            then: Then::End,
        });
        response
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("application/grpc"));
        Ok(response)
    })
    .await;
    assert_eq!(parts.status, StatusCode::OK);
    assert_eq!(
        frames[0].data_ref().unwrap().as_ref(),
        b"\0\0\0\0\x02\x0a\x00"
    );
    assert!(parts.headers.contains_key("x-request-id"));
    assert!(!parts.headers.contains_key("grpc-status"));
}

/// The layer keeps a service's `poll_ready` and clones.
#[tokio::test]
async fn the_layer_is_a_plain_tower_layer() {
    let mut service = CceGrpcLayer::new().layer(tower::service_fn(
        |_: http::Request<tonic::body::Body>| async {
            Ok::<_, std::io::Error>(http::Response::new(Frames {
                frames: Vec::new(),
                then: Then::End,
            }))
        },
    ));
    poll_fn(|cx| service.poll_ready(cx)).await.unwrap();
    let mut cloned = service.clone();
    poll_fn(|cx| cloned.poll_ready(cx)).await.unwrap();
    let mut body = cloned.call(grpc_request()).await.unwrap().into_body();
    assert!(
        poll_fn(|cx| Pin::new(&mut body).poll_frame(cx))
            .await
            .is_none()
    );
}

#[tokio::test]
async fn a_cce_status_as_a_services_error_and_grpc_web_responses_pass_as_they_are() {
    // The service fails with a CCE status (as a layer inside that answers
    // with a derived error does): it is sent as it is, with the request id.
    let inner = tower::service_fn(|_: http::Request<tonic::body::Body>| async {
        Err::<http::Response<TestBody>, _>(Status::with_error_details(
            Code::NotFound,
            "Resource not found.",
            ErrorDetails::with_error_info(
                "CCE.01404001",
                "inner.example.com",
                std::collections::HashMap::new(),
            ),
        ))
    });
    let response = CceGrpcLayer::new()
        .layer(inner)
        .oneshot(grpc_request())
        .await
        .unwrap();
    let status = status_in(response.headers());
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "Resource not found.");
    let info = status.get_details_error_info().unwrap();
    assert_eq!(
        (info.reason.as_str(), info.domain.as_str()),
        ("CCE.01404001", "inner.example.com")
    );
    assert!(response.headers().contains_key("x-request-id"));

    // A gRPC-Web response (a GrpcWebLayer inside, against the advice)
    // passes as it is: its status is in its body.
    let web_body = b"\x80\0\0\0\x0fgrpc-status:13\r\n";
    let (parts, frames) = through_layer(move || {
        let mut response = http::Response::new(Frames {
            frames: vec![Frame::data(Bytes::from_static(web_body))],
            then: Then::End,
        });
        response.headers_mut().insert(
            "content-type",
            HeaderValue::from_static("application/grpc-web+proto"),
        );
        Ok(response)
    })
    .await;
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].data_ref().unwrap().as_ref(), web_body);
    assert!(!parts.headers.contains_key("grpc-status"));
}
