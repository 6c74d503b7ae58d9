//! What the middleware-stack tests (`stack.rs` for axum, `actix_stack.rs`
//! for actix-web) share: two clients (one decoding every content encoding,
//! one keeping bodies as sent), the checks every stack passes against the
//! routes of `cce_errors_tests::stack`, and a client that sends its whole
//! upload before reading, as Python's `urllib` does.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use cce_errors_tests::stack::{
    DETAIL, HANDLER_HEADER, LOCKED_AFTER, MARKER, handler_body, ok_body,
};
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, HeaderMap};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Clients

/// A client that decodes every content encoding, as browsers and SDKs do.
pub(crate) fn decoding() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client")
}

/// A client that keeps bodies as sent, to compare them with `Content-Length`.
pub(crate) fn raw() -> reqwest::Client {
    super::client()
}

/// A response as one client saw it.
#[derive(Debug)]
pub(crate) struct Seen {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Seen {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {:?} {:?}",
                self.status,
                self.headers,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub(crate) fn ids(&self) -> usize {
        self.headers.get_all("x-request-id").iter().count()
    }

    pub(crate) fn says(&self, text: &str) -> bool {
        String::from_utf8_lossy(&self.body).contains(text)
            || self
                .headers
                .values()
                .any(|v| String::from_utf8_lossy(v.as_bytes()).contains(text))
    }
}

pub(crate) async fn get(client: &reqwest::Client, url: &str, encoding: Option<&str>) -> Seen {
    let mut request = client
        .get(url)
        .header("origin", "https://console.example.com");
    if let Some(encoding) = encoding {
        request = request.header(ACCEPT_ENCODING, encoding);
    }
    let response = request.send().await.expect("an answer");
    Seen {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.expect("a body").to_vec(),
    }
}

/// What both clients saw of one request.
pub(crate) struct Exchange {
    pub(crate) decoded: Seen,
    pub(crate) raw: Seen,
}

pub(crate) async fn exchange(base: &str, path: &str, encoding: Option<&str>) -> Exchange {
    let url = format!("{base}{path}");
    Exchange {
        decoded: get(&decoding(), &url, encoding).await,
        raw: get(&raw(), &url, encoding).await,
    }
}

pub(crate) fn cce(code: &str, message: &str, detail: Option<&str>) -> Value {
    super::cce_body(code, message, detail)
}

// ---------------------------------------------------------------------------
// The properties every stack keeps

/// An error response as the handler made it: status, body, headers, one
/// request id, `X-Cce-Error-Code`, and a body as long as it says.
#[track_caller]
pub(crate) fn assert_kept(exchange: &Exchange, status: u16, body: &Value, stack: &str) {
    let Exchange { decoded, raw } = exchange;
    assert_eq!(decoded.status, status, "{stack}: {decoded:?}");
    assert_eq!(&decoded.json(), body, "{stack}");
    assert_eq!(
        decoded.header("x-cce-error-code"),
        body["errorCode"].as_str(),
        "{stack}"
    );
    // Clients that dispatch on the content type (openstacksdk reads JSON
    // only when labelled so; the Java SDK fails without one) need it.
    assert_eq!(
        decoded
            .header("content-type")
            .map(|t| t.split(';').next().unwrap_or_default()),
        Some("application/json"),
        "{stack}"
    );
    assert_one_id_and_length(raw, stack);
}

/// Exactly one request id, and a `Content-Length`, when there is one, equal
/// to the body's length as sent.
#[track_caller]
pub(crate) fn assert_one_id_and_length(raw: &Seen, stack: &str) {
    assert_eq!(
        raw.ids(),
        1,
        "{stack}: one x-request-id in {:?}",
        raw.headers
    );
    if let Some(length) = raw.header(CONTENT_LENGTH.as_str()) {
        assert_eq!(
            length.parse::<usize>().ok(),
            Some(raw.body.len()),
            "{stack}: content-length"
        );
    }
}

/// Whether a CCE body a handler built itself (JSON, without the
/// `X-Cce-Error-Code` mark) reaches `CceLayer` readable, or encoded by a
/// compression layer inside it; then it cannot be told from any other
/// encoded body, and is replaced (the README says so).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum HandlerBodies {
    Readable,
    Encoded,
}

/// The checks every stack passes, whatever its layer and order.
pub(crate) async fn assert_common(base: &str, plain: &str, stack: &str) {
    assert_common_with(base, plain, stack, HandlerBodies::Readable).await;
}

pub(crate) async fn assert_common_with(
    base: &str,
    plain: &str,
    stack: &str,
    handler_bodies: HandlerBodies,
) {
    // A derived error with a detail and a header of the handler's, for each
    // encoding a client may accept.
    for encoding in [
        None,
        Some("gzip"),
        Some("br"),
        Some("zstd"),
        Some("deflate"),
    ] {
        let detail = exchange(base, "/detail", encoding).await;
        let stack = format!("{stack} ({encoding:?})");
        assert_kept(
            &detail,
            400,
            &cce("CCE.01400002", "Subnet not found in the VPC.", Some(DETAIL)),
            &stack,
        );
        assert_eq!(
            detail.decoded.header(HANDLER_HEADER.0),
            Some(HANDLER_HEADER.1),
            "{stack}"
        );
    }
    // `Retry-After` stays.
    let locked = exchange(base, "/locked", Some("gzip")).await;
    assert_kept(
        &locked,
        429,
        &cce(
            "CCE.01429002",
            "Resource locked by other requests.",
            Some("cluster c-1 is being created"),
        ),
        stack,
    );
    assert_eq!(
        locked.decoded.header("retry-after"),
        Some(LOCKED_AFTER.to_string().as_str()),
        "{stack}"
    );
    // A source's text never leaves.
    let internal = exchange(base, "/internal", Some("gzip")).await;
    assert_kept(
        &internal,
        500,
        &cce("CCE.01500001", "Internal error.", None),
        stack,
    );
    assert!(!internal.raw.says(MARKER) && !internal.decoded.says(MARKER));
    // A CCE body a handler built itself, marked on its way out.
    let handler = exchange(base, "/handler-cce", Some("gzip")).await;
    let body = match handler_bodies {
        HandlerBodies::Readable => serde_json::to_value(handler_body()).unwrap(),
        HandlerBodies::Encoded => cce("CCE.01409001", "The resource already exists.", None),
    };
    assert_kept(&handler, 409, &body, stack);
    // A plain-text error is replaced, and its text never sent.
    let text = exchange(base, "/text-error", Some("gzip")).await;
    assert_kept(
        &text,
        500,
        &cce("CCE.01500001", "Internal error.", None),
        stack,
    );
    assert!(
        !text.raw.says(MARKER) && !text.decoded.says("hunter2"),
        "{stack}"
    );
    // The router's own 404.
    let nowhere = exchange(base, "/nowhere", Some("br")).await;
    assert_kept(
        &nowhere,
        404,
        &cce(
            "CCE.01404001",
            "Resource not found.",
            Some("No resource or route matches the request."),
        ),
        stack,
    );
    // A success is what the same stack without `CceLayer` sends, byte for
    // byte, encoding included; only the request id is added.
    for encoding in [None, Some("gzip"), Some("br")] {
        let ours = exchange(base, "/ok", encoding).await;
        let theirs = exchange(plain, "/ok", encoding).await;
        assert_eq!(ours.raw.status, 200, "{stack}");
        assert_eq!(ours.decoded.body, ok_body().as_bytes(), "{stack}");
        assert_eq!(ours.raw.body, theirs.raw.body, "{stack} ({encoding:?})");
        for name in [CONTENT_ENCODING.as_str(), "content-type", "vary"] {
            assert_eq!(
                ours.raw.header(name),
                theirs.raw.header(name),
                "{stack} ({encoding:?}): {name}"
            );
        }
        assert_one_id_and_length(&ours.raw, stack);
    }
}

/// The time from sending to having the response head, and the response.
pub(crate) async fn timed(url: String) -> (Duration, Seen) {
    let started = Instant::now();
    let response = tokio::time::timeout(Duration::from_secs(5), decoding().get(url).send())
        .await
        .expect("the head arrives within 5 s")
        .expect("an answer");
    let head = started.elapsed();
    let seen = Seen {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: tokio::time::timeout(Duration::from_secs(5), response.bytes())
            .await
            .expect("the body ends")
            .expect("a body")
            .to_vec(),
    };
    (head, seen)
}

pub(crate) fn address(base: &str) -> &str {
    base.trim_start_matches("http://")
}

/// Why [`send_then_read`] got no answer: the error, and how many body
/// bytes had been written by then.
#[derive(Debug)]
pub(crate) struct Failure {
    #[allow(dead_code, reason = "shown by Debug when a test fails")]
    error: std::io::Error,
    pub(crate) sent: usize,
}

/// Sends a request with a `length`-byte body over a plain socket, the whole
/// body before reading anything, as Python's `urllib` does (with
/// `Connection: close`, as it sends too); returns what was read after, or
/// what writing or reading met.
pub(crate) fn send_then_read(
    base: &str,
    path: &str,
    length: usize,
    extra: &str,
) -> Result<String, Failure> {
    let mut sent = 0;
    let failed = |error, sent| Failure { error, sent };
    let mut socket = TcpStream::connect(address(base)).map_err(|e| failed(e, 0))?;
    socket
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| failed(e, 0))?;
    write!(
        socket,
        "POST {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\n{extra}\r\n"
    )
    .map_err(|e| failed(e, 0))?;
    let chunk = vec![b'u'; 64 * 1024];
    while sent < length {
        let n = chunk.len().min(length - sent);
        socket.write_all(&chunk[..n]).map_err(|e| failed(e, sent))?;
        sent += n;
    }
    let mut answer = Vec::new();
    if let Err(error) = socket.read_to_end(&mut answer) {
        // A reset after the whole answer arrived still leaves the answer.
        if answer.is_empty() {
            return Err(failed(error, sent));
        }
    }
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// The resident memory of this process, in KiB.
pub(crate) fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// What a layer with compatibility keys sends for the stack's routes:
/// path, status, and the body with the documented keys (`error_code` and
/// `error_msg` must follow with the same values).
pub(crate) fn compatible_cases() -> Vec<(&'static str, u16, Value)> {
    vec![
        (
            "/detail",
            400,
            cce("CCE.01400002", "Subnet not found in the VPC.", Some(DETAIL)),
        ),
        (
            "/nowhere",
            404,
            cce(
                "CCE.01404001",
                "Resource not found.",
                Some("No resource or route matches the request."),
            ),
        ),
        (
            "/handler-cce",
            409,
            cce(
                "CCE.01409001",
                "The resource already exists.",
                Some("cluster demo already exists"),
            ),
        ),
        (
            "/internal",
            500,
            cce("CCE.01500001", "Internal error.", None),
        ),
    ]
}

/// `base` sends [`compatible_cases`] with both key sets.
pub(crate) async fn assert_compatible(base: &str) {
    for (path, status, documented) in compatible_cases() {
        let seen = exchange(base, path, Some("gzip")).await;
        let mut expected = documented.clone();
        expected["error_code"] = documented["errorCode"].clone();
        expected["error_msg"] = documented["errorMessage"].clone();
        assert_kept(&seen, status, &expected, path);
    }
}
