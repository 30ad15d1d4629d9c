//! Read endpoints: who am I, the organisation, the dashboard, enterprises, officers, overdue
//! reports and the change feed. Every read sends an ETag and answers `If-None-Match` with 304.

use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{CommandViewer, read_scope};
use super::error::{ApiProblem, ApiResult, Filter, PathParams, QueryParams};
use super::http::{encoded_with_etag, json_with_etag};
use super::state::AppState;
use crate::api::types::{
    ApiError, Changes, ChangesQuery, Dashboard, DashboardQuery, Enterprise, EnterpriseDetail, EnterpriseQuery,
    FieldError, Me, Officer, OfficerDetail, OfficerQuery, Org, OverdueQuery, OverdueReport, Page, Scope,
};
use crate::store::enterprises::EnterpriseFilter;
use crate::store::officers::OfficerFilter;
use crate::store::overdue::OverdueFilter;
use crate::store::tokens::Principal;

/// Who this token is, and the server's settings (its `city` named from the data).
#[utoipa::path(get, path = "/me", tag = "session", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
pub async fn me(State(s): State<AppState>, p: Principal, headers: HeaderMap) -> ApiResult<Response> {
    let mut settings = s.config.settings();
    settings.city = s.store.org_tree().await?.top_name();
    let me = Me { token_id: p.token_id, name: p.name, role: p.role, officer_id: p.officer_id, settings };
    Ok(json_with_etag(&headers, &me, None))
}

/// The organisation: the province, its cities, their counties and districts, their parks;
/// departments, dispatching units and settings.
#[utoipa::path(get, path = "/org", tag = "organisation", security(("bearer" = [])),
    responses((status = 200, body = Org), (status = 304), (status = 401, body = ApiError)))]
pub async fn org(State(s): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let org = s.store.org(s.config.settings()).await?;
    Ok(json_with_etag(&headers, &org, None))
}

/// Everything the four live panes need for a scope (`province`, `city:ID`, `county:ID`; default
/// the top of the data): per place one level down, the scope's totals and its path, and per
/// dispatching unit over the scope's officers and enterprises. A scope that does not parse or
/// names no place is 400 `INVALID_QUERY` naming `scope`.
#[utoipa::path(get, path = "/dashboard", tag = "dashboard", params(DashboardQuery), security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 304), (status = 400, body = ApiError),
        (status = 403, body = ApiError)))]
pub async fn dashboard(
    State(s): State<AppState>,
    _viewer: CommandViewer,
    headers: HeaderMap,
    QueryParams(q): QueryParams<DashboardQuery>,
) -> ApiResult<Response> {
    let date = q.date.unwrap_or_else(|| s.today());
    let scope = match q.scope.as_deref().map(str::parse::<Scope>).transpose() {
        Ok(scope) => scope,
        Err(message) => return Err(ApiProblem::invalid_query(FieldError { field: "scope".into(), message })),
    };
    let entry = s.dashboard_cache.get(&s.store, date, scope, s.now(), &s.metrics.dashboards_computed).await?;
    Ok(encoded_with_etag(&headers, entry.body, entry.gzip, &entry.etag))
}

/// Enterprises with status, headcounts, officers, latest report and open problems.
#[utoipa::path(get, path = "/enterprises", tag = "enterprises", params(EnterpriseQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<Enterprise>), (status = 400, body = ApiError)))]
pub async fn enterprises(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Filter(f): Filter<EnterpriseFilter>,
) -> ApiResult<Response> {
    let page = s.store.enterprises(&f, read_scope(&p)).await?;
    Ok(json_with_etag(&headers, &page, None))
}

/// One enterprise with its reports of the last 14 days and its problems.
#[utoipa::path(get, path = "/enterprises/{id}", tag = "enterprises", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EnterpriseDetail), (status = 404, body = ApiError)))]
pub async fn enterprise(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Response> {
    if let Some(officer) = read_scope(&p)
        && !s.store.is_assigned(officer, id).await?
    {
        return Err(ApiProblem::not_found(format!("no enterprise with id {id} among yours")));
    }
    let detail = s
        .store
        .enterprise(id, s.today())
        .await?
        .ok_or_else(|| ApiProblem::not_found(format!("no enterprise with id {id}")))?;
    Ok(json_with_etag(&headers, &detail, None))
}

/// Officers with assignments and today's attendance.
#[utoipa::path(get, path = "/officers", tag = "officers", params(OfficerQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<Officer>), (status = 403, body = ApiError)))]
pub async fn officers(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Filter(f): Filter<OfficerFilter>,
) -> ApiResult<Response> {
    let page = s.store.officers(&f, read_scope(&p), s.now()).await?;
    Ok(json_with_etag(&headers, &page, None))
}

/// One officer with 14 days of check-ins and reports.
#[utoipa::path(get, path = "/officers/{id}", tag = "officers", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = OfficerDetail), (status = 403, body = ApiError, description = "an officer token asking for another officer"),
        (status = 404, body = ApiError)))]
pub async fn officer(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Response> {
    if read_scope(&p).is_some_and(|me| me != id) {
        return Err(ApiProblem::forbidden("an officer token reads only its own officer record"));
    }
    let detail =
        s.store.officer(id, s.now()).await?.ok_or_else(|| ApiProblem::not_found(format!("no officer with id {id}")))?;
    Ok(json_with_etag(&headers, &detail, None))
}

/// Overdue daily reports of a date, most days in a row first.
#[utoipa::path(get, path = "/reports/overdue", tag = "reports", params(OverdueQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<OverdueReport>), (status = 403, body = ApiError)))]
pub async fn overdue(
    State(s): State<AppState>,
    _viewer: CommandViewer,
    headers: HeaderMap,
    Filter(q): Filter<OverdueFilter>,
) -> ApiResult<Response> {
    let page = s.store.overdue(&q, s.now()).await?;
    Ok(json_with_etag(&headers, &page, None))
}

/// The change feed: what changed after `since`; waits up to `wait` seconds for a change. An
/// officer token reads only its own check-ins and its enterprises' reports, status and problems.
#[utoipa::path(get, path = "/changes", tag = "changes", params(ChangesQuery), security(("bearer" = [])),
    responses((status = 200, body = Changes), (status = 410, body = ApiError)))]
pub async fn changes(
    State(s): State<AppState>,
    p: Principal,
    QueryParams(q): QueryParams<ChangesQuery>,
) -> ApiResult<axum::Json<Changes>> {
    let limit = q.limit.unwrap_or(500).clamp(1, 1000);
    let wait = Duration::from_secs(q.wait.unwrap_or(0).min(30));
    let page = s.store.follow_changes(q.since, limit, wait, read_scope(&p)).await?;
    Ok(axum::Json(Changes { changes: page.changes, next_since: page.next_since, more: page.more }))
}

/// The read routes (organisation, figures, enterprises, officers, overdue reports, the change
/// feed), each declared once with its OpenAPI description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(me))
        .routes(routes!(org))
        .routes(routes!(dashboard))
        .routes(routes!(enterprises))
        .routes(routes!(enterprise))
        .routes(routes!(officers))
        .routes(routes!(officer))
        .routes(routes!(overdue))
        .routes(routes!(changes))
}
