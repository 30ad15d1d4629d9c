//! `GET /handover`: the shift handover of a window and scope, for any command-center token.
//! The window is checked here (400 for a value that does not parse, 422 for a window that
//! makes no sense); the store reads it.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::CommandViewer;
use super::error::{ApiProblem, ApiResult, QueryParams};
use super::http::json_with_etag;
use super::state::AppState;
use crate::api::types::{
    ApiError, FieldError, HANDOVER_LIMIT_DEFAULT, HANDOVER_LIMIT_MAX, HANDOVER_MAX_DAYS, Handover, HandoverQuery, Scope,
};
use crate::store::handover::HandoverWindow;

/// A query parameter as an RFC 3339 instant, or 400 naming it.
fn instant(field: &str, value: &str) -> Result<DateTime<Utc>, ApiProblem> {
    DateTime::parse_from_rfc3339(value.trim()).map(|t| t.with_timezone(&Utc)).map_err(|e| {
        ApiProblem::invalid_query(FieldError {
            field: field.into(),
            message: format!("{value:?} is not an RFC 3339 instant ({e}), e.g. 2026-02-15T20:00:00+08:00"),
        })
    })
}

/// The window of a query at `now`: `since` required, `until` default now, `since` before
/// `until`, `until` not after now, at most [`HANDOVER_MAX_DAYS`] long.
pub fn window_of(q: &HandoverQuery, now: DateTime<Utc>, desk_name: &str) -> Result<HandoverWindow, ApiProblem> {
    let since = match q.since.as_deref() {
        Some(s) => instant("since", s)?,
        None => {
            return Err(ApiProblem::invalid_query(FieldError {
                field: "since".into(),
                message: "required: the start of the shift, e.g. 2026-02-15T20:00:00+08:00".into(),
            }));
        }
    };
    let until = q.until.as_deref().map(|u| instant("until", u)).transpose()?.unwrap_or(now);
    let scope = q
        .scope
        .as_deref()
        .map(str::parse::<Scope>)
        .transpose()
        .map_err(|message| ApiProblem::invalid_query(FieldError { field: "scope".into(), message }))?;
    if until > now {
        return Err(ApiProblem::invalid("until", format!("{until} is in the future (now is {now}); omit it for now")));
    }
    if since >= until {
        return Err(ApiProblem::invalid("since", format!("{since} is not before until ({until})")));
    }
    if until - since > Duration::days(HANDOVER_MAX_DAYS) {
        return Err(ApiProblem::invalid("since", format!("the window is longer than {HANDOVER_MAX_DAYS} days")));
    }
    Ok(HandoverWindow {
        since,
        until,
        scope,
        desk_name: desk_name.to_string(),
        limit: q.limit.unwrap_or(HANDOVER_LIMIT_DEFAULT).clamp(1, HANDOVER_LIMIT_MAX),
    })
}

/// The shift handover of `[since, until)` in a scope: problems raised, escalated, past their
/// SLA, resolved and reopened in the window (who, via what), what the asking token's person did,
/// problems still open and escalated at `until`, parks and cities whose return-to-work rate
/// fell, overdue enterprises, officers absent two days running and the worst dispatching units.
/// Every list gives its total and its first `limit` rows.
#[utoipa::path(get, path = "/handover", tag = "dashboard", params(HandoverQuery), security(("bearer" = [])),
    responses((status = 200, body = Handover), (status = 304),
        (status = 400, body = ApiError, description = "since missing, or since, until or scope malformed"),
        (status = 403, body = ApiError, description = "an officer token"),
        (status = 422, body = ApiError, description = "since not before until, until in the future, or a window over 31 days")))]
pub async fn handover(
    State(s): State<AppState>,
    CommandViewer(p): CommandViewer,
    headers: HeaderMap,
    QueryParams(q): QueryParams<HandoverQuery>,
) -> ApiResult<Response> {
    let window = window_of(&q, s.now(), &p.name)?;
    let handover: Handover = s.store.handover(&window).await?;
    Ok(json_with_etag(&headers, &handover, None))
}

/// The handover route, declared once with its OpenAPI description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(handover))
}
