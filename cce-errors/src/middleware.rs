//! What `CceLayer` (axum) and `CceMiddleware` (actix-web) decide, whatever
//! the framework: whether a response is a CCE response, what replaces it
//! when it is not, and what gets logged. Each decision is a pure function
//! of the response's status, some of its headers and at most a bounded
//! prefix of its body; the framework modules are thin adapters that read
//! those and apply the decision.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderValue, StatusCode};

use crate::ErrorBody;
use crate::body::{Keys, Seen, Wanted, append_compatible_keys};
use crate::response::{
    BodyKeys, DEFAULT_DRAIN_BYTES, DEFAULT_DRAIN_TIME, DEFAULT_INSPECT_BYTES, DEFAULT_INSPECT_WAIT,
    FallbackMapping, code_header, default_keys, fallback_body, mapped_body,
};

/// The settings of one `CceLayer` or `CceMiddleware`.
#[derive(Clone)]
pub(crate) struct Config {
    fallback: Option<Arc<dyn FallbackMapping>>,
    /// `None`: the process-wide default of the deprecated `set_body_keys`.
    keys: Option<BodyKeys>,
    pub(crate) openstack_request_id: bool,
    inspect_bytes: usize,
    inspect_wait: Duration,
    pub(crate) drain_bytes: u64,
    pub(crate) drain_time: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fallback: None,
            keys: None,
            openstack_request_id: false,
            inspect_bytes: DEFAULT_INSPECT_BYTES,
            inspect_wait: DEFAULT_INSPECT_WAIT,
            drain_bytes: DEFAULT_DRAIN_BYTES,
            drain_time: DEFAULT_DRAIN_TIME,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("custom_fallback", &self.fallback.is_some())
            .field("keys", &self.keys())
            .field("openstack_request_id", &self.openstack_request_id)
            .field("inspect_bytes", &self.inspect_bytes)
            .field("inspect_wait", &self.inspect_wait)
            .field("drain_bytes", &self.drain_bytes)
            .field("drain_time", &self.drain_time)
            .finish()
    }
}

/// The builder methods of `CceLayer` and `CceMiddleware`, written once:
/// both are a `config: Arc<Config>` and these setters.
macro_rules! config_builders {
    ($ty:ident) => {
        impl $ty {
            /// Also send the request id as `X-Openstack-Request-Id`, where
            /// openstacksdk-based clients read it.
            #[must_use]
            pub fn with_openstack_request_id(mut self) -> Self {
                std::sync::Arc::make_mut(&mut self.config).openstack_request_id = true;
                self
            }

            /// Another status mapping for error responses that no
            /// `CceError` produced, such as one that uses the codes of a
            /// service's own module: a closure or fn
            /// `Fn(StatusCode) -> Option<ErrorBody<'static>>`, or any
            /// [`FallbackMapping`](crate::response::FallbackMapping). Where
            /// it returns `None`, the documented mapping
            /// ([`fallback_body`](crate::response::fallback_body)) answers.
            #[must_use]
            pub fn with_fallback(
                mut self,
                fallback: impl crate::response::FallbackMapping,
            ) -> Self {
                std::sync::Arc::make_mut(&mut self.config).set_fallback(fallback);
                self
            }

            /// The keys of the error bodies this one sends and passes on:
            /// with [`BodyKeys::Compatible`](crate::response::BodyKeys::Compatible),
            /// every error body leaving it also carries `error_code` and
            /// `error_msg` (see the README's client table). It changes
            /// nothing else in the process: another layer, a client's
            /// serialization of `ErrorBody`, `serde_json::to_vec(&error)`.
            ///
            /// The keys are added to bodies it can read: put a compression
            /// layer or middleware outside this one when they are on.
            #[must_use]
            pub fn with_body_keys(mut self, keys: crate::response::BodyKeys) -> Self {
                std::sync::Arc::make_mut(&mut self.config).set_keys(keys);
                self
            }

            /// How much of an error response's body is read, at most, to see
            /// whether it is a CCE body: `max_bytes` bytes, waiting
            /// `max_wait` at most (by default
            /// [`DEFAULT_INSPECT_BYTES`](crate::response::DEFAULT_INSPECT_BYTES)
            /// and [`DEFAULT_INSPECT_WAIT`](crate::response::DEFAULT_INSPECT_WAIT)).
            /// Only bodies labelled `application/json` and not encoded are
            /// read; a body that is longer or slower is replaced, unless it
            /// is marked with `X-Cce-Error-Code` (a derived type's body,
            /// which is then sent as it is).
            #[must_use]
            pub fn with_inspection_limits(
                mut self,
                max_bytes: usize,
                max_wait: std::time::Duration,
            ) -> Self {
                std::sync::Arc::make_mut(&mut self.config).set_inspection(max_bytes, max_wait);
                self
            }
        }
    };
}
pub(crate) use config_builders;

impl Config {
    pub(crate) fn set_fallback(&mut self, fallback: impl FallbackMapping) {
        self.fallback = Some(Arc::new(fallback));
    }

    pub(crate) fn set_keys(&mut self, keys: BodyKeys) {
        self.keys = Some(keys);
    }

    pub(crate) fn set_inspection(&mut self, max_bytes: usize, max_wait: Duration) {
        self.inspect_bytes = max_bytes;
        self.inspect_wait = max_wait;
    }

    #[cfg(feature = "axum")]
    pub(crate) fn set_drain(&mut self, max_bytes: u64, max_time: Duration) {
        self.drain_bytes = max_bytes;
        self.drain_time = max_time;
    }

    pub(crate) fn keys(&self) -> BodyKeys {
        self.keys.unwrap_or_else(default_keys)
    }

    /// The first look at a response: pass it, or read (part of) its body.
    pub(crate) fn step(&self, head: &Head<'_>) -> Step {
        if head.status < 400 {
            return Step::Pass;
        }
        if head.could_be_cce() {
            // Read to check it (a handler's own body, or a derived type's
            // that a middleware inside may have replaced), and to add keys.
            return Step::Read {
                max_bytes: self.inspect_bytes,
                max_wait: self.inspect_wait,
            };
        }
        if head.marked && head.is_encoded() {
            // A derived type's response or one of ours, encoded by a
            // middleware inside: a CCE body that cannot be read here.
            return Step::Pass;
        }
        // Not a CCE body whatever it holds: only what has already arrived
        // is read, for the log; the head is never held back for it.
        Step::Read {
            max_bytes: if cfg!(feature = "tracing") {
                crate::decode::EXCERPT_LEN
            } else {
                0
            },
            max_wait: Duration::ZERO,
        }
    }

    /// The decision on a response whose body was read as far as [`step`]
    /// allowed.
    ///
    /// [`step`]: Config::step
    pub(crate) fn decide(&self, head: &Head<'_>, read: &Read<'_>) -> Decision {
        let why = if head.could_be_cce() {
            match read.end {
                End::Complete => match cce_body(read.bytes) {
                    Some(keys) => {
                        return Decision::Keep(Kept {
                            bytes: self.with_keys(read.bytes, &keys),
                            // A handler's own CCE body gets the mark too.
                            code: if head.marked {
                                None
                            } else {
                                keys.code
                                    .as_deref()
                                    .and_then(|code| HeaderValue::from_str(code).ok())
                            },
                        });
                    }
                    None => Why::NotCce,
                },
                // A derived type's body, too long or too slow to check:
                // its mark is trusted.
                End::TooLarge | End::TimedOut | End::NotRead if head.marked => {
                    return Decision::Pass;
                }
                End::NotRead => Why::NotCce,
                End::TooLarge => Why::TooLarge,
                End::TimedOut => Why::TimedOut,
                End::Failed => Why::Failed,
            }
        } else if head.is_encoded() {
            Why::Encoded
        } else {
            Why::NotJson
        };
        Decision::Replace(self.replacement(head, read, why))
    }

    /// The body of a kept CCE body, with this one's keys: `None` to send
    /// the bytes as read.
    fn with_keys(&self, bytes: &[u8], keys: &Keys<'_>) -> Option<Vec<u8>> {
        if self.keys() != BodyKeys::Compatible
            || keys.code_snake_seen != Seen::No
            || keys.message_snake_seen != Seen::No
        {
            return None;
        }
        let (code, message) = (keys.code.as_deref()?, keys.message.as_deref()?);
        append_compatible_keys(bytes, code, message)
    }

    /// The CCE body for `status` from this one's mapping, when clients can
    /// use it, else the documented one; `None` only below 400.
    pub(crate) fn fallback(&self, status: StatusCode) -> Option<ErrorBody<'static>> {
        mapped_body(self.fallback.as_deref(), status)
    }

    fn replacement(&self, head: &Head<'_>, read: &Read<'_>, why: Why) -> Replacement {
        let status = StatusCode::from_u16(head.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = self
            .fallback(status)
            .or_else(|| fallback_body(StatusCode::INTERNAL_SERVER_ERROR))
            .unwrap_or_else(|| ErrorBody::new("CCE.01500001", "Internal error."));
        // `X-Cce-Error-Code`: a table's code is borrowed, not copied.
        let code = match &body.code {
            Cow::Borrowed(code) => code_header(code),
            Cow::Owned(code) => HeaderValue::from_str(code).ok(),
        };
        Replacement {
            bytes: body.to_json(self.keys()),
            code,
            log: Replaced {
                status: head.status,
                code: body.code.into_owned(),
                why,
                excerpt: excerpt(head, read),
            },
        }
    }

    /// The body and code of the 500 response to a panic.
    pub(crate) fn panic_response(&self) -> Replacement {
        let head = Head {
            status: 500,
            content_type: None,
            content_encoding: None,
            marked: false,
        };
        let read = Read {
            bytes: &[],
            end: End::NotRead,
        };
        self.replacement(&head, &read, Why::Panic)
    }
}

/// What an integration reads of a response before its body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head<'h> {
    pub(crate) status: u16,
    pub(crate) content_type: Option<&'h [u8]>,
    pub(crate) content_encoding: Option<&'h [u8]>,
    /// Whether it carries `X-Cce-Error-Code`.
    pub(crate) marked: bool,
}

impl Head<'_> {
    /// Whether the body went through a `Content-Encoding` (gzip, br, ...).
    fn is_encoded(&self) -> bool {
        self.content_encoding.is_some_and(|encoding| {
            let encoding = encoding.trim_ascii();
            !encoding.is_empty() && !encoding.eq_ignore_ascii_case(b"identity")
        })
    }

    /// Whether the body may be an unmarked CCE body (one a handler built
    /// itself): JSON, readable as it is.
    fn could_be_cce(&self) -> bool {
        is_json(self.content_type) && !self.is_encoded()
    }
}

/// Whether a `Content-Type` value is `application/json` (parameters such
/// as `charset` aside, any case).
pub(crate) fn is_json(content_type: Option<&[u8]>) -> bool {
    content_type
        .and_then(|value| value.split(|&b| b == b';').next())
        .is_some_and(|mime| mime.trim_ascii().eq_ignore_ascii_case(b"application/json"))
}

/// The first look's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Send the response as it is, body unread.
    Pass,
    /// Read at most `max_bytes` of the body (none when 0), waiting at most
    /// `max_wait` (zero: only what has arrived), then [`Config::decide`].
    Read {
        max_bytes: usize,
        max_wait: Duration,
    },
}

/// What was read of a body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Read<'b> {
    pub(crate) bytes: &'b [u8],
    pub(crate) end: End,
}

/// How the reading of a body ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// The whole body is in `bytes`.
    Complete,
    /// There is more than the limit.
    TooLarge,
    /// More was on its way when the time was up.
    TimedOut,
    /// The body failed (an error from the stream).
    Failed,
    /// Nothing was read (no reading asked for).
    NotRead,
}

/// The decision on an error response.
#[derive(Debug)]
pub(crate) enum Decision {
    /// Send the response as it is: the bytes read, then the rest.
    Pass,
    /// Keep status, headers and body.
    Keep(Kept),
    /// Keep status and the other headers; replace the body.
    Replace(Replacement),
}

/// A CCE body that stays.
#[derive(Debug)]
pub(crate) struct Kept {
    /// The body to send: the bytes read when `None`.
    pub(crate) bytes: Option<Vec<u8>>,
    /// `X-Cce-Error-Code` to add, for a body that did not carry it.
    pub(crate) code: Option<HeaderValue>,
}

/// A CCE body in place of what a response held.
#[derive(Debug)]
pub(crate) struct Replacement {
    pub(crate) bytes: Vec<u8>,
    /// Its code, for `X-Cce-Error-Code`.
    pub(crate) code: Option<HeaderValue>,
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) log: Replaced,
}

/// What is logged of a replaced body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replaced {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) why: Why,
    /// The start of what was replaced, as text; said in words when it
    /// cannot be shown (an encoded body, one not read).
    pub(crate) excerpt: String,
}

/// Why a body was replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    NotJson,
    Encoded,
    NotCce,
    TooLarge,
    TimedOut,
    Failed,
    Panic,
}

impl Why {
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Why::NotJson => "not a JSON body",
            Why::Encoded => "an encoded body that is not marked as a CCE body",
            Why::NotCce => "a JSON body without errorCode and errorMessage",
            Why::TooLarge => "a body longer than the inspection limit",
            Why::TimedOut => "a body still arriving when the inspection time was up",
            Why::Failed => "a body that failed while it was read",
            Why::Panic => "a handler panicked",
        }
    }
}

/// `reading`'s outcome, or [`End::TimedOut`] when `timer` (made for a
/// non-zero `max_wait`) fires first. A zero wait, or no timer, polls
/// `reading` once: only what has already arrived is read.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) async fn within<T: Future<Output = ()>>(
    reading: impl Future<Output = End>,
    max_wait: Duration,
    timer: impl FnOnce() -> Option<T>,
) -> End {
    let mut reading = std::pin::pin!(reading);
    let timer = if max_wait.is_zero() { None } else { timer() };
    let Some(timer) = timer else {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        return match reading.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(end) => end,
            std::task::Poll::Pending => End::TimedOut,
        };
    };
    let mut timer = std::pin::pin!(timer);
    std::future::poll_fn(|cx| {
        if let std::task::Poll::Ready(end) = reading.as_mut().poll(cx) {
            return std::task::Poll::Ready(end);
        }
        timer.as_mut().poll(cx).map(|()| End::TimedOut)
    })
    .await
}

/// The start of a body as it is read: at most `max` bytes copied, and the
/// rest of the chunk that went past them, so that a body passed on after
/// all loses nothing.
#[cfg(any(feature = "axum", feature = "actix-web"))]
#[derive(Debug, Default)]
pub(crate) struct Prefix {
    pub(crate) bytes: Vec<u8>,
    leftover: Option<bytes::Bytes>,
    max: usize,
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl Prefix {
    pub(crate) fn new(max: usize) -> Self {
        Prefix {
            bytes: Vec::new(),
            leftover: None,
            max,
        }
    }

    /// Takes the next chunk; `Some(End::TooLarge)` once the body is longer
    /// than `max`.
    pub(crate) fn push(&mut self, mut chunk: bytes::Bytes) -> Option<End> {
        let room = self.max.saturating_sub(self.bytes.len());
        if chunk.len() > room {
            let leftover = chunk.split_off(room);
            self.bytes.extend_from_slice(&chunk);
            self.leftover = Some(leftover);
            return Some(End::TooLarge);
        }
        self.bytes.extend_from_slice(&chunk);
        None
    }

    /// Everything read, in order, to send before the rest of the body.
    pub(crate) fn into_chunks(self) -> std::collections::VecDeque<bytes::Bytes> {
        [bytes::Bytes::from(self.bytes)]
            .into_iter()
            .chain(self.leftover)
            .filter(|chunk| !chunk.is_empty())
            .collect()
    }
}

/// The documented keys of a CCE body, when `bytes` is one: a JSON object
/// whose `errorCode` and `errorMessage` are strings with more than
/// whitespace (clients show a blank one as no code or message at all).
fn cce_body(bytes: &[u8]) -> Option<Keys<'_>> {
    let keys = Keys::from_slice(bytes, Wanted::BODY).ok()?;
    let filled = |value: Option<&str>| value.is_some_and(|value| !value.trim().is_empty());
    (filled(keys.code.as_deref()) && filled(keys.message.as_deref())).then_some(keys)
}

/// The start of a replaced body as the log shows it.
fn excerpt(head: &Head<'_>, read: &Read<'_>) -> String {
    let encoding = head.content_encoding.filter(|_| head.is_encoded());
    if let Some(encoding) = encoding {
        return format!(
            "({} bytes of a {}-encoded body, not shown)",
            read.bytes.len(),
            String::from_utf8_lossy(&encoding[..encoding.len().min(32)])
        );
    }
    if read.end == End::NotRead || (read.bytes.is_empty() && read.end != End::Complete) {
        return String::new();
    }
    let shown = &read.bytes[..read.bytes.len().min(crate::decode::EXCERPT_LEN)];
    String::from_utf8_lossy(shown).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(status: u16, content_type: Option<&'static str>) -> Head<'static> {
        Head {
            status,
            content_type: content_type.map(str::as_bytes),
            content_encoding: None,
            marked: false,
        }
    }

    fn complete(bytes: &[u8]) -> Read<'_> {
        Read {
            bytes,
            end: End::Complete,
        }
    }

    const CCE: &[u8] = br#"{"errorCode":"CCE.01400002","errorMessage":"Subnet not found in the VPC.","message":"subnet s-1"}"#;

    #[test]
    fn successes_pass_whatever_they_hold() {
        let config = Config::default();
        for status in [100, 200, 204, 301, 304, 399] {
            for content_type in [None, Some("application/json"), Some("text/html")] {
                assert_eq!(config.step(&head(status, content_type)), Step::Pass);
            }
        }
    }

    #[test]
    fn marked_encoded_responses_pass_unread_whatever_their_encoding() {
        let config = Config::default();
        for encoding in [&b"gzip"[..], b"br", b"zstd", b"deflate", b"x-custom"] {
            let marked = Head {
                content_encoding: Some(encoding),
                marked: true,
                ..head(400, Some("application/json"))
            };
            assert_eq!(config.step(&marked), Step::Pass);
        }
    }

    #[test]
    fn marked_readable_responses_are_checked_and_replaced_when_not_cce() {
        let config = Config::default();
        let marked = Head {
            marked: true,
            ..head(500, Some("application/json"))
        };
        assert!(matches!(config.step(&marked), Step::Read { .. }));
        let Decision::Keep(kept) = config.decide(&marked, &complete(CCE)) else {
            panic!("a CCE body is kept");
        };
        assert_eq!((kept.bytes, kept.code), (None, None));
        // A middleware inside replaced the body, keeping the headers.
        let Decision::Replace(replacement) =
            config.decide(&marked, &complete(b"<h1>custom error page</h1>"))
        else {
            panic!("not a CCE body any more");
        };
        assert_eq!(replacement.log.why, Why::NotCce);
        let html = Head {
            content_type: Some(b"text/html"),
            ..marked
        };
        assert_eq!(
            config.step(&html),
            Step::Read {
                max_bytes: if cfg!(feature = "tracing") { 256 } else { 0 },
                max_wait: Duration::ZERO
            }
        );
        assert!(matches!(
            config.decide(&html, &complete(b"<h1>")),
            Decision::Replace(_)
        ));
    }

    #[test]
    fn compatible_keys_are_added_to_bodies_that_can_be_read() {
        let mut config = Config::default();
        config.set_keys(BodyKeys::Compatible);
        let marked = Head {
            marked: true,
            ..head(400, Some("application/json"))
        };
        assert!(matches!(config.step(&marked), Step::Read { .. }));
        let Decision::Keep(Kept {
            bytes: Some(bytes),
            code: None,
        }) = config.decide(&marked, &complete(CCE))
        else {
            panic!("kept with the keys added, already marked");
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["error_code"], "CCE.01400002");
        assert_eq!(value["error_msg"], "Subnet not found in the VPC.");
        assert_eq!(value["message"], "subnet s-1");
        // An encoded one cannot take them, and passes.
        let encoded = Head {
            content_encoding: Some(b"gzip"),
            ..marked
        };
        assert_eq!(config.step(&encoded), Step::Pass);
        // A body that has its own `error_code` keeps it.
        let own = br#"{"errorCode":"CCE.01400001","errorMessage":"Invalid request.","error_code":"SVC.1"}"#;
        assert!(matches!(
            config.decide(&marked, &complete(own)),
            Decision::Keep(Kept { bytes: None, .. })
        ));
    }

    #[test]
    fn unmarked_json_is_read_within_the_limits_and_kept_when_it_is_a_cce_body() {
        let config = Config::default();
        let json = head(400, Some("Application/JSON; charset=utf-8"));
        assert_eq!(
            config.step(&json),
            Step::Read {
                max_bytes: DEFAULT_INSPECT_BYTES,
                max_wait: DEFAULT_INSPECT_WAIT
            }
        );
        let Decision::Keep(kept) = config.decide(&json, &complete(CCE)) else {
            panic!("a handler's CCE body is kept");
        };
        assert_eq!(kept.bytes, None);
        assert_eq!(kept.code.unwrap(), "CCE.01400002");
        for not_cce in [
            &b""[..],
            b"{}",
            b"[]",
            br#"{"error_code":"APIGW.0301","error_msg":"x"}"#,
            br#"{"errorCode":401,"errorMessage":"x"}"#,
            br#"{"errorCode":"CCE.01400001"}"#,
            br#"{"errorCode":"","errorMessage":"x"}"#,
            br#"{"errorCode":"CCE.01400001","errorMessage":" 	"}"#,
            br#"{"errorCode":"CCE.01400001","errorMessage":"x"} trailing"#,
            b"\xff\xfe",
        ] {
            let Decision::Replace(replacement) = config.decide(&json, &complete(not_cce)) else {
                panic!("{not_cce:?} is not a CCE body");
            };
            assert_eq!(replacement.log.why, Why::NotCce, "{not_cce:?}");
            assert_eq!(replacement.log.code, "CCE.01400001");
        }
        for end in [End::TooLarge, End::TimedOut, End::Failed] {
            let read = Read {
                bytes: &CCE[..20],
                end,
            };
            assert!(
                matches!(config.decide(&json, &read), Decision::Replace(_)),
                "{end:?}"
            );
        }
    }

    #[test]
    fn other_bodies_are_replaced_without_waiting() {
        let config = Config::default();
        for content_type in [
            None,
            Some("text/html"),
            Some("text/event-stream"),
            Some("application/problem+json"),
        ] {
            let Step::Read { max_wait, .. } = config.step(&head(503, content_type)) else {
                panic!("{content_type:?}");
            };
            assert_eq!(max_wait, Duration::ZERO);
        }
        let gzip = Head {
            content_encoding: Some(b"gzip"),
            ..head(400, Some("application/json"))
        };
        let Step::Read { max_wait, .. } = config.step(&gzip) else {
            panic!("an encoded unmarked body is replaced");
        };
        assert_eq!(max_wait, Duration::ZERO);
        let read = Read {
            bytes: b"\x1f\x8b\x08\x00",
            end: End::TimedOut,
        };
        let Decision::Replace(replacement) = config.decide(&gzip, &read) else {
            panic!("replaced");
        };
        assert_eq!(replacement.log.why, Why::Encoded);
        assert_eq!(
            replacement.log.excerpt,
            "(4 bytes of a gzip-encoded body, not shown)"
        );
    }

    #[test]
    fn replacements_come_from_the_mapping_and_fall_back_to_the_documented_one() {
        let mut config = Config::default();
        config.set_fallback(|status: StatusCode| {
            (status == StatusCode::TOO_MANY_REQUESTS)
                .then(|| ErrorBody::new("CCE.01429001", "Too many requests."))
        });
        let Decision::Replace(ours) = config.decide(&head(429, None), &complete(b"slow down"))
        else {
            panic!("replaced");
        };
        assert_eq!(ours.log.code, "CCE.01429001");
        assert_eq!(ours.code.unwrap(), "CCE.01429001");
        let Decision::Replace(documented) = config.decide(&head(404, None), &complete(b"")) else {
            panic!("replaced");
        };
        assert_eq!(documented.log.code, "CCE.01404001");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&documented.bytes).unwrap()["message"],
            "No resource or route matches the request."
        );
        let panic = config.panic_response();
        assert_eq!(panic.log.code, "CCE.01500001");
        assert_eq!(panic.log.why, Why::Panic);
    }

    #[test]
    fn a_mappings_body_without_code_or_message_is_not_sent_and_no_detail_repeats_the_message() {
        let mut config = Config::default();
        config.set_fallback(|status: StatusCode| match status.as_u16() {
            400 => Some(ErrorBody::new("", "Invalid request.")),
            401 => Some(ErrorBody::new("SVC.401", " ")),
            403 => Some(ErrorBody::new("SVC.403", "Forbidden.").with_detail("Forbidden.")),
            _ => None,
        });
        let body = |status| {
            config
                .fallback(StatusCode::from_u16(status).unwrap())
                .unwrap()
        };
        assert_eq!(body(400), fallback_body(StatusCode::BAD_REQUEST).unwrap());
        assert_eq!(body(401), fallback_body(StatusCode::UNAUTHORIZED).unwrap());
        assert_eq!(body(403), ErrorBody::new("SVC.403", "Forbidden."));
    }

    #[test]
    fn every_fallback_body_is_a_cce_body_with_a_detail_unlike_its_message() {
        for status in 400..=999 {
            let status = StatusCode::from_u16(status).unwrap();
            let body = fallback_body(status).unwrap();
            assert!(!body.code.is_empty() && !body.message.is_empty());
            assert_ne!(body.detail.as_deref(), Some(&*body.message), "{status}");
            for keys in [BodyKeys::Documented, BodyKeys::Compatible] {
                assert!(cce_body(&body.to_json(keys)).is_some(), "{status}");
            }
        }
    }
}
