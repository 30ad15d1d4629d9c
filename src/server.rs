//! The reference reporting API server (axum): router, middleware and graceful serving.

pub mod auth;
pub mod dashboard_cache;
pub mod error;
pub mod escalation;
pub mod handover;
pub mod http;
pub mod idempotency;
pub mod intake;
pub mod openapi;
pub mod ops;
pub mod problems;
pub mod read;
pub mod reminders;
pub mod state;

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::state::AppState;
pub use self::state::Clock;

/// The routes under `/api/v1` that need a token. Each handler module declares its own routes
/// once: `routes!` takes the method and path from the handler's `#[utoipa::path]`, which also
/// describes it in the OpenAPI document ([`openapi::document`]).
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .merge(read::routes())
        .merge(problems::routes())
        .merge(intake::routes())
        .merge(handover::routes())
        .merge(reminders::routes())
}

/// The operations routes (no token), at their full paths.
pub fn operation_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(ops::openapi))
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
}

/// The whole application: the API under `/api/v1` (token auth, idempotency keys), the operations
/// endpoints, and the shared layers (body limit, gzip over 1 KB, 40 s timeout, panics as 500).
pub fn router(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    let (api, _) = api_routes().split_for_parts();
    let api = api
        .layer(from_fn_with_state(state.clone(), idempotency::idempotency))
        .layer(from_fn_with_state(state.clone(), auth::require_token));
    let (operations, _) = operation_routes().split_for_parts();
    Router::new()
        .nest("/api/v1", api)
        .merge(operations)
        .fallback(|| async { error::ApiProblem::not_found("no such endpoint; see /api/v1/openapi.json") })
        .layer(from_fn_with_state(state.clone(), http::observe))
        .layer(DefaultBodyLimit::max(limit))
        .layer(tower_http::compression::CompressionLayer::new().compress_when(compress_when()))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(40)))
        .layer(axum::middleware::from_fn(error::problems_only))
        .layer(CatchPanicLayer::custom(|_| {
            use axum::response::IntoResponse;
            error::ApiProblem::internal(&"handler panicked").into_response()
        }))
        .with_state(state)
}

/// Bodies of at least this many bytes are compressed for a client that accepts it.
pub const COMPRESS_FROM_BYTES: u16 = 1024;

/// When a response is compressed: tower-http's default rules (not images, gRPC or event
/// streams) for a body of [`COMPRESS_FROM_BYTES`] or more (a smaller one gains too little to
/// pay for the gzip header and the work).
fn compress_when() -> impl tower_http::compression::Predicate {
    use tower_http::compression::Predicate;
    use tower_http::compression::predicate::{DefaultPredicate, SizeAbove};
    DefaultPredicate::new().and(SizeAbove::new(COMPRESS_FROM_BYTES))
}

/// Keeps the change feed and idempotency keys within their retention, once a minute.
pub fn spawn_housekeeping(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = state.store.prune_changes(state.store.change_retention).await {
                tracing::warn!(error = %e, "pruning the change feed failed");
            }
            if let Err(e) = state.store.purge_keys(state.now()).await {
                tracing::warn!(error = %e, "purging idempotency keys failed");
            }
        }
    })
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let housekeeping = spawn_housekeeping(state.clone());
    // What fell due while the server was down is escalated before the first request, so a
    // console's first poll sees the problems where the policy has put them.
    if let Some(policy) = &state.escalation
        && let Err(e) = escalation::sweep(&state, policy).await
    {
        tracing::warn!(error = %e, "the escalation policy's first sweep failed");
    }
    let escalation = state.escalation.clone().map(|policy| escalation::spawn(state.clone(), policy));
    // With each connection's peer address, for the per-address limit on failed authentication.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let result = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    housekeeping.abort();
    if let Some(task) = escalation {
        task.abort();
    }
    result
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called (not when
/// first polled), so a signal that arrives right after start-up is not lost.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate()).ok();
        let int = signal(SignalKind::interrupt()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = wait(term) => {},
                _ = wait(int) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
