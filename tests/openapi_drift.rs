//! The committed `docs/openapi.json` must equal the document generated from the code.
//! To refresh it after an intended change: `DUTYDESK_UPDATE_OPENAPI=1 cargo test --test openapi_drift`.

use dutydesk::server::openapi::openapi_json;

#[test]
fn committed_openapi_matches_the_code() {
    let generated = openapi_json() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.json");
    if std::env::var("DUTYDESK_UPDATE_OPENAPI").as_deref() == Ok("1") {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json drifted from the code; refresh it with DUTYDESK_UPDATE_OPENAPI=1 cargo test --test openapi_drift"
    );
}

#[test]
fn document_names_every_endpoint_and_scheme() {
    let doc: serde_json::Value = serde_json::from_str(&openapi_json()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/me",
        "/api/v1/org",
        "/api/v1/dashboard",
        "/api/v1/problems",
        "/api/v1/problems/{id}",
        "/api/v1/problems/{id}/timeline",
        "/api/v1/problems/{id}/reassign",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{id}",
        "/api/v1/officers",
        "/api/v1/officers/{id}",
        "/api/v1/reports/overdue",
        "/api/v1/changes",
        "/api/v1/checkins",
        "/api/v1/daily-reports/{enterprise_id}/{date}",
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
}
