//! The "Error Codes" page of the example services' errors, written from
//! the code (`ApiError::variant_docs()`): the codes they send, with the
//! variants that send each one, their details and `Retry-After`.
//!
//! ```sh
//! cargo run --example glossary                      # text
//! cargo run --example glossary -- html > errors.html  # or json, csv, markdown, rst
//! ```

#[path = "common/mod.rs"]
pub mod common;

use std::io::Write as _;
use std::process::ExitCode;

use cce_errors::page::{Format, Page};

fn main() -> ExitCode {
    let format = match std::env::args().nth(1).map(|name| name.parse::<Format>()) {
        None => Format::Text,
        Some(Ok(format)) => format,
        Some(Err(unknown)) => {
            eprintln!("{unknown}");
            return ExitCode::from(2);
        }
    };
    let page = Page::glossary::<common::ApiError>()
        .with_title("Error Codes of the Cluster API")
        .render(format);
    // A reader that stops early (`| head`) is no error.
    let _ = std::io::stdout().lock().write_all(page.as_bytes());
    ExitCode::SUCCESS
}
