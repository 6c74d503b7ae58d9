//! An "Error Codes" page: rows of a table, or what a type sends (its
//! glossary), written as text, JSON, CSV, Markdown, reStructuredText (the
//! documentation's own grid layout) or one self-contained HTML page with
//! an anchor per code and a filter box.
//!
//! ```
//! use cce_errors::CceError;
//! use cce_errors::page::{Format, Page};
//!
//! #[derive(Debug, CceError)]
//! enum ApiError {
//!     #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
//!     ClusterNotFound { cluster_id: String },
//!     #[cce(code = "CCE.01429002")]
//!     Locked {
//!         #[cce(retry_after)]
//!         seconds: u64,
//!     },
//! }
//!
//! let markdown = Page::glossary::<ApiError>().render(Format::Markdown);
//! assert!(markdown.contains(
//!     "| 404 | CCE.01404001 | Resource not found. | Resources not found. | "
//! ));
//! let html = Page::glossary::<ApiError>().render(Format::Html);
//! assert!(html.contains(r#"<tr id="CCE.01429002">"#));
//! ```
//!
//! A page written as CSV or reStructuredText reads back as the same rows
//! with `#[cce(table = "...")]`, `cce_errors::table!` and the `cce-errors`
//! command, but for one thing: CSV has no paragraph breaks, so a cell of
//! several paragraphs is written with `; ` between them and reads back so.
//! Cell text is written as it is: in reStructuredText, inline markup in a
//! cell is not escaped.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use crate::{CceError, ErrorCode, VariantDoc};

/// How a [`Page`] is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// For a terminal: each code as a block of labelled lines.
    Text,
    /// An array of objects, one per code (`code`, `status`, `message`,
    /// `description`, `troubleshooting`, `retryable`, and `variants` for a
    /// glossary), pretty-printed.
    Json,
    /// RFC 4180, with the documentation's column names.
    Csv,
    /// A heading and a pipe table.
    Markdown,
    /// A heading and a grid table, as the documentation's pages have.
    Rst,
    /// One self-contained HTML page (no external file, script or style):
    /// a table with an anchor per code (`#CCE.01400001`) and a filter box.
    Html,
}

impl Format {
    /// Every format, in the order the command lists them.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Rst,
        Format::Html,
    ];

    /// Its name: `text`, `json`, `csv`, `markdown`, `rst`, `html`.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Rst => "rst",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`Format`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format `{}`: expected text, json, csv, markdown, rst or html",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// A format by its [name](Format::name), any case; `md` is Markdown.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let lower = name.to_ascii_lowercase();
        let lower = if lower == "md" { "markdown" } else { &lower };
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .ok_or_else(|| UnknownFormat(name.to_owned()))
    }
}

/// One code on a page: its row, and for a glossary the variants that send it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry<'a> {
    /// The code, such as `CCE.01400001`.
    pub code: &'a str,
    /// The HTTP status.
    pub status: u16,
    /// The error message.
    pub message: &'a str,
    /// The description; empty when there is none.
    pub description: &'a str,
    /// The troubleshooting advice; empty when there is none.
    pub troubleshooting: &'a str,
    /// Whether the table marks the code retryable.
    pub retryable: bool,
    /// The variants that send it, for a glossary; empty otherwise.
    pub variants: Vec<VariantDoc>,
}

impl<'a> Entry<'a> {
    /// A code with its status and message, and nothing else yet.
    pub fn new(code: &'a str, status: u16, message: &'a str) -> Self {
        Entry {
            code,
            status,
            message,
            description: "",
            troubleshooting: "",
            retryable: false,
            variants: Vec::new(),
        }
    }

    /// The same with a description.
    #[must_use]
    pub fn with_description(mut self, description: &'a str) -> Self {
        self.description = description;
        self
    }

    /// The same with troubleshooting advice.
    #[must_use]
    pub fn with_troubleshooting(mut self, troubleshooting: &'a str) -> Self {
        self.troubleshooting = troubleshooting;
        self
    }

    /// The same, retryable or not.
    #[must_use]
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }
}

impl<'a> From<&'a ErrorCode> for Entry<'a> {
    fn from(row: &'a ErrorCode) -> Self {
        Entry::new(row.code(), row.status().as_u16(), row.message())
            .with_description(row.description())
            .with_troubleshooting(row.troubleshooting())
            .with_retryable(row.retryable())
    }
}

/// An "Error Codes" page: a title and its codes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<'a> {
    title: String,
    entries: Vec<Entry<'a>>,
    glossary: bool,
}

const DEFAULT_TITLE: &str = "Error Codes";

impl<'a> Page<'a> {
    /// An empty page titled `title`.
    pub fn new(title: impl Into<String>) -> Self {
        Page {
            title: title.into(),
            entries: Vec::new(),
            glossary: false,
        }
    }

    /// "Error Codes": the rows, in their order; [`ErrorCode::all()`] gives
    /// the CCE table's page.
    pub fn of_rows(rows: impl IntoIterator<Item = &'a ErrorCode>) -> Self {
        let mut page = Page::new(DEFAULT_TITLE);
        page.entries = rows.into_iter().map(Entry::from).collect();
        page
    }

    /// Appends a code.
    pub fn push(&mut self, entry: Entry<'a>) {
        self.entries.push(entry);
    }

    /// The same page with another title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The codes, in order.
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }

    /// The page written as `format`.
    pub fn render(&self, format: Format) -> String {
        let mut out = String::new();
        // Writing to a `String` does not fail.
        let _ = match format {
            Format::Text => self.text(&mut out),
            Format::Json => self.json(&mut out),
            Format::Csv => self.csv(&mut out),
            Format::Markdown => self.markdown(&mut out),
            Format::Rst => self.rst(&mut out),
            Format::Html => self.html(&mut out),
        };
        out
    }
}

impl Page<'static> {
    /// "Error Codes" of a type: each code [`E::variant_docs`](CceError::variant_docs)
    /// lists, in the order of its first variant, with the variants that
    /// send it (their detail templates and `Retry-After`). The lock file of
    /// [`contract`](crate::contract) is its diffable form.
    pub fn glossary<E: CceError>() -> Self {
        let mut page = Page::new(DEFAULT_TITLE);
        page.glossary = true;
        for doc in E::variant_docs() {
            let code = doc.error_code.code();
            if let Some(entry) = page.entries.iter_mut().find(|e| e.code == code) {
                if !entry.variants.contains(&doc) {
                    entry.variants.push(doc);
                }
            } else {
                let mut entry = Entry::from(doc.error_code);
                entry.variants.push(doc);
                page.entries.push(entry);
            }
        }
        page
    }
}

/// The columns of a page: the documentation's, then `Retryable` when a
/// code is retryable, then `Variants` for a glossary.
#[derive(Clone, Copy)]
enum Column {
    Status,
    Code,
    Message,
    Description,
    Troubleshooting,
    Retryable,
    Variants,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Status => "Status Code",
            Column::Code => "Error Code",
            Column::Message => "Error Message",
            Column::Description => "Description",
            Column::Troubleshooting => "Troubleshooting",
            Column::Retryable => "Retryable",
            Column::Variants => "Variants",
        }
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// A variant as one line of text: `ApiError::Locked: "cluster {id} is
/// locked" (Retry-After)`.
fn variant_line(doc: &VariantDoc) -> String {
    let mut line = doc.name.to_owned();
    if let Some(detail) = doc.detail {
        let _ = write!(line, ": {detail:?}");
    }
    if doc.retry_after {
        line.push_str(" (Retry-After)");
    }
    line
}

impl Page<'_> {
    fn columns(&self) -> Vec<Column> {
        let mut columns = vec![
            Column::Status,
            Column::Code,
            Column::Message,
            Column::Description,
            Column::Troubleshooting,
        ];
        if self.entries.iter().any(|e| e.retryable) {
            columns.push(Column::Retryable);
        }
        if self.glossary {
            columns.push(Column::Variants);
        }
        columns
    }

    /// A cell's text; paragraphs (and a glossary's variants) apart by a
    /// blank line.
    fn cell(entry: &Entry<'_>, column: Column) -> String {
        match column {
            Column::Status => entry.status.to_string(),
            Column::Code => entry.code.to_owned(),
            Column::Message => entry.message.to_owned(),
            Column::Description => entry.description.to_owned(),
            Column::Troubleshooting => entry.troubleshooting.to_owned(),
            Column::Retryable => yes_no(entry.retryable).to_owned(),
            Column::Variants => entry
                .variants
                .iter()
                .map(variant_line)
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }

    fn text(&self, out: &mut String) -> fmt::Result {
        for (i, entry) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let reason = http::StatusCode::from_u16(entry.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .map_or(String::new(), |r| format!(" {r}"));
            writeln!(out, "{}  {}{reason}", entry.code, entry.status)?;
            let mut line = |label: &str, value: &str| {
                if value.is_empty() {
                    return Ok(());
                }
                let label = if label.is_empty() {
                    String::new()
                } else {
                    format!("{label}:")
                };
                writeln!(out, "  {label:<17}{}", value.replace("\n\n", " "))
            };
            line("message", entry.message)?;
            line("description", entry.description)?;
            line("troubleshooting", entry.troubleshooting)?;
            if entry.retryable {
                line("retryable", "yes")?;
            }
            for (i, doc) in entry.variants.iter().enumerate() {
                line(if i == 0 { "variants" } else { "" }, &variant_line(doc))?;
            }
        }
        Ok(())
    }

    fn json(&self, out: &mut String) -> fmt::Result {
        let string = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
        if self.entries.is_empty() {
            out.push_str("[]\n");
            return Ok(());
        }
        out.push_str("[\n");
        for (i, e) in self.entries.iter().enumerate() {
            out.push_str("  {\n");
            writeln!(out, "    \"code\": {},", string(e.code))?;
            writeln!(out, "    \"status\": {},", e.status)?;
            writeln!(out, "    \"message\": {},", string(e.message))?;
            writeln!(out, "    \"description\": {},", string(e.description))?;
            writeln!(
                out,
                "    \"troubleshooting\": {},",
                string(e.troubleshooting)
            )?;
            write!(out, "    \"retryable\": {}", e.retryable)?;
            if self.glossary {
                out.push_str(",\n    \"variants\": [");
                for (j, doc) in e.variants.iter().enumerate() {
                    out.push_str(if j == 0 { "\n" } else { ",\n" });
                    let detail = doc.detail.map_or("null".to_owned(), string);
                    let placeholders = doc
                        .placeholders
                        .iter()
                        .map(|p| string(p))
                        .collect::<Vec<_>>()
                        .join(", ");
                    write!(
                        out,
                        "      {{\"name\": {}, \"detail\": {detail}, \"placeholders\": [{placeholders}], \"retryAfter\": {}}}",
                        string(doc.name),
                        doc.retry_after
                    )?;
                }
                out.push_str(if e.variants.is_empty() {
                    "]"
                } else {
                    "\n    ]"
                });
            }
            out.push_str("\n  }");
            out.push_str(if i + 1 < self.entries.len() {
                ",\n"
            } else {
                "\n"
            });
        }
        out.push_str("]\n");
        Ok(())
    }

    fn csv(&self, out: &mut String) -> fmt::Result {
        let columns = self.columns();
        let field = |text: &str| {
            let text = text.replace("\n\n", "; ");
            if text.contains([',', '"', '\n', '\r']) || text.trim() != text {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text
            }
        };
        let header: Vec<String> = columns.iter().map(|c| field(c.name())).collect();
        writeln!(out, "{}", header.join(","))?;
        for entry in &self.entries {
            let cells: Vec<String> = columns
                .iter()
                .map(|&c| field(&Self::cell(entry, c)))
                .collect();
            writeln!(out, "{}", cells.join(","))?;
        }
        Ok(())
    }

    fn markdown(&self, out: &mut String) -> fmt::Result {
        let columns = self.columns();
        writeln!(out, "# {}\n", markdown_text(&self.title))?;
        let header: Vec<&str> = columns.iter().map(|c| c.name()).collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "|{}", " --- |".repeat(columns.len()))?;
        for entry in &self.entries {
            let cells: Vec<String> = columns
                .iter()
                .map(|&c| markdown_text(&Self::cell(entry, c)).replace("\n\n", "<br><br>"))
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    }

    fn rst(&self, out: &mut String) -> fmt::Result {
        let columns = self.columns();
        let title: String = self.title.chars().filter(|c| *c != '\n').collect();
        writeln!(out, "{title}")?;
        writeln!(out, "{}\n", "=".repeat(title.chars().count().max(1)))?;
        // Each cell as its lines: a paragraph per line, a blank line between.
        let lines_of = |text: &str| -> Vec<String> {
            let mut lines = Vec::new();
            for (i, paragraph) in text.split("\n\n").enumerate() {
                if i > 0 {
                    lines.push(String::new());
                }
                lines.push(paragraph.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            lines
        };
        let header: Vec<Vec<String>> = columns.iter().map(|c| vec![c.name().to_owned()]).collect();
        let rows: Vec<Vec<Vec<String>>> = self
            .entries
            .iter()
            .map(|e| {
                columns
                    .iter()
                    .map(|&c| lines_of(&Self::cell(e, c)))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..columns.len())
            .map(|i| {
                std::iter::once(&header)
                    .chain(&rows)
                    .flat_map(|row| row[i].iter())
                    .map(|line| line.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let border = |fill: char| -> String {
            let mut line = String::from("+");
            for width in &widths {
                line.extend(std::iter::repeat_n(fill, width + 2));
                line.push('+');
            }
            line
        };
        let write_row = |out: &mut String, row: &[Vec<String>]| -> fmt::Result {
            let height = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for i in 0..height {
                out.push('|');
                for (cell, width) in row.iter().zip(&widths) {
                    let text = cell.get(i).map_or("", String::as_str);
                    let pad = width - text.chars().count();
                    write!(out, " {text}{} |", " ".repeat(pad))?;
                }
                out.push('\n');
            }
            Ok(())
        };
        writeln!(out, "{}", border('-'))?;
        write_row(out, &header)?;
        writeln!(out, "{}", border('='))?;
        for row in &rows {
            write_row(out, row)?;
            writeln!(out, "{}", border('-'))?;
        }
        Ok(())
    }

    fn html(&self, out: &mut String) -> fmt::Result {
        let columns = self.columns();
        let title = html_text(&self.title);
        let count = self.entries.len();
        let noun = if count == 1 { "code" } else { "codes" };
        writeln!(out, "<!DOCTYPE html>")?;
        writeln!(out, "<html lang=\"en\">")?;
        writeln!(out, "<head>")?;
        writeln!(out, "<meta charset=\"utf-8\">")?;
        writeln!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(out, "<title>{title}</title>")?;
        out.push_str(HTML_STYLE);
        writeln!(out, "</head>")?;
        writeln!(out, "<body>")?;
        writeln!(out, "<h1>{title}</h1>")?;
        writeln!(
            out,
            "<p class=\"filter\"><label for=\"filter\">Filter</label> <input id=\"filter\" type=\"search\" placeholder=\"code, status or words\" autocomplete=\"off\"> <span id=\"shown\" aria-live=\"polite\">{count} of {count} {noun}</span></p>"
        )?;
        writeln!(out, "<table id=\"codes\">")?;
        out.push_str("<thead><tr>");
        for column in &columns {
            write!(out, "<th scope=\"col\">{}</th>", column.name())?;
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for entry in &self.entries {
            let id = html_text(entry.code);
            write!(out, "<tr id=\"{id}\">")?;
            for &column in &columns {
                match column {
                    Column::Code => {
                        write!(out, "<td><a href=\"#{id}\"><code>{id}</code></a></td>")?;
                    }
                    Column::Variants => {
                        out.push_str("<td><ul>");
                        for doc in &entry.variants {
                            write!(out, "<li><code>{}</code>", html_text(doc.name))?;
                            if let Some(detail) = doc.detail {
                                write!(out, ": <q>{}</q>", html_text(detail))?;
                            }
                            if doc.retry_after {
                                out.push_str(" (Retry-After)");
                            }
                            out.push_str("</li>");
                        }
                        out.push_str("</ul></td>");
                    }
                    _ => {
                        let text =
                            html_text(&Self::cell(entry, column)).replace("\n\n", "<br><br>");
                        write!(out, "<td>{text}</td>")?;
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        writeln!(out, "<p id=\"none\" hidden>No code matches the filter.</p>")?;
        out.push_str(HTML_SCRIPT);
        writeln!(out, "</body>")?;
        writeln!(out, "</html>")?;
        Ok(())
    }
}

const HTML_STYLE: &str = "<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8c8c8; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; position: sticky; top: 0; }
tr[hidden] { display: none; }
tr:target { background: #fff3c4; }
td ul { margin: 0; padding-left: 1.2rem; }
.filter input { font: inherit; padding: 0.3rem 0.5rem; min-width: 20rem; }
#shown { color: #555; margin-left: 0.5rem; }
</style>
";

/// Filters rows by every word typed (case-insensitive, over the row's
/// cells' text); `?filter=words` in the address fills the box.
const HTML_SCRIPT: &str = "<script>
(function () {
  var input = document.getElementById('filter');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#codes tbody tr'));
  var shown = document.getElementById('shown');
  var none = document.getElementById('none');
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var cells = Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; });
      var text = cells.join(' ').toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = count + ' of ' + rows.length + (rows.length === 1 ? ' code' : ' codes');
    none.hidden = count !== 0;
  }
  var asked = new URLSearchParams(window.location.search).get('filter');
  if (asked) { input.value = asked; }
  input.addEventListener('input', apply);
  apply();
})();
</script>
";

/// Text in HTML: `&`, `<`, `>`, `\"` and `'` as references.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text in a Markdown table cell, shown as written: ASCII punctuation that
/// Markdown would read escaped with a backslash.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("MD".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!(
            "xml".parse::<Format>().unwrap_err().to_string(),
            "unknown format `xml`: expected text, json, csv, markdown, rst or html"
        );
    }

    #[test]
    fn escapes_html_and_markdown() {
        assert_eq!(
            html_text("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(markdown_text("a|b *c* [d]"), "a\\|b \\*c\\* \\[d\\]");
    }
}
