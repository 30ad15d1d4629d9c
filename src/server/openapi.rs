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

/// The whole document: [`ApiDoc`] with the token routes under `/api/v1` and the operations.
pub fn document() -> utoipa::openapi::OpenApi {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", super::api_routes())
        .merge(super::operation_routes())
        .into_openapi()
}

/// The document as pretty JSON (what `/api/v1/openapi.json` serves and `docs/openapi.json`
/// holds), built once.
pub fn openapi_json() -> String {
    static JSON: LazyLock<String> =
        LazyLock::new(|| document().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")));
    JSON.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::triage::TriageRequest;

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
