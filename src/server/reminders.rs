//! Reminders (催报): a dispatcher chases the officers of overdue reports (`POST /reminders`,
//! idempotent by its key), and an officer reads its own (`GET /me/reminders`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Dispatcher;
use super::error::{ApiProblem, ApiResult, Filter, JsonBody};
use super::http::{json_with_etag, via};
use super::state::AppState;
use crate::api::types::{ApiError, NewReminders, Page, RemindTarget, Reminder, RemindersSent, Role};
use crate::store::reminders::{PlaceTable, ReminderFilter, Sender};
use crate::store::tokens::Principal;

/// Reminds the officers of the named enterprises, or of a park's or a dispatching unit's
/// overdue enterprises for the day (the overdue list's rows), skipping those reminded in the
/// last hour. With an `Idempotency-Key`, a replay answers the first answer and records nothing.
#[utoipa::path(post, path = "/reminders", tag = "reminders", request_body = NewReminders, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first response")),
    responses((status = 201, body = RemindersSent), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn remind(
    State(s): State<AppState>,
    Dispatcher(p): Dispatcher,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewReminders>,
) -> ApiResult<Response> {
    let target = body.target().map_err(|f| ApiProblem::invalid(&f.field, f.message))?;
    let now = s.now();
    let date = body.date.unwrap_or_else(|| s.store.latest_past_deadline(now));
    if date > s.today() {
        return Err(ApiProblem::invalid("date", format!("{date} is in the future (today is {})", s.today())));
    }
    let place = match target {
        RemindTarget::Park(id) => Some(("park", PlaceTable::Park, id)),
        RemindTarget::Unit(id) => Some(("unit", PlaceTable::Unit, id)),
        RemindTarget::Enterprises(_) => None,
    };
    if let Some((field, table, id)) = place
        && !s.store.place_exists(table, id).await?
    {
        return Err(ApiProblem::invalid(field, format!("no {field} with id {id}")));
    }
    let candidates = s.store.reminder_candidates(&target, date, now).await?.map_err(|unknown| {
        let ids: Vec<String> = unknown.iter().map(i64::to_string).collect();
        ApiProblem::invalid("enterprises", format!("no enterprise with id {}", ids.join(", ")))
    })?;
    let sender = Sender { actor: p.name.clone(), token_id: p.token_id, via: via(&headers) };
    let sent = s.store.remind(&candidates, date, &sender, now).await?;
    Ok((StatusCode::CREATED, axum::Json(sent)).into_response())
}

/// The reminders this officer token's officer received, newest first. Only an officer token
/// has reminders of its own: another role gets 403.
#[utoipa::path(get, path = "/me/reminders", tag = "reminders", params(crate::api::types::ReminderQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Reminder>), (status = 304), (status = 400, body = ApiError),
        (status = 403, body = ApiError)))]
pub async fn my_reminders(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Filter(f): Filter<ReminderFilter>,
) -> ApiResult<Response> {
    let officer = match (p.role, p.officer_id) {
        (Role::Officer, Some(officer)) => officer,
        (Role::Officer, None) => return Err(ApiProblem::forbidden("this officer token is not linked to an officer")),
        (role, _) => {
            return Err(ApiProblem::forbidden(format!(
                "a {} token receives no reminders; an officer token reads its own here",
                role.as_str()
            )));
        }
    };
    let page = s.store.officer_reminders(officer, &f.page).await?;
    Ok(json_with_etag(&headers, &page, None))
}

/// The reminder routes, each declared once with its OpenAPI description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(remind)).routes(routes!(my_reminders))
}
