//! Helpers shared by the end-to-end tests (`actix.rs`, `axum.rs`,
//! `client.rs`): a loopback server and client, a response read whole, and
//! the bodies the example services speak. Each test file includes this
//! module with `mod support;` and uses the part it needs; the assertions
//! that differ between the frameworks stay in the test files.

pub(crate) mod stack;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

/// A client for the loopback servers of the tests, ignoring any proxy the
/// environment names. It asks for no content encoding, so that bodies and
/// their `Content-Length` arrive as sent (`stack::decoding` asks for all).
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .no_gzip()
        .no_brotli()
        .no_zstd()
        .no_deflate()
        .build()
        .expect("a client")
}

/// Serves `router` on an ephemeral loopback port, on the current runtime;
/// returns its base URL (`http://127.0.0.1:port`).
pub(crate) async fn serve_axum(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("a local address");
    tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("the server runs");
    });
    format!("http://{address}")
}

/// A response read whole.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Sends `request` and reads the whole response.
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("the body arrives").to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "the body is not JSON ({error}): status {} {:?}",
                self.status,
                self.text()
            )
        })
    }

    /// Whether `text` appears anywhere in what the client received: the
    /// body, a header name or a header value.
    pub(crate) fn contains(&self, text: &str) -> bool {
        let found = |bytes: &[u8]| {
            bytes
                .windows(text.len())
                .any(|window| window == text.as_bytes())
        };
        found(&self.body)
            || self
                .headers
                .iter()
                .any(|(name, value)| found(name.as_str().as_bytes()) || found(value.as_bytes()))
    }
}

/// The body of a CCE error: its code, its message and, if any, its detail.
pub(crate) fn cce_body(code: &str, message: &str, detail: Option<&str>) -> Value {
    let mut body = json!({"errorCode": code, "errorMessage": message});
    if let Some(detail) = detail {
        body["message"] = json!(detail);
    }
    body
}

/// The body of a request creating a cluster named `name` in the example
/// services.
pub(crate) fn create_body(name: &str) -> Value {
    json!({
        "kind": "Cluster",
        "apiVersion": "v3",
        "metadata": {"name": name},
        "spec": {
            "flavor": "cce.s1.small",
            "hostNetwork": {"vpc": "vpc-01", "subnet": "subnet-01"},
        },
    })
}
