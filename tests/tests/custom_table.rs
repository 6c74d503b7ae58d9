//! `#[cce(table = "...")]`: a team's own error-code table, as a grid-table
//! page or a CSV file, with codes of any shape; and what a type can produce.

use std::time::Duration;

use axum::response::IntoResponse as _;
use cce_errors::{CceError, ErrorBody, ErrorCode, VariantDoc};
use serde_json::json;

/// ECS's page: columns in another order, wrapped cells, an extra column.
#[derive(Debug, PartialEq, CceError)]
#[cce(table = "tables/ecs_error_codes.rst")]
enum EcsError {
    #[cce(code = "Ecs.0114", detail = "server {0} does not exist")]
    NotFound(String),
    #[cce(code = "Ecs.0000")]
    BadRequest,
    #[cce(code = "Ecs.0319")]
    Throttled {
        #[cce(retry_after)]
        after: u64,
    },
    #[cce(code = "Ecs.0503", status = 503)]
    Unavailable {
        #[cce(retry_after)]
        after: Duration,
    },
}

/// An API gateway's table as CSV, with quoted fields over several lines
/// and a code of yet another shape.
#[derive(Debug, PartialEq, CceError)]
#[cce(table = "tables/apigw_error_codes.csv")]
enum GatewayError {
    #[cce(code = "APIGW.0301")]
    Unauthenticated,
    #[cce(code = "APIGW.0101")]
    NoSuchApi,
    #[cce(code = "SVCSTG.CCE-ADDONMGR.4000001", detail = "fixed text")]
    AddonParameters,
}

/// A service-wide type composed of the CCE table's codes and two others.
#[derive(Debug, PartialEq, CceError)]
enum ServiceError {
    #[cce(code = "CCE.01404001")]
    NotFound,
    #[cce(transparent)]
    Ecs(EcsError),
    #[cce(transparent)]
    Gateway(GatewayError),
    #[cce(code = "CCE.01404001", detail = "gone")]
    Gone,
}

#[test]
fn rows_come_from_the_teams_file() {
    let row = EcsError::NotFound("i-1".into()).error_code();
    assert_eq!(row.code(), "Ecs.0114");
    assert_eq!(row.status(), http::StatusCode::NOT_FOUND);
    assert_eq!(row.message(), "The ECS does not exist.");
    assert_eq!(
        row.description(),
        "The ECS of the given ID cannot be found."
    );
    assert_eq!(
        row.troubleshooting(),
        "Check whether the ECS has been deleted."
    );

    let row = GatewayError::NoSuchApi.error_code();
    assert_eq!(row.status(), http::StatusCode::NOT_FOUND);
    assert_eq!(
        row.description(),
        "The API is not published, or was deleted."
    );
    assert_eq!(
        row.troubleshooting(),
        "Check whether the domain name, method and path match those of a published API."
    );
    assert_eq!(
        GatewayError::AddonParameters.error_code().status(),
        http::StatusCode::BAD_REQUEST
    );
    // The CCE table's lookup stays the CCE table's.
    assert!(ErrorCode::lookup("Ecs.0114").is_none());
    assert!(ErrorCode::lookup("APIGW.0301").is_none());
}

#[test]
fn everything_works_for_their_rows() {
    let error = EcsError::NotFound("i-1".into());
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({"errorCode": "Ecs.0114", "errorMessage": "The ECS does not exist.", "message": "server i-1 does not exist"})
    );
    assert_eq!(
        error.to_string(),
        "The ECS does not exist. [Ecs.0114]: server i-1 does not exist"
    );
    let throttled = EcsError::Throttled { after: 7 }.into_response();
    assert_eq!(throttled.status(), 429);
    assert_eq!(throttled.headers()["retry-after"], "7");
    assert_eq!(
        ServiceError::Gone.to_string(),
        "Resource not found. [CCE.01404001]: gone"
    );
    let unavailable = EcsError::Unavailable {
        after: Duration::from_millis(2500),
    };
    let response = unavailable.into_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "3");
    assert_eq!(
        EcsError::from_body(&EcsError::BadRequest.to_body()),
        Some(EcsError::BadRequest)
    );
    let body = ErrorBody::new("APIGW.0301", "Incorrect IAM authentication information.");
    assert_eq!(
        ServiceError::from_body(&body),
        Some(ServiceError::Gateway(GatewayError::Unauthenticated))
    );
    let remote = cce_errors::decode::decode(
        http::StatusCode::UNAUTHORIZED,
        &http::HeaderMap::new(),
        &serde_json::to_vec(&GatewayError::Unauthenticated).unwrap(),
    )
    .unwrap();
    assert_eq!(
        remote.typed::<ServiceError>(),
        Some(ServiceError::Gateway(GatewayError::Unauthenticated))
    );
}

#[test]
fn a_type_lists_the_rows_it_can_produce_in_declaration_order() {
    let codes: Vec<&str> = ServiceError::error_codes()
        .iter()
        .map(|row| row.code())
        .collect();
    assert_eq!(
        codes,
        [
            "CCE.01404001",
            "Ecs.0114",
            "Ecs.0000",
            "Ecs.0319",
            "Ecs.0503",
            "APIGW.0301",
            "APIGW.0101",
            "SVCSTG.CCE-ADDONMGR.4000001",
        ]
    );
    let docs = GatewayError::variant_docs();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[2],
        VariantDoc::new(
            "GatewayError::AddonParameters",
            GatewayError::AddonParameters.error_code()
        )
        .with_detail("fixed text", &[])
    );
    assert_eq!(
        EcsError::variant_docs()[0],
        VariantDoc::new(
            "EcsError::NotFound",
            EcsError::NotFound("i-1".into()).error_code()
        )
        .with_detail("server {0} does not exist", &["0"])
    );
    let throttled = EcsError::variant_docs()[2];
    assert_eq!(throttled.name, "EcsError::Throttled");
    assert!(throttled.retry_after);
    // Both variants with `CCE.01404001` are listed as docs, once as a code.
    let docs = ServiceError::variant_docs();
    assert_eq!(docs.len(), 9);
    assert_eq!(docs[8].detail, Some("gone"));
}

/// The same rows as a grid-table page and as CSV.
#[derive(Debug, CceError)]
#[cce(table = "tables/vpc_error_codes.rst")]
enum VpcFromPage {
    #[cce(code = "VPC.0001")]
    Invalid,
    #[cce(code = "VPC.0002")]
    NotFound,
    #[cce(code = "VPC.0003")]
    Conflict,
}

#[derive(Debug, CceError)]
#[cce(table = "tables/vpc_error_codes.csv")]
enum VpcFromCsv {
    #[cce(code = "VPC.0001")]
    Invalid,
    #[cce(code = "VPC.0002")]
    NotFound,
    #[cce(code = "VPC.0003")]
    Conflict,
}

#[test]
fn a_page_and_a_csv_file_with_the_same_rows_read_the_same() {
    let page = VpcFromPage::error_codes();
    let csv = VpcFromCsv::error_codes();
    assert_eq!(page, csv);
    assert_eq!(page.len(), 3);
    assert_eq!(
        VpcFromCsv::Invalid.error_code().description(),
        "The request body is not valid JSON."
    );
    assert_eq!(VpcFromPage::Conflict.status(), http::StatusCode::CONFLICT);
    assert_eq!(VpcFromCsv::NotFound.message(), "The VPC does not exist.");
}
