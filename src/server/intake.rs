//! Intake endpoints: an officer checks in on site, and files the daily report (PUT by its
//! natural key, so a repeat is harmless).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::IntakeFiler;
use super::error::{ApiProblem, ApiResult, JsonBody, PathParams};
use super::state::AppState;
use crate::api::triage::checked_text;
use crate::api::types::{ApiError, Checkin, DailyReport, DailyReportBody, NewCheckin};

/// How to answer for an enterprise that does not exist: a bad body field, or a bad path.
pub enum Missing {
    /// 422 on `enterprise_id`.
    Invalid,
    /// 404: the enterprise named in the path does not exist.
    NotFound,
}

/// The enterprise exists and `officer` liaises with it (403 otherwise).
pub async fn check_liaison(s: &AppState, officer: i64, enterprise_id: i64, missing: Missing) -> Result<(), ApiProblem> {
    if !s.store.enterprise_exists(enterprise_id).await? {
        let what = format!("no enterprise with id {enterprise_id}");
        return Err(match missing {
            Missing::Invalid => ApiProblem::invalid("enterprise_id", what),
            Missing::NotFound => ApiProblem::not_found(what),
        });
    }
    if !s.store.is_assigned(officer, enterprise_id).await? {
        return Err(ApiProblem::forbidden(format!(
            "officer {officer} does not liaise with enterprise {enterprise_id}"
        )));
    }
    Ok(())
}

/// An officer checks in at one of its enterprises, now.
#[utoipa::path(post, path = "/checkins", tag = "intake", request_body = NewCheckin, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first response")),
    responses((status = 201, body = Checkin), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn checkin(
    State(s): State<AppState>,
    filer: IntakeFiler,
    JsonBody(body): JsonBody<NewCheckin>,
) -> ApiResult<Response> {
    let (officer, actor) = filer.officer(body.officer_id)?;
    if !s.store.officer_exists(officer).await? {
        return Err(ApiProblem::invalid("officer_id", format!("no active officer with id {officer}")));
    }
    check_liaison(&s, officer, body.enterprise_id, Missing::Invalid).await?;
    let c = s.store.checkin(officer, body.enterprise_id, &actor, s.now()).await?;
    Ok((StatusCode::CREATED, axum::Json(c)).into_response())
}

/// Files or corrects the daily report of an enterprise for a local date (not in the future).
#[utoipa::path(put, path = "/daily-reports/{enterprise_id}/{date}", tag = "intake", request_body = DailyReportBody,
    params(("enterprise_id" = i64, Path), ("date" = String, Path, description = "local date YYYY-MM-DD")), security(("bearer" = [])),
    responses((status = 200, body = DailyReport, description = "corrected"), (status = 201, body = DailyReport, description = "filed"),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn report(
    State(s): State<AppState>,
    filer: IntakeFiler,
    _headers: HeaderMap,
    PathParams((enterprise_id, date)): PathParams<(i64, String)>,
    JsonBody(body): JsonBody<DailyReportBody>,
) -> ApiResult<Response> {
    let date: NaiveDate =
        date.parse().map_err(|_| ApiProblem::bad_request(format!("{date:?} is not a date like 2026-02-16")))?;
    let (officer, actor) = filer.officer(body.officer_id)?;
    check_liaison(&s, officer, enterprise_id, Missing::NotFound).await?;
    let today = s.today();
    if date > today {
        return Err(ApiProblem::invalid("date", format!("{date} is in the future (today is {today})")));
    }
    let baseline = s.store.baseline(enterprise_id).await?;
    if body.employees_on_site < 0 || body.employees_on_site > baseline.max(1) * 3 {
        return Err(ApiProblem::invalid(
            "employees_on_site",
            format!("must be between 0 and {} (three times the baseline of {baseline})", baseline.max(1) * 3),
        ));
    }
    // The notes are stored as sent; the check is the one every stored text passes.
    checked_text("notes", &body.notes, 2000, false).map_err(|f| ApiProblem::invalid(&f.field, f.message))?;
    let (report, created) = s.store.put_report(enterprise_id, date, officer, &body, &actor, s.now()).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, axum::Json(report)).into_response())
}

/// The intake routes (check-ins and daily reports), each declared once with its OpenAPI
/// description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(checkin)).routes(routes!(report))
}
