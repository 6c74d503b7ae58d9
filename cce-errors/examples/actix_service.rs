//! The cluster service of `cluster_service.rs`, on actix-web: the same API,
//! the same errors, every error response a CCE body with a request id.
//!
//! ```sh
//! cargo run -p cce-errors --example actix_service --features actix-web,tracing [ADDRESS]
//! ```

#[path = "common/mod.rs"]
pub mod common;

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Compress;
use actix_web::web::{self, Bytes, Data};
use actix_web::{App, FromRequest, HttpRequest, HttpResponse, HttpServer};
use cce_errors::actix::CceMiddleware;
use cce_errors::response::BodyKeys;

use common::{ApiError, Store};

/// The largest create request accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The API's routes and limits, for `App::configure`.
pub fn configure(store: Store) -> impl FnOnce(&mut web::ServiceConfig) {
    move |config| {
        config
            .app_data(Data::new(store))
            .app_data(web::PayloadConfig::new(BODY_LIMIT))
            .service(
                web::resource("/api/v3/projects/{project_id}/clusters")
                    .route(web::get().to(list_clusters))
                    .route(web::post().to(create_cluster)),
            )
            .service(
                web::resource("/api/v3/projects/{project_id}/clusters/{cluster_id}")
                    .route(web::get().to(show_cluster))
                    .route(web::delete().to(delete_cluster)),
            );
    }
}

/// Proof that the request carries credentials; rejects with 401 `CCE.01401001`.
pub struct Authenticated;

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            common::authenticate(|name| request.headers().contains_key(name))
                .map(|()| Authenticated),
        )
    }
}

async fn list_clusters(
    _: Authenticated,
    store: Data<Store>,
    project_id: web::Path<String>,
) -> HttpResponse {
    HttpResponse::Ok().json(store.list(&project_id))
}

async fn create_cluster(
    _: Authenticated,
    store: Data<Store>,
    project_id: web::Path<String>,
    request: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, ApiError> {
    common::check_content_type(
        request
            .headers()
            .get(header::CONTENT_TYPE)
            .map(HeaderValue::as_bytes),
    )?;
    let create = common::parse_create(&body)?;
    let cluster = store.create(&project_id, create)?;
    Ok(HttpResponse::Created().json(cluster))
}

async fn show_cluster(
    _: Authenticated,
    store: Data<Store>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (project_id, cluster_id) = path.into_inner();
    Ok(HttpResponse::Ok().json(store.get(&project_id, &cluster_id)?))
}

async fn delete_cluster(
    _: Authenticated,
    store: Data<Store>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (project_id, cluster_id) = path.into_inner();
    Ok(HttpResponse::Ok().json(store.delete(&project_id, &cluster_id)?))
}

#[actix_web::main]
pub async fn main() -> std::io::Result<()> {
    common::init_logging();
    let middleware = if common::compatibility_mode() {
        CceMiddleware::new()
            .with_body_keys(BodyKeys::Compatible)
            .with_openstack_request_id()
    } else {
        CceMiddleware::new()
    };
    let store = Store::default();
    let server = HttpServer::new(move || {
        App::new()
            .configure(configure(store.clone()))
            .wrap(middleware.clone())
            // Outside the middleware: every body it sends is compressed for
            // clients that ask.
            .wrap(Compress::default())
    })
    .bind(common::listen_address())?;
    for address in server.addrs() {
        println!("cluster service (actix-web) listening on http://{address}");
    }
    server.run().await
}
