//! One error type for every handler: RFC 9457 problem+json with a machine `code`; internal
//! details are logged, never sent. Also the extractors whose rejections are problem+json:
//! JSON bodies, path parameters, query strings, and list queries validated into the store's
//! typed filters ([`Filter`]).

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::triage::TriageDecodeError;
use crate::api::types::{ApiError, FieldError, Problem};
use crate::store::StoreError;
use crate::store::changes::FeedError;
use crate::store::filters::FromQuery;
use crate::store::triage::TriageError;

/// A problem+json response in the making.
#[derive(Debug, Clone)]
pub struct ApiProblem {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The machine code clients branch on, e.g. `STALE_VERSION`; also names the `type` URI.
    pub code: &'static str,
    /// What to fix.
    pub detail: String,
    /// Each invalid field and what is wrong with it (422 and `INVALID_QUERY`); empty otherwise.
    pub errors: Vec<FieldError>,
    /// For 412: the current problem.
    pub current: Option<Box<Problem>>,
    /// For 429: seconds to wait.
    pub retry_after: Option<u64>,
}

impl ApiProblem {
    /// A problem with a status, code and detail.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self { status, code, detail: detail.into(), errors: Vec::new(), current: None, retry_after: None }
    }

    /// 400: the request is malformed.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", detail)
    }

    /// 404: no such thing.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", what)
    }

    /// 403: the token's role or scope does not allow it.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", detail)
    }

    /// 422: one field is invalid.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut p = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "INVALID_FIELD", format!("{field}: {message}"));
        p.errors.push(FieldError { field: field.to_string(), message });
        p
    }

    /// 400 INVALID_QUERY: a query parameter's value is not acceptable.
    pub fn invalid_query(f: FieldError) -> Self {
        let mut p = Self::invalid(&f.field, f.message);
        p.status = StatusCode::BAD_REQUEST;
        p.code = "INVALID_QUERY";
        p
    }

    /// 500 for our own failure; the cause is logged here and not sent.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "the server failed; the error is logged, try again")
    }

    fn title(&self) -> &'static str {
        self.status.canonical_reason().unwrap_or("Error")
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let body = ApiError {
            kind: format!("https://dutydesk.dev/problems/{}", self.code.to_lowercase().replace('_', "-")),
            title: self.title().to_string(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code.to_string(),
            errors: self.errors,
            current: self.current,
        };
        let mut resp = (self.status, axum::Json(body)).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.retry_after {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

impl From<StoreError> for ApiProblem {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(m) => ApiProblem::bad_request(m),
            StoreError::Query(f) => ApiProblem::invalid_query(f),
            StoreError::KeyTaken => ApiProblem::new(
                StatusCode::CONFLICT,
                "IDEMPOTENCY_IN_FLIGHT",
                "another request with this Idempotency-Key was applied first; retry to get its answer",
            ),
            other => ApiProblem::internal(&other),
        }
    }
}

impl From<TriageError> for ApiProblem {
    fn from(e: TriageError) -> Self {
        match e {
            TriageError::NotFound(id) => ApiProblem::not_found(format!("no problem with id {id}")),
            TriageError::Stale { expected, current } => {
                let by = current.updated_at.to_rfc3339();
                let mut p = ApiProblem::new(
                    StatusCode::PRECONDITION_FAILED,
                    "STALE_VERSION",
                    format!(
                        "the problem changed after version {expected}: it is version {} (changed {by}); \
                         read its timeline, then send again with If-Match: \"{}\" if still wanted",
                        current.version, current.version
                    ),
                );
                p.current = Some(current);
                p
            }
            TriageError::Rule(rule) => ApiProblem::new(StatusCode::CONFLICT, rule.code(), rule.to_string()),
            TriageError::Invalid { field, message } => ApiProblem::invalid(field, message),
            TriageError::Store(s) => s.into(),
        }
    }
}

impl From<TriageDecodeError> for ApiProblem {
    fn from(e: TriageDecodeError) -> Self {
        match e {
            TriageDecodeError::UnknownAction(_) => ApiProblem::not_found(e.to_string()),
            TriageDecodeError::MissingBody | TriageDecodeError::Syntax(_) => ApiProblem::bad_request(e.to_string()),
            TriageDecodeError::Shape(message) => ApiProblem::invalid("body", message),
            TriageDecodeError::Field(f) => ApiProblem::invalid(&f.field, f.message),
        }
    }
}

impl From<FeedError> for ApiProblem {
    fn from(e: FeedError) -> Self {
        match e {
            FeedError::Expired { .. } => ApiProblem::new(StatusCode::GONE, "CURSOR_EXPIRED", e.to_string()),
            FeedError::Store(s) => s.into(),
        }
    }
}

impl From<JsonRejection> for ApiProblem {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => {
                let text = e.body_text();
                let mut p = ApiProblem::new(StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY", text.clone());
                p.errors.push(FieldError { field: "body".into(), message: text });
                p
            }
            JsonRejection::JsonSyntaxError(e) => {
                ApiProblem::bad_request(format!("the body is not valid JSON: {}", e.body_text()))
            }
            JsonRejection::MissingJsonContentType(_) => ApiProblem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "send the body as JSON with Content-Type: application/json",
            ),
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
            other => ApiProblem::bad_request(other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiProblem {
    fn from(r: QueryRejection) -> Self {
        let text = r.body_text();
        let mut p = ApiProblem::new(StatusCode::BAD_REQUEST, "INVALID_QUERY", text.clone());
        p.errors.push(FieldError { field: "query".into(), message: text });
        p
    }
}

impl From<PathRejection> for ApiProblem {
    fn from(r: PathRejection) -> Self {
        ApiProblem::bad_request(format!("bad path: {}", r.body_text()))
    }
}

/// JSON body extractor whose rejections are problem+json.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiProblem))]
pub struct JsonBody<T>(pub T);

/// Query extractor whose rejections are problem+json.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiProblem))]
pub struct QueryParams<T>(pub T);

/// Path extractor whose rejections are problem+json.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiProblem))]
pub struct PathParams<T>(pub T);

/// A raw body extractor whose rejections (too large, unreadable) are problem+json: the triage
/// endpoints read their body whole and decode it themselves.
#[derive(Debug)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiProblem;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiProblem> {
        Bytes::from_request(req, state).await.map(RawBody).map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiProblem::bad_request(format!("cannot read the body: {}", e.body_text()))
            }
        })
    }
}

/// 413: the body is over `[server] max_body_bytes`.
fn too_large() -> ApiProblem {
    ApiProblem::new(StatusCode::PAYLOAD_TOO_LARGE, "TOO_LARGE", "the body is larger than the server accepts")
}

/// Turns every error response that is not problem+json yet (axum's own 404, 405 and 413, the
/// timeout's 503, …) into one, keeping its status and its headers (`Allow`, `Retry-After`), so
/// a client meets one error format whatever failed.
pub async fn problems_only(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem_json(resp.headers()) {
        return resp;
    }
    let (mut parts, _) = resp.into_parts();
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => ("NOT_FOUND", "no such endpoint; see /api/v1/openapi.json".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = parts.headers.get(header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or("other methods");
            ("METHOD_NOT_ALLOWED", format!("this endpoint does not take that method; it answers {allow}"))
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("TOO_LARGE", "the body is larger than the server accepts".to_string()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("UNSUPPORTED_MEDIA_TYPE", "send the body as JSON with Content-Type: application/json".to_string())
        }
        StatusCode::SERVICE_UNAVAILABLE => ("UNAVAILABLE", "the server could not answer in time; retry".to_string()),
        s if s.is_server_error() => ("INTERNAL", "the server failed; the error is logged, try again".to_string()),
        s => ("BAD_REQUEST", format!("the request was refused: {}", s.canonical_reason().unwrap_or("error"))),
    };
    let mut out = ApiProblem::new(status, code, detail).into_response();
    for name in [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING] {
        parts.headers.remove(name);
    }
    for (name, value) in &parts.headers {
        out.headers_mut().insert(name.clone(), value.clone());
    }
    out
}

fn is_problem_json(headers: &axum::http::HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A list query validated into the store's typed filter `F`: a malformed query string or an
/// unacceptable value (unknown state, bad cursor, …) is 400 INVALID_QUERY naming the field.
#[derive(Debug)]
pub struct Filter<F>(pub F);

impl<S: Send + Sync, F: FromQuery> FromRequestParts<S> for Filter<F> {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiProblem> {
        // No search or filter text may carry a control character (PostgreSQL refuses NUL
        // outright): 400 naming the parameter, before any of it reaches the store.
        let query = parts.uri.query().unwrap_or_default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if let Some(why) = crate::api::sanitize::unstorable(&value) {
                return Err(ApiProblem::invalid_query(FieldError { field: name.into_owned(), message: why }));
            }
        }
        let QueryParams(q) = QueryParams::<F::Query>::from_request_parts(parts, state).await?;
        F::from_query(q).map(Filter).map_err(ApiProblem::invalid_query)
    }
}

/// Result of handlers.
pub type ApiResult<T> = Result<T, ApiProblem>;
