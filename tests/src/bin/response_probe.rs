//! Builds and consumes N error responses, one way, for
//! `tests/benches/instructions.py`, which counts the instructions each way
//! takes under `valgrind --tool=callgrind`: the response ratios of the
//! criterion bench, as counts that do not move with a shared machine's load.
//!
//! ```sh
//! response_probe axum-fixed-derived|axum-fixed-hand|axum-detail-derived|axum-detail-hand|actix-fixed-derived|actix-fixed-hand|actix-detail-derived|actix-detail-hand N
//! ```
//!
//! The hand-written responses are the bench's own (`tests/benches/scaffold`).

use std::hint::black_box;
use std::process::ExitCode;

use actix_web::ResponseError as _;
use axum::response::IntoResponse as _;
use cce_errors_tests::ClusterError;

#[path = "../../benches/consume/mod.rs"]
mod consume;
#[allow(dead_code)] // the probe uses only the responses, not every helper
#[path = "../../benches/scaffold/mod.rs"]
mod scaffold;

use consume::{consume_actix, consume_axum};

/// `n` responses made by `make` and consumed by `consume`. Not inlined, so
/// that callgrind reports one inclusive count per way.
#[inline(never)]
fn run<R>(n: usize, make: impl Fn() -> R, consume: fn(R) -> usize) -> usize {
    (0..n).map(|_| consume(make())).sum()
}

fn main() -> ExitCode {
    const USAGE: &str = "usage: response_probe (axum|actix)-(fixed|detail)-(derived|hand) N";
    let mut args = std::env::args().skip(1);
    let way = args.next().unwrap_or_default();
    let Some(n) = args.next().and_then(|n| n.parse::<usize>().ok()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let message = scaffold::detail_message();
    let (subnet, vpc) = (scaffold::SUBNET, scaffold::VPC);
    let total = match way.as_str() {
        "axum-fixed-derived" => run(
            n,
            || black_box(ClusterError::NotFound).into_response(),
            consume_axum,
        ),
        "axum-fixed-hand" => run(n, scaffold::axum_hand_fixed, consume_axum),
        "axum-detail-derived" => run(
            n,
            || black_box(scaffold::detail()).into_response(),
            consume_axum,
        ),
        // As in the bench, each side owns fresh copies of the two ids (the
        // error its fields, the baseline its arguments); here their making
        // is counted on both sides.
        "axum-detail-hand" => run(
            n,
            || {
                let (subnet, vpc) = (black_box(subnet).to_owned(), black_box(vpc).to_owned());
                scaffold::axum_hand_detail(message, &subnet, &vpc)
            },
            consume_axum,
        ),
        "actix-fixed-derived" => run(
            n,
            || black_box(&ClusterError::NotFound).error_response(),
            consume_actix,
        ),
        "actix-fixed-hand" => run(n, scaffold::actix_hand_fixed, consume_actix),
        "actix-detail-derived" => {
            let error = scaffold::detail();
            run(n, || black_box(&error).error_response(), consume_actix)
        }
        "actix-detail-hand" => run(
            n,
            || scaffold::actix_hand_detail(message, black_box(subnet), black_box(vpc)),
            consume_actix,
        ),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    println!("{total}");
    ExitCode::SUCCESS
}
