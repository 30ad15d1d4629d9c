//! Operations endpoints (no token): liveness, readiness, Prometheus metrics, the OpenAPI document.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::ApiProblem;
use super::openapi::openapi_json;
use super::state::AppState;
use crate::api::types::ApiError;

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "alive")))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers and takes a write (probed by a rolled-back transaction),
/// so a read-only database is not ready rather than ready and failing every write.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "ready", content_type = "text/plain", body = String),
        (status = 503, description = "the database is unreachable or cannot be written", body = ApiError,
            content_type = "application/problem+json")))]
pub async fn readyz(State(s): State<AppState>) -> Response {
    let verdict = if s.store.ping().await { s.store.probe_write().await } else { Err("database unreachable".into()) };
    match verdict {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(why) => {
            tracing::warn!(%why, "not ready");
            ApiProblem::new(StatusCode::SERVICE_UNAVAILABLE, "NOT_READY", why).into_response()
        }
    }
}

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format")))]
pub async fn metrics(State(s): State<AppState>) -> Response {
    let mut out = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &s.metrics.registry) {
        return ApiProblem::internal(&e).into_response();
    }
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], out).into_response()
}

/// The OpenAPI document of this server.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}
