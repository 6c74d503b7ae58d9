//! "Error Codes" pages of a table and of a type (its glossary), in every
//! format: CSV and reStructuredText read back as the same rows, JSON
//! parses, text is what `explain` prints, HTML is one escaped,
//! self-contained page. (`tests/cli/browser.js` renders the HTML in a real
//! browser and filters it.)

use cce_errors::page::{Entry, Format, Page};
use cce_errors::{CceError, ErrorCode};
use cce_errors_table::{Format as TableFormat, Row, parse};
use serde_json::{Value, json};

/// What a table row says, whichever reader produced it.
fn facts_of_rows(rows: &[Row]) -> Vec<(String, u16, String, String, String, bool)> {
    rows.iter()
        .map(|r| {
            (
                r.code.clone(),
                r.status,
                r.message.clone(),
                r.description.clone(),
                r.troubleshooting.clone(),
                r.retryable,
            )
        })
        .collect()
}

fn facts_of_codes(rows: &[ErrorCode]) -> Vec<(String, u16, String, String, String, bool)> {
    rows.iter()
        .map(|r| {
            (
                r.code().to_owned(),
                r.status().as_u16(),
                r.message().to_owned(),
                r.description().to_owned(),
                r.troubleshooting().to_owned(),
                r.retryable(),
            )
        })
        .collect()
}

const DCS: &[ErrorCode] = cce_errors::table!("tables/dcs_error_codes.csv");

#[test]
fn rst_and_csv_pages_read_back_as_the_same_rows() {
    for rows in [ErrorCode::all(), DCS] {
        let page = Page::of_rows(rows);
        let rst = parse(&page.render(Format::Rst), TableFormat::Grid).unwrap();
        assert_eq!(facts_of_rows(&rst.rows), facts_of_codes(rows));
        let csv = parse(&page.render(Format::Csv), TableFormat::Csv).unwrap();
        assert_eq!(facts_of_rows(&csv.rows), facts_of_codes(rows));
    }
}

#[test]
fn rst_is_the_documentations_grid_layout() {
    let rst = Page::of_rows(&ErrorCode::all()[..2]).render(Format::Rst);
    let lines: Vec<&str> = rst.lines().collect();
    assert_eq!(lines[0], "Error Codes");
    assert_eq!(lines[1], "===========");
    assert_eq!(lines[2], "");
    // The shipped page's own header and first row, with columns as wide as
    // this page's longest cell.
    assert_eq!(
        lines[4],
        "| Status Code | Error Code   | Error Message                | Description                    | Troubleshooting                                                                                                    |"
    );
    assert!(lines[5].starts_with("+=============+==============+====="));
    assert_eq!(
        lines[6],
        "| 400         | CCE.01400001 | Invalid request.             | Invalid request body.          | Modify the request body based on the returned message and the CCE API documentation, or contact technical support. |"
    );
    assert_eq!(lines.len(), 10);
    // A table with a retryable code has the column.
    let dcs = Page::of_rows(DCS).render(Format::Rst);
    assert!(dcs.lines().nth(4).unwrap().ends_with("| Retryable |"));
}

#[test]
fn text_is_what_explain_prints() {
    let row = ErrorCode::lookup("CCE.01429002").unwrap();
    assert_eq!(
        Page::of_rows([row]).render(Format::Text),
        "CCE.01429002  429 Too Many Requests\n  \
         message:         Resource locked by other requests.\n  \
         description:     The resource is locked by another request.\n  \
         troubleshooting: Rectify the fault based on the returned message or contact technical support.\n"
    );
    let text = Page::of_rows(DCS).render(Format::Text);
    assert!(text.contains("DCS.4009  409 Conflict\n"));
    assert!(text.contains("  retryable:       yes\n"));
    assert_eq!(text.matches("retryable:").count(), 3);
}

#[test]
fn json_is_one_object_per_code() {
    let json: Value = serde_json::from_str(&Page::of_rows(DCS).render(Format::Json)).unwrap();
    let codes = json.as_array().unwrap();
    assert_eq!(codes.len(), 6);
    assert_eq!(
        codes[2],
        json!({
            "code": "DCS.4009",
            "status": 409,
            "message": "The instance is being modified.",
            "description": "Another operation is in progress on the instance.",
            "troubleshooting": "Wait until the operation completes and try again.",
            "retryable": true,
        })
    );
    let empty: Value = serde_json::from_str(&Page::new("none").render(Format::Json)).unwrap();
    assert_eq!(empty, json!([]));
}

#[test]
fn markdown_is_a_pipe_table_with_its_text_escaped() {
    let mut page = Page::new("Gateway | errors");
    page.push(
        Entry::new("GW.1", 502, "Bad <gateway> | *upstream*")
            .with_description("a_b")
            .with_troubleshooting("Retry.\n\nOr wait."),
    );
    assert_eq!(
        page.render(Format::Markdown),
        "# Gateway \\| errors\n\n\
         | Status Code | Error Code | Error Message | Description | Troubleshooting |\n\
         | --- | --- | --- | --- | --- |\n\
         | 502 | GW.1 | Bad \\<gateway\\> \\| \\*upstream\\* | a\\_b | Retry.<br><br>Or wait. |\n"
    );
}

#[test]
fn html_is_one_self_contained_page_with_an_anchor_per_code() {
    let html = Page::of_rows(ErrorCode::all()).render(Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    assert_eq!(html.matches("<tr id=\"CCE.").count(), 43);
    assert!(html.contains(
        "<tr id=\"CCE.01429002\"><td>429</td><td><a href=\"#CCE.01429002\"><code>CCE.01429002</code></a></td><td>Resource locked by other requests.</td>"
    ));
    assert!(html.contains("<input id=\"filter\" type=\"search\""));
    assert!(html.contains("<span id=\"shown\" aria-live=\"polite\">43 of 43 codes</span>"));
    // Nothing is fetched from elsewhere.
    for external in ["src=", "href=\"http", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    // Text is escaped wherever it goes.
    let mut page = Page::new("<b>errors</b>");
    page.push(Entry::new(
        "X\"1",
        400,
        "<script>alert(1)</script> & 'more'",
    ));
    let html = page.render(Format::Html);
    assert!(html.contains("<title>&lt;b&gt;errors&lt;/b&gt;</title>"));
    assert!(html.contains("<tr id=\"X&quot;1\">"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;more&#39;"));
    assert_eq!(html.matches("<script>").count(), 1, "only the page's own");
}

#[derive(Debug, CceError)]
#[allow(dead_code)]
enum ApiError {
    #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
    ClusterNotFound { cluster_id: String },
    #[cce(code = "CCE.01429002", detail = "cluster {cluster_id} is locked")]
    Locked {
        cluster_id: String,
        #[cce(retry_after)]
        seconds: u64,
    },
    #[cce(code = "CCE.01404001")]
    NodeNotFound,
    #[cce(transparent)]
    Dcs(DcsError),
}

#[derive(Debug, CceError)]
#[cce(table = "tables/dcs_error_codes.csv")]
enum DcsError {
    #[cce(code = "DCS.4029")]
    Throttled,
}

#[test]
fn a_glossary_lists_each_code_once_with_the_variants_that_send_it() {
    let page = Page::glossary::<ApiError>();
    let codes: Vec<(&str, usize)> = page
        .entries()
        .iter()
        .map(|e| (e.code, e.variants.len()))
        .collect();
    assert_eq!(
        codes,
        [("CCE.01404001", 2), ("CCE.01429002", 1), ("DCS.4029", 1)]
    );
    let json: Value = serde_json::from_str(&page.render(Format::Json)).unwrap();
    assert_eq!(
        json[0]["variants"],
        json!([
            {"name": "ApiError::ClusterNotFound", "detail": "cluster {cluster_id} does not exist", "placeholders": ["cluster_id"], "retryAfter": false},
            {"name": "ApiError::NodeNotFound", "detail": null, "placeholders": [], "retryAfter": false},
        ])
    );
    assert_eq!(json[1]["variants"][0]["retryAfter"], json!(true));
    assert_eq!(json[2]["retryable"], json!(true));
    let text = page.render(Format::Text);
    assert!(text.contains(
        "  variants:        ApiError::ClusterNotFound: \"cluster {cluster_id} does not exist\"\n                   ApiError::NodeNotFound\n"
    ), "{text}");
    assert!(text.contains(
        "  variants:        ApiError::Locked: \"cluster {cluster_id} is locked\" (Retry-After)\n"
    ));
    // The documentation's columns read back, the extra ones ignored.
    let rst = parse(&page.render(Format::Rst), TableFormat::Grid).unwrap();
    assert_eq!(rst.rows.len(), 3);
    assert!(rst.rows[2].retryable);
    let csv = page.render(Format::Csv);
    assert!(csv.starts_with(
        "Status Code,Error Code,Error Message,Description,Troubleshooting,Retryable,Variants\n"
    ));
    assert!(csv.contains(
        ",no,\"ApiError::ClusterNotFound: \"\"cluster {cluster_id} does not exist\"\"; ApiError::NodeNotFound\"\n"
    ), "{csv}");
    let html = page.render(Format::Html);
    assert!(html.contains(
        "<li><code>ApiError::Locked</code>: <q>cluster {cluster_id} is locked</q> (Retry-After)</li>"
    ));
}
