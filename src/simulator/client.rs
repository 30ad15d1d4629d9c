//! The simulator's HTTP side: turning a [`SimAction`] into a request of the contract (method,
//! path, `If-Match`, `Idempotency-Key`, JSON body), and sending it with an admin token.

use std::time::Duration;

use anyhow::Context as _;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::actions::SimAction;
use crate::api::headers;
use crate::api::types::{ApiError, NewCheckin, Problem};

/// A request to send, built purely from an action.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    /// Method.
    pub method: Method,
    /// Path under `/api/v1`, starting with `/`.
    pub path: String,
    /// Version for `If-Match` (triage only).
    pub if_match: Option<i64>,
    /// JSON body.
    pub body: serde_json::Value,
}

impl PlannedRequest {
    /// Whether the request carries an `Idempotency-Key` (every POST does).
    pub fn needs_idempotency_key(&self) -> bool {
        self.method == Method::POST
    }

    /// The `If-Match` header value: the version as a quoted entity tag.
    pub fn if_match_header(&self) -> Option<String> {
        self.if_match.map(headers::version_tag)
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The request an action makes.
pub fn request_for(action: &SimAction) -> PlannedRequest {
    let post = |path: String, if_match: Option<i64>, body: serde_json::Value| PlannedRequest {
        method: Method::POST,
        path,
        if_match,
        body,
    };
    match action {
        SimAction::Checkin { officer_id, enterprise_id } => post(
            "/checkins".into(),
            None,
            to_json(&NewCheckin { enterprise_id: *enterprise_id, officer_id: Some(*officer_id) }),
        ),
        SimAction::Report { enterprise_id, date, body } => PlannedRequest {
            method: Method::PUT,
            path: format!("/daily-reports/{enterprise_id}/{}", date.format("%Y-%m-%d")),
            if_match: None,
            body: to_json(body),
        },
        SimAction::Raise(p) => post("/problems".into(), None, to_json(p)),
        SimAction::Acknowledge { problem_id, version } => {
            post(format!("/problems/{problem_id}/acknowledge"), Some(*version), json!({}))
        }
        SimAction::Escalate { problem_id, version, note } => {
            let body = match note {
                Some(n) => json!({ "note": n }),
                None => json!({}),
            };
            post(format!("/problems/{problem_id}/escalate"), Some(*version), body)
        }
        SimAction::Reassign { problem_id, version, department_id } => {
            post(format!("/problems/{problem_id}/reassign"), Some(*version), json!({ "department_id": department_id }))
        }
        SimAction::Resolve { problem_id, version, resolution } => {
            post(format!("/problems/{problem_id}/resolve"), Some(*version), json!({ "resolution": resolution }))
        }
        SimAction::Comment { problem_id, version, text } => {
            post(format!("/problems/{problem_id}/comment"), Some(*version), json!({ "text": text }))
        }
    }
}

/// What became of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// 2xx, with the response body (JSON, or `Null` when empty).
    Done(serde_json::Value),
    /// 412: someone changed the problem first; the problem as it is now, when sent.
    Stale(Option<Box<Problem>>),
    /// Any other 4xx (409 rule, 404, 422 …): status and the error's code or title.
    Refused(u16, String),
    /// 429 or 503: wait this long before the next request.
    Busy(Duration),
    /// The server failed (5xx) or could not be reached.
    Failed(String),
}

/// A client of the reporting API with one token.
#[derive(Debug, Clone)]
pub struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

/// `{api}/api/v1`, accepting a base with or without `/api/v1` and a trailing slash.
pub fn base_url(api: &str) -> String {
    let trimmed = api.trim().trim_end_matches('/');
    if trimmed.ends_with("/api/v1") { trimmed.to_string() } else { format!("{trimmed}/api/v1") }
}

impl Api {
    /// A client for the API at `api` (the server's base URL) with a bearer token.
    pub fn new(api: &str, token: &str) -> anyhow::Result<Self> {
        let base = base_url(api);
        url::Url::parse(&base).with_context(|| format!("{api:?} is not a URL like http://127.0.0.1:8080"))?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("dutydesk-simulate/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("cannot build the HTTP client")?;
        Ok(Self { http, base, token: token.trim().to_string() })
    }

    /// `GET` a path under `/api/v1` and decode its JSON.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("GET {path}"))?;
        let status = resp.status();
        if !status.is_success() {
            let body = resp.text().await.unwrap_or_default();
            anyhow::bail!("GET {path}: {status}: {}", error_summary(&body));
        }
        resp.json::<T>().await.with_context(|| format!("GET {path}: unexpected body"))
    }

    /// Sends a planned request with a fresh `Idempotency-Key` on POST.
    pub async fn send(&self, req: &PlannedRequest) -> Outcome {
        let mut b = self
            .http
            .request(req.method.clone(), format!("{}{}", self.base, req.path))
            .bearer_auth(&self.token)
            .json(&req.body);
        if let Some(v) = req.if_match_header() {
            b = b.header(reqwest::header::IF_MATCH, v);
        }
        if req.needs_idempotency_key() {
            b = b.header(headers::IDEMPOTENCY_KEY, uuid::Uuid::new_v4().to_string());
        }
        let resp = match b.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(format!("{} {}: {e}", req.method, req.path)),
        };
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let text = resp.text().await.unwrap_or_default();
        classify(status, retry_after, &text)
    }
}

/// The outcome of a response: status, `Retry-After` seconds and body text.
pub fn classify(status: StatusCode, retry_after: Option<u64>, body: &str) -> Outcome {
    if status.is_success() {
        return Outcome::Done(serde_json::from_str(body).unwrap_or(serde_json::Value::Null));
    }
    match status {
        StatusCode::PRECONDITION_FAILED => {
            Outcome::Stale(serde_json::from_str::<ApiError>(body).ok().and_then(|e| e.current))
        }
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
            Outcome::Busy(Duration::from_secs(retry_after.unwrap_or(2).clamp(1, 60)))
        }
        s if s.is_client_error() => Outcome::Refused(s.as_u16(), error_summary(body)),
        s => Outcome::Failed(format!("{s}: {}", error_summary(body))),
    }
}

/// The machine code and title of a problem+json body, or the start of any other body.
fn error_summary(body: &str) -> String {
    match serde_json::from_str::<ApiError>(body) {
        Ok(e) => format!("{} ({})", e.code, e.title),
        Err(_) => body.chars().take(200).collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use reqwest::{Method, StatusCode};

    use super::*;
    use crate::api::types::{DailyReportBody, EnterpriseStatus, NewProblem, NoteBody, ReassignBody};

    fn today() -> NaiveDate {
        "2026-02-16".parse().expect("date")
    }

    #[test]
    fn requests_follow_the_contract() {
        let c = request_for(&SimAction::Checkin { officer_id: 7, enterprise_id: 3 });
        assert_eq!((c.method.clone(), c.path.as_str()), (Method::POST, "/checkins"));
        assert!(c.needs_idempotency_key() && c.if_match.is_none());
        let body: NewCheckin = serde_json::from_value(c.body).expect("a NewCheckin");
        assert_eq!((body.enterprise_id, body.officer_id), (3, Some(7)));

        let report = DailyReportBody {
            status: EnterpriseStatus::Resumed,
            employees_on_site: 40,
            notes: String::new(),
            officer_id: Some(7),
        };
        let r = request_for(&SimAction::Report { enterprise_id: 3, date: today(), body: report.clone() });
        assert_eq!((r.method.clone(), r.path.as_str()), (Method::PUT, "/daily-reports/3/2026-02-16"));
        assert!(!r.needs_idempotency_key());
        assert_eq!(serde_json::from_value::<DailyReportBody>(r.body).expect("body"), report);

        let p = NewProblem {
            enterprise_id: 3,
            title: "口罩缺口".into(),
            description: String::new(),
            category: "protective_supplies".into(),
            priority: None,
            officer_id: Some(7),
        };
        let raise = request_for(&SimAction::Raise(p.clone()));
        assert_eq!(serde_json::from_value::<NewProblem>(raise.body).expect("body"), p);

        let esc = request_for(&SimAction::Escalate { problem_id: 9, version: 4, note: Some("请协调".into()) });
        assert_eq!(esc.path, "/problems/9/escalate");
        assert_eq!(esc.if_match_header().as_deref(), Some("\"4\""));
        assert_eq!(serde_json::from_value::<NoteBody>(esc.body).expect("body").note.as_deref(), Some("请协调"));
        let ack = request_for(&SimAction::Acknowledge { problem_id: 9, version: 5 });
        assert_eq!(serde_json::from_value::<NoteBody>(ack.body).expect("body"), NoteBody::default());
        let re = request_for(&SimAction::Reassign { problem_id: 9, version: 6, department_id: 5 });
        let body: ReassignBody = serde_json::from_value(re.body).expect("body");
        assert_eq!((body.department_id, body.officer_id), (Some(5), None));
        let res = request_for(&SimAction::Resolve { problem_id: 9, version: 7, resolution: "已解决".into() });
        assert_eq!((res.path.as_str(), res.body["resolution"].as_str()), ("/problems/9/resolve", Some("已解决")));
    }

    #[test]
    fn responses_are_classified() {
        assert!(matches!(classify(StatusCode::CREATED, None, "{\"id\":1}"), Outcome::Done(v) if v["id"] == 1));
        assert_eq!(classify(StatusCode::PRECONDITION_FAILED, None, "not json"), Outcome::Stale(None));
        assert!(matches!(classify(StatusCode::CONFLICT, None, ""), Outcome::Refused(409, _)));
        assert_eq!(
            classify(StatusCode::TOO_MANY_REQUESTS, Some(3), ""),
            Outcome::Busy(std::time::Duration::from_secs(3))
        );
        assert!(matches!(classify(StatusCode::INTERNAL_SERVER_ERROR, None, ""), Outcome::Failed(_)));
        assert_eq!(base_url("http://h:1/"), "http://h:1/api/v1");
        assert_eq!(base_url("http://h:1/api/v1/"), "http://h:1/api/v1");
    }
}
