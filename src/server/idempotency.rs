//! Idempotency for POST: a key (UUID) replays the first response; the same key with another
//! body is 422. Keys are scoped to the token. The key is recorded in the write's own
//! transaction (`store::idempotency`), so a crash never leaves a key that answers 409: a retry
//! gets the stored answer, the answer rebuilt from what the committed write produced, or a
//! fresh execution when nothing committed.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::ApiProblem;
use super::problems::problem_response;
use super::state::AppState;
use crate::api::headers::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use crate::store::idempotency::{KeyScope, KeyState, Produced, Sealed, with_key};
use crate::store::tokens::Principal;

/// The middleware: see the module's doc.
pub async fn idempotency(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, ApiProblem> {
    if req.method() != Method::POST {
        return Ok(next.run(req).await);
    }
    let Some(key) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(next.run(req).await);
    };
    let key = key
        .to_str()
        .ok()
        .and_then(|k| uuid::Uuid::parse_str(k.trim()).ok())
        .ok_or_else(|| ApiProblem::bad_request("Idempotency-Key must be a UUID"))?
        .to_string();
    let Some(principal) = req.extensions().get::<Principal>().cloned() else {
        return Ok(next.run(req).await);
    };
    let (parts, body) = req.into_parts();
    let limit = state.config.max_body_bytes;
    let bytes = to_bytes(body, limit).await.map_err(|_| {
        ApiProblem::new(StatusCode::PAYLOAD_TOO_LARGE, "TOO_LARGE", format!("the body is larger than {limit} bytes"))
    })?;
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str());
    hasher.update(parts.uri.path());
    hasher.update(parts.headers.get(header::IF_MATCH).map(HeaderValue::as_bytes).unwrap_or_default());
    hasher.update(&bytes);
    let hash: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let token = principal.token_id;
    let now = state.now();
    if let Some(answer) = known(&state, token, &key, &hash).await? {
        return Ok(answer);
    }
    let scope = KeyScope::new(token, &key, &hash, now);
    let (resp, sealed) = with_key(scope, next.run(Request::from_parts(parts, Body::from(bytes)))).await;
    if sealed == Sealed::Lost {
        // Another request with this key committed first; this one rolled back: its answer.
        return match known(&state, token, &key, &hash).await? {
            Some(answer) => Ok(answer),
            None => Err(ApiProblem::new(
                StatusCode::CONFLICT,
                "IDEMPOTENCY_IN_FLIGHT",
                "another request with this Idempotency-Key was applied first; retry to get its answer",
            )),
        };
    }
    let (parts, body) = resp.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.map_err(|e| ApiProblem::internal(&e))?;
    // A 5xx is not kept: if its write committed, a retry is answered from what it produced;
    // if not, the retry runs afresh.
    if !parts.status.is_server_error() {
        let text = String::from_utf8_lossy(&bytes);
        let headers = kept_headers(&parts.headers);
        state
            .store
            .finish_key((token, &key, &hash, now), sealed == Sealed::Committed, parts.status.as_u16(), &text, &headers)
            .await?;
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

/// The answer a key already has: the stored response, or the one rebuilt from what its
/// committed write produced (then stored); 422 for another body; `None` when it has none.
async fn known(state: &AppState, token: i64, key: &str, hash: &str) -> Result<Option<Response>, ApiProblem> {
    match state.store.lookup_key(token, key, hash, state.now()).await? {
        KeyState::Fresh => Ok(None),
        KeyState::Mismatch => Err(ApiProblem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "IDEMPOTENCY_KEY_REUSED",
            "this Idempotency-Key was used for a different request; use a new key",
        )),
        KeyState::Replay { status, body, headers } => Ok(Some(replayed(status, body, &headers))),
        KeyState::Applied(produced) => {
            let resp = rebuilt(state, &produced).await?;
            let (parts, body) = resp.into_parts();
            let bytes = to_bytes(body, usize::MAX).await.map_err(|e| ApiProblem::internal(&e))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let headers = kept_headers(&parts.headers);
            tracing::info!(key, kind = produced.kind, id = produced.id, "answered a key from its committed write");
            state
                .store
                .finish_key((token, key, hash, state.now()), true, parts.status.as_u16(), &text, &headers)
                .await?;
            Ok(Some(replayed(parts.status.as_u16(), text, &headers)))
        }
    }
}

/// The answer of a committed write whose own answer was lost: the entity it produced, now.
async fn rebuilt(state: &AppState, produced: &Produced) -> Result<Response, ApiProblem> {
    let status = StatusCode::from_u16(produced.status).unwrap_or(StatusCode::OK);
    let id = produced.id;
    match produced.kind.as_str() {
        "problem" => {
            let p = state
                .store
                .problem(id)
                .await?
                .ok_or_else(|| ApiProblem::not_found(format!("no problem with id {id}")))?;
            Ok(problem_response(status, &p))
        }
        "checkin" => {
            let c = state
                .store
                .checkin_by_id(id)
                .await?
                .ok_or_else(|| ApiProblem::not_found(format!("no check-in with id {id}")))?;
            Ok((status, axum::Json(c)).into_response())
        }
        "reminders" => {
            let sent = state
                .store
                .reminders_sent(id)
                .await?
                .ok_or_else(|| ApiProblem::not_found(format!("no reminder batch with id {id}")))?;
            Ok((status, axum::Json(sent)).into_response())
        }
        other => Err(ApiProblem::internal(&format!("unknown kind {other:?} stored for an idempotency key"))),
    }
}

/// The headers a replay repeats, as a JSON object.
fn kept_headers(headers: &axum::http::HeaderMap) -> String {
    let mut keep = serde_json::Map::new();
    for name in [header::CONTENT_TYPE, header::ETAG, header::LOCATION] {
        if let Some(v) = headers.get(&name).and_then(|v| v.to_str().ok()) {
            keep.insert(name.to_string(), serde_json::Value::String(v.to_string()));
        }
    }
    serde_json::Value::Object(keep).to_string()
}

/// A stored answer sent again, marked `Idempotent-Replayed: true`.
fn replayed(status: u16, body: String, headers: &str) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let stored: serde_json::Map<String, serde_json::Value> = serde_json::from_str(headers).unwrap_or_default();
    for (k, v) in stored {
        if let (Ok(name), Some(Ok(value))) =
            (HeaderName::from_bytes(k.as_bytes()), v.as_str().map(HeaderValue::from_str))
        {
            resp.headers_mut().insert(name, value);
        }
    }
    resp.headers_mut().insert(HeaderName::from_static(IDEMPOTENT_REPLAYED), HeaderValue::from_static("true"));
    resp
}
