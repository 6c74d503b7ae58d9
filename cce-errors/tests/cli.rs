//! The `cce-errors` command end to end: every subcommand on the
//! workspace's tables, and every bad input (missing file, not a table,
//! malformed row, unknown code, unknown format, bad arguments) giving a
//! clear message on standard error and exit status 2, never a panic;
//! `diff` exits with 1 on breaking changes.
//!
//! Here rather than in the `tests` crate: only the package of a binary
//! gets its path (`CARGO_BIN_EXE_cce-errors`) from cargo.
#![cfg(feature = "cli")]

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The workspace root: commands run there, so that paths in messages are
/// the ones written here.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cce-errors is in the workspace")
        .to_owned()
}

struct Run {
    stdout: String,
    stderr: String,
    status: i32,
}

fn run(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_cce-errors"))
        .args(args)
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .output()
        .expect("the command runs");
    let run = Run {
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 output"),
        status: output.status.code().expect("an exit status, not a signal"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?} panicked: {}",
        run.stderr
    );
    run
}

/// A bad input: nothing on standard output, `stderr` on standard error,
/// exit status 2.
fn fails_with(args: &[&str], stderr: &str) {
    let run = run(args);
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (2, "", stderr),
        "{args:?}"
    );
}

/// A file for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, contents: &[u8]) -> Self {
        let path =
            std::env::temp_dir().join(format!("cce-errors-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("a scratch file");
        Scratch(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temporary path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const LOCKED: &str = "CCE.01429002  429 Too Many Requests
  message:         Resource locked by other requests.
  description:     The resource is locked by another request.
  troubleshooting: Rectify the fault based on the returned message or contact technical support.
";

#[test]
fn help_and_version() {
    let help = run(&["--help"]);
    assert_eq!(help.status, 0);
    for command in ["explain", "list", "check", "diff"] {
        assert!(
            help.stdout.contains(&format!("\n  {command} ")),
            "{}",
            help.stdout
        );
    }
    let version = run(&["--version"]);
    assert_eq!(
        (version.status, version.stdout.as_str()),
        (0, concat!("cce-errors ", env!("CARGO_PKG_VERSION"), "\n"))
    );
    let help = run(&["list", "--help"]);
    assert!(
        help.stdout
            .contains("[possible values: text, json, csv, markdown, rst, html]")
    );
}

#[test]
fn explain_shows_codes_of_the_cce_table_or_a_file() {
    let run1 = run(&["explain", "CCE.01429002"]);
    assert_eq!(
        (run1.status, run1.stdout.as_str(), run1.stderr.as_str()),
        (0, LOCKED, "")
    );
    let two = run(&["explain", " CCE.01429002 ", "CCE.01404001"]);
    assert_eq!(two.status, 0);
    assert!(two.stdout.starts_with(LOCKED));
    assert!(two.stdout.contains("\n\nCCE.01404001  404 Not Found\n"));
    let dcs = run(&[
        "explain",
        "--table",
        "tests/tables/dcs_error_codes.csv",
        "DCS.4029",
    ]);
    assert_eq!(
        (dcs.status, dcs.stdout.as_str()),
        (
            0,
            "DCS.4029  429 Too Many Requests
  message:         Too many requests.
  description:     The request rate exceeds the tenant's limit.
  troubleshooting: Slow down and try again.
  retryable:       yes
"
        )
    );
}

#[test]
fn explain_an_unknown_code_says_so_with_the_nearest_ones() {
    fails_with(
        &["explain", "CCE.01400031"],
        "unknown error code `CCE.01400031`: it is not in the CCE error-code table; did you mean `CCE.01400001` (Invalid request.) or `CCE.01400011` (Insufficient security group quota.) or `CCE.01400013` (Insufficient volume quota.)?\n",
    );
    fails_with(
        &["explain", "totally-unknown"],
        "unknown error code `totally-unknown`: it is not in the CCE error-code table; `cce-errors list` lists them\n",
    );
    fails_with(
        &["explain", "--table", "ui-tests/tables/services.csv", "X"],
        "unknown error code `X`: it is not in `ui-tests/tables/services.csv`; its codes are `SVC.0404`, `SVC.0409`, `SVC.0429`\n",
    );
    // The known codes are still shown.
    let mixed = run(&["explain", "CCE.01429002", "CCE.0142900"]);
    assert_eq!(mixed.status, 2);
    assert_eq!(mixed.stdout, LOCKED);
    assert!(mixed.stderr.starts_with("unknown error code `CCE.0142900`"));
}

#[test]
fn list_writes_each_format() {
    let text = run(&["list"]);
    assert_eq!(text.status, 0);
    assert_eq!(text.stdout.matches("\nCCE.").count() + 1, 43);
    assert!(text.stdout.contains(LOCKED));

    let json = run(&["list", "--format", "json"]);
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(43));
    assert_eq!(json[38]["code"], "CCE.01429002");
    assert_eq!(json[38]["status"], 429);

    for (format, reader) in [
        ("csv", cce_errors_table::Format::Csv),
        ("rst", cce_errors_table::Format::Grid),
    ] {
        let run = run(&["list", "--format", format]);
        assert_eq!(run.status, 0);
        let table = cce_errors_table::parse(&run.stdout, reader).expect("it reads back");
        // Every column of every row, as the built-in table has them.
        let read: Vec<_> = table
            .rows
            .iter()
            .map(|r| {
                (
                    r.status,
                    r.code.as_str(),
                    r.message.as_str(),
                    r.description.as_str(),
                    r.troubleshooting.as_str(),
                    r.retryable,
                )
            })
            .collect();
        let expected: Vec<_> = cce_errors::ErrorCode::all()
            .iter()
            .map(|r| {
                (
                    r.status().as_u16(),
                    r.code(),
                    r.message(),
                    r.description(),
                    r.troubleshooting(),
                    r.retryable(),
                )
            })
            .collect();
        assert_eq!(read, expected, "{format}");
    }

    let markdown = run(&["list", "--format", "markdown"]);
    assert!(
        markdown
            .stdout
            .starts_with("# Error Codes\n\n| Status Code | Error Code |")
    );
    assert_eq!(markdown.stdout.lines().count(), 2 + 2 + 43);

    let html = run(&["list", "--format", "html"]);
    assert!(html.stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.stdout.matches("<tr id=\"CCE.").count(), 43);

    let page = run(&[
        "list",
        "--table",
        "tests/tables/ecs_error_codes.rst",
        "--format",
        "csv",
    ]);
    assert_eq!(page.status, 0);
    assert_eq!(page.stdout.lines().count(), 1 + 8);
    assert!(page.stdout.contains(
        "\n404,Ecs.0114,The ECS does not exist.,The ECS of the given ID cannot be found.,Check whether the ECS has been deleted.\n"
    ));
}

#[test]
fn an_unknown_format_or_bad_arguments_are_usage_errors() {
    let run1 = run(&["list", "--format", "xml"]);
    assert_eq!((run1.status, run1.stdout.as_str()), (2, ""));
    assert!(
        run1.stderr.starts_with("error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: text, json, csv, markdown, rst, html]"),
        "{}",
        run1.stderr
    );
    for args in [
        &["explain"][..],
        &["check"],
        &["diff", "tests/tables/vpc_error_codes.csv"],
        &["frobnicate"],
        &[],
        &["list", "--table"],
    ] {
        let run = run(args);
        assert_eq!(run.status, 2, "{args:?}");
        assert!(
            run.stderr.starts_with("error: ") || run.stderr.starts_with("Explain"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn bad_tables_are_errors_with_the_file_and_line() {
    for command in [
        &["list", "--table"][..],
        &["explain", "CCE.01400001", "--table"],
    ] {
        fn with<'a>(command: &[&'a str], file: &'a str) -> Vec<&'a str> {
            [command, &[file]].concat()
        }
        fails_with(
            &with(command, "docs/missing.rst"),
            "docs/missing.rst: cannot read the file: No such file or directory (os error 2)\n",
        );
        fails_with(
            &with(command, "ui-tests/tables"),
            "ui-tests/tables: cannot read the file: Is a directory (os error 21)\n",
        );
        fails_with(
            &with(command, "ui-tests/tables/no-table.rst"),
            "ui-tests/tables/no-table.rst: no grid table with the columns Status Code, Error Code and Error Message\n",
        );
        fails_with(
            &with(command, "ui-tests/tables/bad-status.csv"),
            "ui-tests/tables/bad-status.csv:3: status `abc` is not an HTTP error status (400-599)\n",
        );
        fails_with(
            &with(command, "ui-tests/tables/two-statuses.rst"),
            "ui-tests/tables/two-statuses.rst:6: `SVC.0404` is listed with status 410, and with status 404 at line 4\n",
        );
        let binary = Scratch::new("binary.rst", &[0x89, b'P', b'N', b'G', 0xff, 0xfe, 0]);
        fails_with(
            &with(command, binary.arg()),
            &format!(
                "{}: not a table: the file is not UTF-8 text\n",
                binary.arg()
            ),
        );
        let empty = Scratch::new("empty.csv", b"");
        fails_with(
            &with(command, empty.arg()),
            &format!(
                "{}: the file is empty; its first line must name the columns\n",
                empty.arg()
            ),
        );
    }
}

#[test]
fn check_reports_every_mistake_as_file_line_message() {
    let ok = run(&["check", "tests/tables/ecs_error_codes.rst"]);
    assert_eq!(
        (ok.status, ok.stdout.as_str(), ok.stderr.as_str()),
        (
            0,
            "tests/tables/ecs_error_codes.rst: 8 rows, no mistakes\n",
            ""
        )
    );
    // A table with three mistakes (`tests/tables/broken_error_codes.csv`).
    let file = "tests/tables/broken_error_codes.csv";
    fails_with(
        &["check", file],
        &format!(
            "{file}:3: status `200` is not an HTTP error status (400-599)\n\
             {file}:4: Retryable `perhaps` is neither yes nor no: write `yes` or `true`, `no` or `false`, or leave the cell empty for no\n\
             {file}:5: `SVC.0404` is listed with status 410, and with status 404 at line 2\n\
             {file}: 3 mistakes\n"
        ),
    );
    fails_with(
        &["check", "ui-tests/tables/bad-status.csv"],
        "ui-tests/tables/bad-status.csv:3: status `abc` is not an HTTP error status (400-599)\nui-tests/tables/bad-status.csv: 1 mistake\n",
    );
    fails_with(
        &["check", "docs/missing.csv"],
        "docs/missing.csv: cannot read the file: No such file or directory (os error 2)\n",
    );
    fails_with(
        &["check", "ui-tests/tables/no-table.rst"],
        "ui-tests/tables/no-table.rst: no grid table with the columns Status Code, Error Code and Error Message\nui-tests/tables/no-table.rst: 1 mistake\n",
    );
}

#[test]
fn diff_shows_each_change_with_its_lines_and_fails_on_breaking_ones() {
    let v1 = "cce-errors-derive/tables/cce_02_0250.rst";
    let v2 = "tests/tables/cce_02_0250.v2.rst";
    let run1 = run(&["diff", v1, v2]);
    assert_eq!(run1.status, 1);
    assert_eq!(run1.stderr, "");
    assert_eq!(
        run1.stdout,
        format!(
            "! CCE.01400006 status changed from 400 to 415 ({v1}:40, {v2}:40)
~ CCE.01400008 message changed from \"Insufficient server quota\" to \"Insufficient server quota.\" ({v1}:44, {v2}:44)
- CCE.03409001 removed: it was 409 \"Addon instance has installed.\" ({v1}:104)
~ CCE.01429002 description changed from \"The resource is locked by another request.\" to \"The resource is locked by another request, such as a cluster that is still being created.\" ({v1}:106, {v2}:106)
~ CCE.01429002 troubleshooting changed from \"Rectify the fault based on the returned message or contact technical support.\" to \"Wait until the request holding the lock completes, then retry after the number of seconds in the Retry-After header.\" ({v1}:106, {v2}:106)
+ CCE.01400023 added: 400 \"Insufficient ENI quota.\" ({v2}:74)

2 breaking changes (codes removed or statuses changed), 1 code added, 3 other changes
"
        )
    );
    // The same rows as a page and as CSV.
    let same = run(&[
        "diff",
        "tests/tables/vpc_error_codes.rst",
        "tests/tables/vpc_error_codes.csv",
    ]);
    assert_eq!((same.status, same.stdout.as_str()), (0, "no differences\n"));
    // Additions and rewordings alone break nothing.
    let grown = Scratch::new(
        "grown.csv",
        b"Status Code,Error Code,Error Message\n404,SVC.0404,No such resource here.\n409,SVC.0409,The resource exists.\n429,SVC.0429,Too many requests.\n500,SVC.0500,Internal error.\n",
    );
    let additive = run(&["diff", "ui-tests/tables/services.csv", grown.arg()]);
    assert_eq!(additive.status, 0, "{}", additive.stdout);
    assert!(additive.stdout.ends_with(
        "\n0 breaking changes (codes removed or statuses changed), 1 code added, 1 other change\n"
    ));
    // Bad input on either side.
    fails_with(
        &["diff", v1, "docs/missing.rst"],
        "docs/missing.rst: cannot read the file: No such file or directory (os error 2)\n",
    );
    fails_with(
        &["diff", "ui-tests/tables/bad-status.csv", v2],
        "ui-tests/tables/bad-status.csv:3: status `abc` is not an HTTP error status (400-599)\n",
    );
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // A page far larger than a pipe's buffer, so that writing it fails.
    let mut csv = String::from("Status Code,Error Code,Error Message\n");
    for i in 0..5000 {
        let _ = writeln!(
            csv,
            "400,BIG.{i:05},A message long enough to fill the pipe quickly."
        );
    }
    let big = Scratch::new("big.csv", csv.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_cce-errors"))
        .args(["list", "--format", "html", "--table", big.arg()])
        .current_dir(workspace())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command runs");
    let mut stdout = child.stdout.take().expect("piped");
    let mut first = [0u8; 15];
    stdout.read_exact(&mut first).expect("the page starts");
    assert_eq!(&first, b"<!DOCTYPE html>");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("it ends");
    assert_eq!(status.code(), Some(0));
    assert_eq!(stderr, "");
}
