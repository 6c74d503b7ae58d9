//! The `cce-errors` command: explain, list, check and compare error-code
//! tables, the CCE table shipped with the crate or a team's own (a page
//! with a grid table, or CSV), read by the derive's own reader.
//!
//! ```sh
//! cargo install cce-errors --features cli
//! cce-errors explain CCE.01429002
//! cce-errors list --table docs/error-codes.rst --format html > error-codes.html
//! cce-errors check docs/error-codes.rst
//! cce-errors diff old/error-codes.rst docs/error-codes.rst
//! ```
//!
//! Exit status: 0 on success, 1 when `diff` finds a breaking change, 2 on
//! bad input (a missing or unreadable file, no table in it, a malformed
//! row, an unknown code) or a bad command line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cce_errors::ErrorCode;
use cce_errors::page::{Entry, Format, Page};
use cce_errors_table::{ChangeKind, Row, Table, TableError};
use clap::{Parser, Subcommand, ValueEnum};

/// Explain, list, check and compare error-code tables: the CCE table
/// shipped with cce-errors, or a team's own (a page with a grid table, or
/// a .csv file).
#[derive(Debug, Parser)]
#[command(name = "cce-errors", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show what codes mean: status, message, description, troubleshooting.
    Explain {
        /// The codes, such as CCE.01429002.
        #[arg(required = true, value_name = "CODE")]
        codes: Vec<String>,
        /// The table to look in, instead of the CCE table.
        #[arg(long, value_name = "FILE")]
        table: Option<PathBuf>,
    },
    /// Write an "Error Codes" page of a table to standard output.
    List {
        /// The table, instead of the CCE table.
        #[arg(long, value_name = "FILE")]
        table: Option<PathBuf>,
        /// How to write it: html is one self-contained page with an anchor
        /// per code and a filter box; rst is the documentation's grid layout.
        #[arg(long, value_enum, default_value_t = PageFormat::Text)]
        format: PageFormat,
    },
    /// Check a table file as the derive does: every mistake as `file:line: message`.
    Check {
        /// The table: a page with a grid table, or a .csv file.
        file: PathBuf,
    },
    /// Show what changed between two versions of a table; the exit status
    /// is 1 when a change breaks clients (a code removed, a status changed).
    Diff {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PageFormat {
    Text,
    Json,
    Csv,
    Markdown,
    Rst,
    Html,
}

impl From<PageFormat> for Format {
    fn from(format: PageFormat) -> Self {
        match format {
            PageFormat::Text => Format::Text,
            PageFormat::Json => Format::Json,
            PageFormat::Csv => Format::Csv,
            PageFormat::Markdown => Format::Markdown,
            PageFormat::Rst => Format::Rst,
            PageFormat::Html => Format::Html,
        }
    }
}

/// What a command prints, and how it ends.
struct Done {
    stdout: String,
    stderr: String,
    status: u8,
}

/// Bad input: a message for standard error, exit status 2.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let done = match run(cli.command) {
        Ok(done) => done,
        Err(Failure(message)) => Done {
            stdout: String::new(),
            stderr: format!("{message}\n"),
            status: 2,
        },
    };
    // A reader that stops early (`| head`) is no error, and no panic.
    let _ = std::io::stdout().lock().write_all(done.stdout.as_bytes());
    let _ = std::io::stderr().lock().write_all(done.stderr.as_bytes());
    ExitCode::from(done.status)
}

fn run(command: Command) -> Result<Done, Failure> {
    match command {
        Command::Explain { codes, table } => explain(&codes, table.as_deref()),
        Command::List { table, format } => {
            let (table, _) = table_or_cce(table.as_deref())?;
            Ok(Done {
                stdout: page_of(&table).render(format.into()),
                stderr: String::new(),
                status: 0,
            })
        }
        Command::Check { file } => check(&file),
        Command::Diff { old, new } => diff(&old, &new),
    }
}

/// The table at `path`, or the CCE table; and how messages name it.
fn table_or_cce(path: Option<&Path>) -> Result<(Table, String), Failure> {
    match path {
        Some(path) => Ok((read(path)?, format!("`{}`", path.display()))),
        None => Ok((cce_table(), "the CCE error-code table".to_owned())),
    }
}

/// The CCE table's rows, as the derive read them while compiling.
fn cce_table() -> Table {
    Table::new(
        ErrorCode::all()
            .iter()
            .map(|code| {
                let mut row = Row::new(code.code(), code.status().as_u16(), code.message());
                code.description().clone_into(&mut row.description);
                code.troubleshooting().clone_into(&mut row.troubleshooting);
                row.retryable = code.retryable();
                row
            })
            .collect(),
    )
}

/// The text of a table file.
fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure(format!("{}: cannot read the file: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| {
        Failure(format!(
            "{}: not a table: the file is not UTF-8 text",
            path.display()
        ))
    })
}

/// `file:line: message`, as compilers write it.
fn located(path: &Path, error: &TableError) -> String {
    match error.line() {
        Some(line) => format!("{}:{line}: {}", path.display(), error.message()),
        None => format!("{}: {}", path.display(), error.message()),
    }
}

/// A table file, read as the derive reads it.
fn read(path: &Path) -> Result<Table, Failure> {
    let text = read_text(path)?;
    cce_errors_table::parse(&text, cce_errors_table::Format::of_path(path))
        .map_err(|error| Failure(located(path, &error)))
}

fn entry(row: &Row) -> Entry<'_> {
    Entry::new(&row.code, row.status, &row.message)
        .with_description(&row.description)
        .with_troubleshooting(&row.troubleshooting)
        .with_retryable(row.retryable)
}

fn page_of(table: &Table) -> Page<'_> {
    let mut page = Page::new("Error Codes");
    for row in &table.rows {
        page.push(entry(row));
    }
    page
}

fn explain(codes: &[String], path: Option<&Path>) -> Result<Done, Failure> {
    let (table, name) = table_or_cce(path)?;
    let listing = match path {
        Some(path) => format!("`cce-errors list --table {}` lists them", path.display()),
        None => "`cce-errors list` lists them".to_owned(),
    };
    let mut page = Page::new("Error Codes");
    let mut stderr = String::new();
    for code in codes {
        let code = code.trim();
        match table.get(code) {
            Some(row) => page.push(entry(row)),
            None => {
                let _ = writeln!(
                    stderr,
                    "unknown error code `{}`: it is not in {name}{}",
                    code.escape_debug(),
                    table.suggest(code, &listing)
                );
            }
        }
    }
    let status = if stderr.is_empty() { 0 } else { 2 };
    Ok(Done {
        stdout: page.render(Format::Text),
        stderr,
        status,
    })
}

fn check(path: &Path) -> Result<Done, Failure> {
    let text = read_text(path)?;
    let errors = cce_errors_table::lint(&text, cce_errors_table::Format::of_path(path));
    if errors.is_empty() {
        // `lint` found nothing, so the table parses.
        let rows = cce_errors_table::parse(&text, cce_errors_table::Format::of_path(path))
            .map_or(0, |table| table.rows.len());
        let noun = if rows == 1 { "row" } else { "rows" };
        return Ok(Done {
            stdout: format!("{}: {rows} {noun}, no mistakes\n", path.display()),
            stderr: String::new(),
            status: 0,
        });
    }
    let mut stderr = String::new();
    for error in &errors {
        stderr.push_str(&located(path, error));
        stderr.push('\n');
    }
    let n = errors.len();
    let _ = writeln!(
        stderr,
        "{}: {n} {}",
        path.display(),
        if n == 1 { "mistake" } else { "mistakes" }
    );
    Ok(Done {
        stdout: String::new(),
        stderr,
        status: 2,
    })
}

fn diff(old_path: &Path, new_path: &Path) -> Result<Done, Failure> {
    let old = read(old_path)?;
    let new = read(new_path)?;
    let changes = cce_errors_table::diff(&old, &new);
    let mut stdout = String::new();
    let at = |path: &Path, row: Option<&Row>| row.map(|r| format!("{}:{}", path.display(), r.line));
    for change in &changes {
        let mark = match change.kind {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            _ if change.is_breaking() => '!',
            _ => '~',
        };
        let places: Vec<String> = [at(old_path, change.old), at(new_path, change.new)]
            .into_iter()
            .flatten()
            .collect();
        let _ = writeln!(stdout, "{mark} {change} ({})", places.join(", "));
    }
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let added = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Added)
        .count();
    let other = changes.len() - breaking - added;
    if changes.is_empty() {
        stdout.push_str("no differences\n");
    } else {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(
            stdout,
            "\n{} (codes removed or statuses changed), {} added, {}",
            plural(breaking, "breaking change"),
            plural(added, "code"),
            plural(other, "other change")
        );
    }
    Ok(Done {
        stdout,
        stderr: String::new(),
        status: u8::from(breaking > 0),
    })
}
