//! Explains CCE error codes the way a person wants to read them.
//!
//! ```sh
//! cargo run --example explain -- CCE.01429002   # one code
//! cargo run --example explain                   # the whole table
//! ```

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use cce_errors::ErrorCode;

fn explain(out: &mut String, row: &ErrorCode) {
    let _ = writeln!(out, "{}  {}", row.code(), row.status());
    let _ = writeln!(out, "  message:         {}", row.message());
    let _ = writeln!(out, "  description:     {}", row.description());
    let _ = writeln!(out, "  troubleshooting: {}", row.troubleshooting());
}

fn main() -> ExitCode {
    let codes: Vec<String> = std::env::args().skip(1).collect();
    let mut out = String::new();
    let mut status = ExitCode::SUCCESS;
    if codes.is_empty() {
        for (i, row) in ErrorCode::all().iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            explain(&mut out, row);
        }
    }
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(row) = ErrorCode::lookup(code.trim()) {
            explain(&mut out, row);
            continue;
        }
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
    // A reader that stops early (`| head`) is no error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    status
}
