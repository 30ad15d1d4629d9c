//! Problem endpoints: the queue, one problem (ETag = version), its timeline, raising one, and
//! the triage actions (each needs `If-Match`; applied as compare-and-swap).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Commenter, Dispatcher, IntakeFiler, read_scope};
use super::error::{ApiProblem, ApiResult, Filter, JsonBody, PathParams, RawBody};
use super::http::{if_match_version, json_with_etag, via};
use super::state::AppState;
use crate::api::triage::{TriageRequest, checked_text};
use crate::api::types::{
    ApiError, CommentBody, NewProblem, NoteBody, Page, PriorityBody, Problem, ProblemQuery, ReassignBody, ReopenBody,
    ResolveBody, TimelineEvent,
};
use crate::domain::lifecycle::Priority;
use crate::store::problems::ProblemFilter;
use crate::store::tokens::Principal;

/// Problem categories of the brief.
pub const CATEGORIES: [&str; 7] =
    ["protective_supplies", "raw_materials", "transport", "isolation", "financing", "policy", "labour"];

fn version_tag(p: &Problem) -> String {
    format!("\"{}\"", p.version)
}

/// A problem as an answer with `status`, its version as the ETag.
pub(crate) fn problem_response(status: StatusCode, p: &Problem) -> Response {
    let mut resp = (status, axum::Json(p)).into_response();
    if let Ok(v) = HeaderValue::from_str(&version_tag(p)) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

fn text(field: &'static str, value: &str, max: usize, required: bool) -> Result<String, ApiProblem> {
    checked_text(field, value, max, required).map_err(|f| ApiProblem::invalid(&f.field, f.message))
}

/// The problem queue.
#[utoipa::path(get, path = "/problems", tag = "problems", params(ProblemQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<Problem>), (status = 400, body = ApiError)))]
pub async fn list(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Filter(f): Filter<ProblemFilter>,
) -> ApiResult<Response> {
    let page = s.store.problems(&f, read_scope(&p)).await?;
    Ok(json_with_etag(&headers, &page, None))
}

async fn visible(s: &AppState, p: &Principal, id: i64) -> ApiResult<Problem> {
    let problem =
        s.store.problem(id).await?.ok_or_else(|| ApiProblem::not_found(format!("no problem with id {id}")))?;
    if let Some(officer) = read_scope(p)
        && !s.store.is_assigned(officer, problem.enterprise.id).await?
    {
        return Err(ApiProblem::not_found(format!("no problem with id {id} among your enterprises")));
    }
    Ok(problem)
}

/// One problem; its ETag is its version.
#[utoipa::path(get, path = "/problems/{id}", tag = "problems", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Problem), (status = 304), (status = 404, body = ApiError)))]
pub async fn get(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Response> {
    let problem = visible(&s, &p, id).await?;
    let tag = version_tag(&problem);
    Ok(json_with_etag(&headers, &problem, Some(tag)))
}

/// A problem's immutable history, oldest first.
#[utoipa::path(get, path = "/problems/{id}/timeline", tag = "problems", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<TimelineEvent>), (status = 404, body = ApiError)))]
pub async fn timeline(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Response> {
    visible(&s, &p, id).await?;
    let events = s.store.timeline(id).await?;
    Ok(json_with_etag(&headers, &events, None))
}

/// An officer raises a problem at one of its enterprises (an admin on behalf of one).
#[utoipa::path(post, path = "/problems", tag = "problems", request_body = NewProblem, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first response")),
    responses((status = 201, body = Problem), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create(
    State(s): State<AppState>,
    filer: IntakeFiler,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewProblem>,
) -> ApiResult<Response> {
    let (officer, actor) = filer.officer(body.officer_id)?;
    let title = text("title", &body.title, 200, true)?;
    let description = text("description", &body.description, 4000, false)?;
    if !CATEGORIES.contains(&body.category.as_str()) {
        return Err(ApiProblem::invalid(
            "category",
            format!("{:?} is not one of {}", body.category, CATEGORIES.join(", ")),
        ));
    }
    super::intake::check_liaison(&s, officer, body.enterprise_id, super::intake::Missing::Invalid).await?;
    let priority = body.priority.unwrap_or(Priority::Normal);
    let problem = s
        .store
        .raise_problem(
            body.enterprise_id,
            officer,
            &title,
            &description,
            &body.category,
            priority,
            &actor,
            via(&headers),
            s.now(),
        )
        .await?;
    Ok(problem_response(StatusCode::CREATED, &problem))
}

/// Who a triage endpoint lets act on a problem: the principal its extractor admitted,
/// checked against the problem where the role's reach depends on it.
trait TriageActor {
    /// The principal to record, or why it may not act on problem `id`.
    async fn on_problem(self, s: &AppState, id: i64) -> ApiResult<Principal>;
}

impl TriageActor for Dispatcher {
    async fn on_problem(self, _s: &AppState, _id: i64) -> ApiResult<Principal> {
        Ok(self.0)
    }
}

impl TriageActor for Commenter {
    async fn on_problem(self, s: &AppState, id: i64) -> ApiResult<Principal> {
        match self {
            Commenter::Dispatcher(p) => Ok(p),
            Commenter::Officer(p) => {
                // Officers may comment on problems of their own enterprises.
                visible(s, &p, id).await?;
                Ok(p)
            }
        }
    }
}

async fn apply(
    s: &AppState,
    actor: impl TriageActor,
    headers: &HeaderMap,
    id: i64,
    body: &[u8],
    segment: &str,
) -> ApiResult<Response> {
    let p = actor.on_problem(s, id).await?;
    let request = TriageRequest::decode(segment, body)?;
    let version = if_match_version(headers)?;
    let problem = s.store.triage(id, version, &request, &p, via(headers), s.now()).await?;
    Ok(problem_response(StatusCode::OK, &problem))
}

/// One triage endpoint: its OpenAPI description and its handler, which decodes the body
/// posted to `…/{id}/$segment` into a [`TriageRequest`] and applies it.
macro_rules! triage_endpoint {
    ($name:ident, $path:literal, $segment:literal, $body:ty, $who:ty, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "triage", params(("id" = i64, Path),
            ("If-Match" = String, Header, description = "the version you saw, e.g. \"3\""),
            ("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first response")),
            request_body = $body, security(("bearer" = [])),
            responses((status = 200, body = Problem), (status = 403, body = ApiError), (status = 404, body = ApiError),
                (status = 409, body = ApiError), (status = 412, body = ApiError), (status = 422, body = ApiError),
                (status = 428, body = ApiError)))]
        pub async fn $name(
            State(s): State<AppState>,
            who: $who,
            headers: HeaderMap,
            PathParams(id): PathParams<i64>,
            RawBody(body): RawBody,
        ) -> ApiResult<Response> {
            apply(&s, who, &headers, id, &body, $segment).await
        }
    };
}

triage_endpoint!(
    acknowledge,
    "/problems/{id}/acknowledge",
    "acknowledge",
    NoteBody,
    Dispatcher,
    "Acknowledge: open → acknowledged."
);
triage_endpoint!(
    escalate,
    "/problems/{id}/escalate",
    "escalate",
    NoteBody,
    Dispatcher,
    "Escalate one level: → open at level + 1 (409 CANNOT_ESCALATE at level 2)."
);
triage_endpoint!(
    reassign,
    "/problems/{id}/reassign",
    "reassign",
    ReassignBody,
    Dispatcher,
    "Reassign to a department or an officer (exactly one): → open, level kept."
);
triage_endpoint!(
    resolve,
    "/problems/{id}/resolve",
    "resolve",
    ResolveBody,
    Dispatcher,
    "Resolve with a resolution text: → resolved."
);
triage_endpoint!(
    reopen,
    "/problems/{id}/reopen",
    "reopen",
    ReopenBody,
    Dispatcher,
    "Reopen with a reason: resolved → open."
);
triage_endpoint!(
    comment,
    "/problems/{id}/comment",
    "comment",
    CommentBody,
    Commenter,
    "Comment: any state, unchanged; the version is not bumped."
);
triage_endpoint!(
    priority,
    "/problems/{id}/priority",
    "priority",
    PriorityBody,
    Dispatcher,
    "Set priority: recomputes due_at from the time raised."
);

/// The problem routes (the queue, one problem, its timeline, raising one, every triage action),
/// each declared once with its OpenAPI description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(list, create))
        .routes(routes!(get))
        .routes(routes!(timeline))
        .routes(routes!(acknowledge))
        .routes(routes!(escalate))
        .routes(routes!(reassign))
        .routes(routes!(resolve))
        .routes(routes!(reopen))
        .routes(routes!(comment))
        .routes(routes!(priority))
}
