//! Consuming a response, the same way for the library and its baseline: its
//! status, its headers, and its body's bytes, as a server reads them. Shared
//! by the criterion bench (`responses.rs`) and the callgrind probe
//! (`src/bin/response_probe.rs`), so that both measure the same work.

use std::pin::pin;
use std::task::{Context, Poll, Waker};

use actix_web::body::MessageBody as _;
use axum::body::HttpBody as _;

/// Polls an axum body once (all the bodies here are one frame) and drops
/// the response; returns a number that depends on all of it.
pub(crate) fn consume_axum(response: axum::response::Response) -> usize {
    let (parts, body) = response.into_parts();
    let mut body = pin!(body);
    let mut cx = Context::from_waker(Waker::noop());
    let len = match body.as_mut().poll_frame(&mut cx) {
        Poll::Ready(Some(Ok(frame))) => frame.into_data().map_or(0, |data| data.len()),
        _ => 0,
    };
    len + usize::from(parts.status.as_u16()) + parts.headers.len()
}

/// The same for actix-web.
pub(crate) fn consume_actix(response: actix_web::HttpResponse) -> usize {
    let status = response.status().as_u16();
    let headers = response.headers().len();
    let len = response
        .into_body()
        .try_into_bytes()
        .map_or(0, |bytes| bytes.len());
    len + usize::from(status) + headers
}
