//! OpenAPI (utoipa 5): the schema of [`ErrorBody`], and the responses of a
//! derived type built from the rows it can produce.
//!
//! Every derived type implements `utoipa::IntoResponses` (with this crate's
//! `utoipa` feature), so a handler's errors are documented by naming the
//! type in `#[utoipa::path(responses(...))]`:
//!
//! ```
//! use cce_errors::CceError;
//! use utoipa::OpenApi;
//!
//! #[derive(Debug, CceError)]
//! enum ClusterError {
//!     #[cce(code = "CCE.01404001", detail = "cluster {0} not found")]
//!     NotFound(String),
//! }
//!
//! #[utoipa::path(get, path = "/clusters/{id}", responses((status = 200), ClusterError))]
//! async fn show_cluster() {}
//!
//! #[derive(OpenApi)]
//! #[openapi(paths(show_cluster))]
//! struct Api;
//!
//! let json = serde_json::to_value(Api::openapi()).unwrap();
//! let not_found = &json["paths"]["/clusters/{id}"]["get"]["responses"]["404"];
//! assert_eq!(
//!     not_found["content"]["application/json"]["examples"]["CCE.01404001"]["value"],
//!     serde_json::json!({
//!         "errorCode": "CCE.01404001",
//!         "errorMessage": "Resource not found.",
//!         "message": "cluster {0} not found",
//!     }),
//! );
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;

use utoipa::openapi::RefOr;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::Header;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::{CceError, ErrorBody, VariantDoc};

fn text(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

impl PartialSchema for ErrorBody<'_> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The body of an error response. `errorCode` and `errorMessage` are a row of the \
                 error-code table; `message` says what went wrong in this instance.",
            ))
            .property("errorCode", text("The error code, such as `CCE.01404001`."))
            .required("errorCode")
            .property("errorMessage", text("The table's message for the code."))
            .required("errorMessage")
            .property(
                "message",
                text("The detail: what went wrong in this instance; only when there is one."),
            )
            .property(
                "error_code",
                text("In the compatibility mode only: the same value as `errorCode`."),
            )
            .property(
                "error_msg",
                text("In the compatibility mode only: the same value as `errorMessage`."),
            )
            .into()
    }
}

impl ToSchema for ErrorBody<'_> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorBody")
    }
}

/// The responses of a derived type: one per status it can produce,
/// described by its rows, with one named example per code: the exact body
/// the service sends (a detail template shows its `{field}` placeholders).
pub fn responses<E: CceError>() -> BTreeMap<String, RefOr<Response>> {
    let mut by_status: BTreeMap<u16, Vec<VariantDoc>> = BTreeMap::new();
    for doc in E::variant_docs() {
        let docs = by_status
            .entry(doc.error_code.status().as_u16())
            .or_default();
        match docs.iter_mut().find(|d| d.error_code == doc.error_code) {
            // One example per code; `Retry-After` if any variant sends it.
            Some(first) => first.retry_after |= doc.retry_after,
            None => docs.push(doc),
        }
    }
    by_status
        .into_iter()
        .map(|(status, docs)| {
            let description = docs
                .iter()
                .map(|d| {
                    let row = d.error_code;
                    format!("`{}` {} {}", row.code(), row.message(), row.description())
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            let examples = docs.iter().map(|d| {
                let row = d.error_code;
                let body = ErrorBody {
                    code: Cow::Borrowed(row.code()),
                    message: Cow::Borrowed(row.message()),
                    detail: d.detail.map(Cow::Borrowed),
                };
                let example = ExampleBuilder::new()
                    .summary(row.message())
                    .value(serde_json::to_value(&body).ok())
                    .build();
                (row.code(), example)
            });
            let content = ContentBuilder::new()
                .schema(Some(ErrorBody::schema()))
                .examples_from_iter(examples)
                .build();
            let mut response = ResponseBuilder::new()
                .description(description)
                .content("application/json", content);
            if docs.iter().any(|d| d.retry_after) {
                let seconds = ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0));
                let mut header = Header::new(seconds);
                header.description = Some("Seconds to wait before retrying.".to_owned());
                response = response.header("Retry-After", header);
            }
            let response = response.build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}
