//! Heap allocations per response, counted by `allocation-counter`'s global
//! allocator (it counts on the current thread only, so tests running in
//! parallel do not disturb each other). A derived variant without a detail
//! sends its body from static bytes: its response allocates exactly what
//! the response scaffolding alone allocates. A variant with a detail writes
//! its body into one buffer. Run with `-- --nocapture` to see the counts.

#[path = "../benches/scaffold/mod.rs"]
mod scaffold;

use std::fmt;

use actix_web::ResponseError as _;
use allocation_counter::{AllocationInfo, measure};
use axum::response::IntoResponse as _;
use bytes::Bytes;
use cce_errors_tests::ClusterError;
use scaffold::{
    SUBNET, VPC, actix_hand_detail, actix_hand_fixed, actix_scaffold, axum_hand_detail,
    axum_hand_fixed, axum_scaffold, detail, detail_body, detail_message,
};

/// Allocations of one call of `make` and the drop of what it returns,
/// after warm-up calls on this thread (lazy statics, tracing's callsite
/// registration and actix-web's thread-local response-head pool are filled
/// once, then reused).
fn count<R>(mut make: impl FnMut() -> R) -> Count {
    for _ in 0..3 {
        drop(make());
    }
    let info = measure(|| drop(make()));
    assert_eq!(info.count_current, 0, "a response leaked memory");
    Count(info)
}

#[derive(Clone, Copy)]
struct Count(AllocationInfo);

impl Count {
    fn allocations(self) -> u64 {
        self.0.count_total
    }
    fn bytes(self) -> u64 {
        self.0.bytes_total
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} allocations, {} bytes",
            self.allocations(),
            self.bytes()
        )
    }
}

#[test]
fn fixed_body_allocates_nothing() {
    let error = ClusterError::NotFound;
    let body = count(|| cce_errors::response::body_of(&error));
    println!("body_of, no detail: {body}");
    assert_eq!(body.allocations(), 0);
}

#[test]
fn axum_response_without_detail_allocates_nothing_for_its_body() {
    let derived = count(|| ClusterError::NotFound.into_response());
    let scaffold = count(axum_scaffold);
    let baseline = count(axum_hand_fixed);
    println!("axum, no detail: derived {derived}");
    println!("axum, no detail: scaffold (static body, content-type, x-cce-error-code) {scaffold}");
    println!("axum, no detail: hand-written (StatusCode, Json) {baseline}");
    // Nothing beyond the scaffolding: the body costs nothing.
    assert!(
        derived.allocations() <= scaffold.allocations() && derived.bytes() <= scaffold.bytes(),
        "derived {derived}, scaffolding alone {scaffold}"
    );
    assert!(derived.allocations() <= baseline.allocations());
}

#[test]
fn actix_response_without_detail_allocates_nothing_for_its_body() {
    let error = ClusterError::NotFound;
    let derived = count(|| error.error_response());
    let scaffold = count(actix_scaffold);
    let baseline = count(actix_hand_fixed);
    println!("actix, no detail: derived {derived}");
    println!("actix, no detail: scaffold (static body, content-type, x-cce-error-code) {scaffold}");
    println!("actix, no detail: hand-written HttpResponse::build().json() {baseline}");
    // Nothing beyond the scaffolding: the body costs nothing.
    assert!(
        derived.allocations() <= scaffold.allocations() && derived.bytes() <= scaffold.bytes(),
        "derived {derived}, scaffolding alone {scaffold}"
    );
    assert!(derived.allocations() <= baseline.allocations());
}

#[test]
fn body_with_detail_is_written_into_one_buffer() {
    let error = detail();
    let body = count(|| cce_errors::response::body_of(&error));
    println!("body_of, detail: {body}");
    assert_eq!(body.allocations(), 1, "one buffer, never grown");
    let plain = count(|| serde_json::to_vec(&detail_body(detail_message(), SUBNET, VPC)).unwrap());
    println!("body, detail: hand-written format! + serde_json::to_vec {plain}");
    assert!(body.allocations() < plain.allocations());
    // axum and actix-web turn the buffer into `Bytes`; with spare capacity
    // that costs one more allocation (`bytes`' shared header).
    let bytes = count(|| Bytes::from(cce_errors::response::body_of(&error).into_owned()));
    println!("body_of, detail, into Bytes: {bytes}");
    let written = cce_errors::response::body_of(&error).len();
    println!(
        "body_of, detail: {written} bytes written into a buffer of {}",
        body.bytes()
    );
}

#[test]
fn responses_with_detail_allocate_no_more_than_hand_written_ones() {
    // Each side gets the fields fresh and drops them: two allocations each
    // for the fields themselves.
    let axum_derived = count(|| detail().into_response());
    let axum_baseline = count(|| {
        let (subnet_id, vpc_id) = (SUBNET.to_owned(), VPC.to_owned());
        axum_hand_detail(detail_message(), &subnet_id, &vpc_id)
    });
    println!("axum, detail: derived {axum_derived}");
    println!("axum, detail: hand-written (StatusCode, Json) {axum_baseline}");
    assert!(axum_derived.allocations() <= axum_baseline.allocations());

    let error = detail();
    let actix_derived = count(|| error.error_response());
    let actix_baseline = count(|| actix_hand_detail(detail_message(), SUBNET, VPC));
    println!("actix, detail: derived {actix_derived}");
    println!("actix, detail: hand-written HttpResponse::build().json() {actix_baseline}");
    assert!(actix_derived.allocations() <= actix_baseline.allocations());
}
