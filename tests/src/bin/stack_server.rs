//! The routes of `cce_errors_tests::stack` behind a production-like stack,
//! for real clients to be run against (`tests/clients/stack_check.py`):
//! compression inside `CceLayer` (axum) or `CceMiddleware` (actix-web).
//!
//! ```sh
//! cargo run -p cce-errors-tests --bin stack_server -- axum|actix [ADDRESS]
//! ```
//!
//! It listens on the address given (`127.0.0.1:0` by default, a free port)
//! and prints `stack server (FRAMEWORK) listening on http://ADDRESS`.

use std::process::ExitCode;

use cce_errors_tests::stack::{actix_routes, axum_routes};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let framework = args.next().unwrap_or_default();
    let address = args.next().unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let served = match framework.as_str() {
        "axum" => axum(&address),
        "actix" => actix(&address),
        _ => {
            eprintln!("usage: stack_server axum|actix [ADDRESS]");
            return ExitCode::from(2);
        }
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("stack_server: {error}");
            ExitCode::FAILURE
        }
    }
}

fn axum(address: &str) -> std::io::Result<()> {
    use cce_errors::axum::CceLayer;
    use tower_http::compression::CompressionLayer;

    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let app = axum_routes::routes()
            .layer(CompressionLayer::new())
            .layer(CceLayer::new());
        let listener = tokio::net::TcpListener::bind(address).await?;
        println!(
            "stack server (axum) listening on http://{}",
            listener.local_addr()?
        );
        axum::serve(listener, app).await
    })
}

fn actix(address: &str) -> std::io::Result<()> {
    use actix_web::middleware::Compress;
    use actix_web::{App, HttpServer};
    use cce_errors::actix::CceMiddleware;

    actix_web::rt::System::new().block_on(async {
        let server = HttpServer::new(|| {
            App::new()
                .configure(actix_routes::configure)
                .wrap(Compress::default())
                .wrap(CceMiddleware::new())
        })
        .bind(address)?;
        for address in server.addrs() {
            println!("stack server (actix) listening on http://{address}");
        }
        server.run().await
    })
}
