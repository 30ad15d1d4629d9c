//! The OpenAPI document, generated from the handlers' annotations and the wire types.
//! A committed copy lives in `docs/openapi.json`; a test fails when it drifts.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{intake, ops, problems, read};

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

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "dutydesk reporting API", version = "1",
        description = "The central reporting API of a return-to-work command center: enterprises, liaison officers, \
check-ins, daily reports and problems. Times are RFC 3339; days are local dates in the configured time zone. \
Errors are application/problem+json. Every POST takes an Idempotency-Key; triage takes If-Match."),
    modifiers(&BearerAuth),
    paths(
        read::me, read::org, read::dashboard, read::enterprises, read::enterprise, read::officers, read::officer,
        read::overdue, read::changes,
        problems::list, problems::get, problems::timeline, problems::create,
        problems::acknowledge, problems::escalate, problems::reassign, problems::resolve,
        problems::reopen, problems::comment, problems::priority,
        intake::checkin, intake::report,
        ops::healthz, ops::readyz, ops::metrics, ops::openapi,
    )
)]
pub struct ApiDoc;

/// The document as pretty JSON (what `/api/v1/openapi.json` serves and `docs/openapi.json` holds).
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
