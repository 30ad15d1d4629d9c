//! The OpenAPI document: its info and security scheme here, its paths and schemas from the
//! route tables of [`super::api_routes`] and [`super::operation_routes`] (each route and its
//! description declared once). A committed copy lives in `docs/openapi.json`; a test fails
//! when it drifts.

use std::sync::LazyLock;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use utoipa_axum::router::OpenApiRouter;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("dutydesk token")).build(),
            ),
        );
    }
}

/// The document's info and security scheme (the paths come from the route tables).
#[derive(OpenApi)]
#[openapi(
    info(title = "dutydesk reporting API", version = "1",
        description = "The central reporting API of a return-to-work command center: enterprises, liaison officers, \
check-ins, daily reports and problems. Times are RFC 3339; days are local dates in the configured time zone. \
Errors are application/problem+json. Every POST takes an Idempotency-Key; triage takes If-Match."),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The document as the route tables describe it: [`ApiDoc`] with the token routes under
/// `/api/v1` and the operations (what is served adds the common errors, [`openapi_json`]).
pub fn document() -> utoipa::openapi::OpenApi {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", super::api_routes())
        .merge(super::operation_routes())
        .into_openapi()
}

/// The operations whose body is read as JSON by content type, so a body of another type is 415.
const JSON_BODY_OPERATIONS: [&str; 3] = ["create", "checkin", "report"];

/// The errors the shared layers answer on any operation they cover, added where a handler's own
/// description does not already name them, and every error body marked as the
/// `application/problem+json` it is sent as:
/// - 401 (no, an unknown or a revoked token) and 429 (the token's rate, or too many failed
///   authentications from the address; with `Retry-After`) on every operation with a token;
/// - 400 where a path or query parameter can be malformed;
/// - on a POST, 400 (an `Idempotency-Key` that is not a UUID), 409 (its first request still
///   running) and 422 (the key used for another request);
/// - with a body, 400 (not JSON), 413 (over `max_body_bytes`) and 422 (a field's value), and
///   415 for the operations that read their body as JSON by its content type.
fn add_common_errors(doc: &mut serde_json::Value) {
    use serde_json::{Value, json};
    let problem = |description: &str| {
        json!({"description": description,
            "content": {crate::server::error::PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ApiError"}}}})
    };
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else { continue };
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or_default().to_string();
            let bearer = op.get("security").is_some();
            let has_params = op.get("parameters").and_then(Value::as_array).is_some_and(|ps| {
                ps.iter().any(|p| matches!(p.get("in").and_then(Value::as_str), Some("path" | "query")))
            });
            let has_body = op.contains_key("requestBody");
            let mut add: Vec<(&str, &str)> = Vec::new();
            if bearer {
                add.push(("401", "no token, or an unknown or revoked one"));
                add.push((
                    "429",
                    "the token's requests a minute, or the failed authentications from this address, are used up; \
                     retry after Retry-After seconds",
                ));
            }
            if has_params {
                add.push(("400", "a malformed path or query parameter"));
            }
            if method == "post" && bearer {
                add.push((
                    "400",
                    "a malformed request: an Idempotency-Key that is not a UUID, a body that is not JSON",
                ));
                add.push(("409", "the first request with this Idempotency-Key is still running, or a rule forbids it"));
                add.push(("422", "an invalid field, or an Idempotency-Key used for a different request"));
            }
            if has_body {
                add.push(("400", "the body is not JSON"));
                add.push(("413", "the body is larger than the server accepts"));
                add.push(("422", "a field's value is not acceptable"));
            }
            if JSON_BODY_OPERATIONS.contains(&id.as_str()) {
                add.push(("415", "the body is not sent as application/json"));
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for (code, description) in add {
                responses.entry(code).or_insert_with(|| problem(description));
            }
            for (code, response) in responses.iter_mut() {
                if code.starts_with('4') || code.starts_with('5') {
                    as_problem_json(response);
                }
                if code == "429" {
                    response["headers"] = json!({"Retry-After": {"description": "seconds to wait", "required": true,
                        "schema": {"type": "integer", "minimum": 1}}});
                }
            }
        }
    }
}

/// An error response's `application/json` body, as the `application/problem+json` it is.
fn as_problem_json(response: &mut serde_json::Value) {
    let Some(content) = response.get_mut("content").and_then(serde_json::Value::as_object_mut) else { return };
    if let Some(body) = content.remove("application/json") {
        content.insert(crate::server::error::PROBLEM_JSON.to_string(), body);
    }
    if response.get("description").and_then(serde_json::Value::as_str).is_some_and(str::is_empty) {
        response["description"] = "an error, as RFC 9457 problem+json".into();
    }
}

/// The whole document as pretty JSON, [`document`] with the errors every operation can answer
/// (401, 429, 400, 409, 413, 415, 422 where they apply): what `/api/v1/openapi.json` serves
/// and `docs/openapi.json` holds, built once.
pub fn openapi_json() -> String {
    static JSON: LazyLock<String> = LazyLock::new(|| {
        let built = serde_json::to_value(document()).map(|mut doc| {
            add_common_errors(&mut doc);
            doc
        });
        built.and_then(|doc| serde_json::to_string_pretty(&doc)).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    });
    JSON.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::triage::TriageRequest;

    #[test]
    fn the_served_document_tells_the_truth_about_errors_and_parameters() {
        let doc: serde_json::Value = serde_json::from_str(&openapi_json()).unwrap();
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                operations += 1;
                let what = format!("{method} {path}");
                let responses = op["responses"].as_object().unwrap();
                for (code, response) in responses {
                    if code.starts_with('4') || code.starts_with('5') {
                        let content = response["content"].as_object().unwrap();
                        assert!(content.keys().all(|k| k == "application/problem+json"), "{what} {code}: {content:?}");
                    }
                }
                if op.get("security").is_some() {
                    for code in ["401", "429"] {
                        assert!(responses.contains_key(code), "{what} documents {code}");
                    }
                    assert_eq!(responses["429"]["headers"]["Retry-After"]["required"], true, "{what}");
                }
                if method == "post" && op.get("security").is_some() {
                    for code in ["400", "409", "413", "422"] {
                        assert!(responses.contains_key(code), "{what} documents {code}");
                    }
                }
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let placeholder = format!("{{{}}}", p["name"].as_str().unwrap());
                    if p["in"] == "path" {
                        assert!(path.contains(&placeholder), "{what}: {} is not in the path", p["name"]);
                    }
                }
            }
        }
        assert!(operations >= 26, "{operations}");
        let changes = doc["paths"]["/api/v1/changes"]["get"]["parameters"].as_array().unwrap();
        let param = |name: &str| changes.iter().find(|p| p["name"] == name).unwrap().clone();
        assert_eq!((param("since")["in"].as_str(), param("since")["required"].as_bool()), (Some("query"), Some(true)));
        assert_eq!(param("wait")["required"].as_bool(), Some(false));
        assert_eq!(param("wait")["schema"]["maximum"], 30);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["NewProblem"]["properties"]["title"]["minLength"], 1);
        assert_eq!(schemas["NewProblem"]["properties"]["title"]["maxLength"], 200);
        let pattern = schemas["CommentBody"]["properties"]["text"]["pattern"].as_str().unwrap();
        assert!(pattern.contains("\\x00") && pattern.contains("\\u202A"), "{pattern}");
        assert!(
            doc["paths"]["/api/v1/problems"]["post"]["responses"].get("415").is_some(),
            "a JSON body of another type"
        );
    }

    #[test]
    fn every_triage_request_has_its_documented_route() {
        let doc = document();
        for segment in TriageRequest::PATHS {
            let path = format!("/api/v1/problems/{{id}}/{segment}");
            let item = doc.paths.paths.get(&path).unwrap_or_else(|| panic!("no route {path}"));
            assert!(item.post.is_some(), "{path} is a POST");
        }
        let triage_routes = doc.paths.paths.values().filter(|i| {
            i.post.as_ref().is_some_and(|o| o.tags.as_ref().is_some_and(|t| t.iter().any(|t| t == "triage")))
        });
        assert_eq!(triage_routes.count(), TriageRequest::PATHS.len(), "one triage route per request kind");
    }
}
