//! Explains CCE error codes the way a person wants to read them, as
//! `cce-errors explain` does (the command is installed with
//! `cargo install cce-errors --features cli`).
//!
//! ```sh
//! cargo run --example explain -- CCE.01429002   # one code
//! cargo run --example explain                   # the whole table
//! ```

use std::io::Write as _;
use std::process::ExitCode;

use cce_errors::ErrorCode;
use cce_errors::page::{Format, Page};

fn main() -> ExitCode {
    let codes: Vec<String> = std::env::args().skip(1).collect();
    let mut status = ExitCode::SUCCESS;
    let rows: Vec<&ErrorCode> = if codes.is_empty() {
        ErrorCode::all().iter().collect()
    } else {
        codes
            .iter()
            .filter_map(|code| {
                let row = ErrorCode::lookup(code.trim());
                if row.is_none() {
                    eprintln!(
                        "{code} is not in the CCE error-code table; run without arguments to list them all"
                    );
                    // Codes with the same status digits are the likely ones.
                    let status_digits = code.trim().get(6..9);
                    let near: Vec<&str> = ErrorCode::all()
                        .iter()
                        .map(ErrorCode::code)
                        .filter(|c| status_digits.is_some() && c.get(6..9) == status_digits)
                        .collect();
                    if !near.is_empty() {
                        eprintln!("codes with the same status: {}", near.join(", "));
                    }
                    status = ExitCode::FAILURE;
                }
                row
            })
            .collect()
    };
    let out = Page::of_rows(rows).render(Format::Text);
    // A reader that stops early (`| head`) is no error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    status
}
