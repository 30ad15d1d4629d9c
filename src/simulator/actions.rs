//! The actions the simulator takes through the API, intake for named officers (check-ins,
//! daily reports, new problems) and triage for desks and departments, and the request of the
//! contract each one makes (method, path, `If-Match`, JSON body), built without IO.

use chrono::NaiveDate;
use reqwest::Method;

use crate::api::headers;
use crate::api::triage::TriageRequest;
use crate::api::types::{DailyReportBody, NewCheckin, NewProblem};

/// One thing the simulator does through the API.
#[derive(Debug, Clone, PartialEq)]
pub enum SimAction {
    /// `POST /checkins` for an officer.
    Checkin {
        /// The id of the officer checking in.
        officer_id: i64,
        /// The enterprise checked in at: the officer's first one four times in five, else another of theirs.
        enterprise_id: i64,
    },
    /// `PUT /daily-reports/{enterprise}/{date}`: an officer files an enterprise's report for today or an
    /// overdue date.
    Report {
        /// The id of the enterprise the report is for.
        enterprise_id: i64,
        /// The local date reported (an earlier date for a late report).
        date: NaiveDate,
        /// Status, employees on site and notes, as the officer reports them.
        body: DailyReportBody,
    },
    /// `POST /problems`: one of an enterprise's officers raises a new problem there.
    Raise(NewProblem),
    /// `POST /problems/{id}/acknowledge`: the desk or department takes the problem.
    Acknowledge {
        /// The id of the problem acted on.
        problem_id: i64,
        /// The problem's version the simulator last saw, sent as `If-Match`.
        version: i64,
    },
    /// `POST /problems/{id}/escalate`: the problem goes one level up (park desk → district → city).
    Escalate {
        /// The id of the problem acted on.
        problem_id: i64,
        /// The problem's version the simulator last saw, sent as `If-Match`.
        version: i64,
        /// A note on why, half the time (from the phrasebook; the server takes at most 2,000 characters).
        note: Option<String>,
    },
    /// `POST /problems/{id}/reassign` to a department.
    Reassign {
        /// The id of the problem acted on.
        problem_id: i64,
        /// The problem's version the simulator last saw, sent as `If-Match`.
        version: i64,
        /// The department it goes to: the first known one for its category, else any.
        department_id: i64,
    },
    /// `POST /problems/{id}/resolve`: the problem is closed with a resolution.
    Resolve {
        /// The id of the problem acted on.
        problem_id: i64,
        /// The problem's version the simulator last saw, sent as `If-Match`.
        version: i64,
        /// How it was solved.
        resolution: String,
    },
    /// `POST /problems/{id}/comment`: a comment is added; state and level stay.
    Comment {
        /// The id of the problem acted on.
        problem_id: i64,
        /// The problem's version the simulator last saw, sent as `If-Match`.
        version: i64,
        /// The comment, from the phrasebook (the server takes at most 4,000 characters).
        text: String,
    },
}

impl SimAction {
    /// A short name of the kind of action, for logs and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Checkin { .. } => "checkin",
            Self::Report { .. } => "report",
            Self::Raise(_) => "raise",
            Self::Acknowledge { .. } => "acknowledge",
            Self::Escalate { .. } => "escalate",
            Self::Reassign { .. } => "reassign",
            Self::Resolve { .. } => "resolve",
            Self::Comment { .. } => "comment",
        }
    }

    /// The typed triage request of a triage action (its path segment and body); `None` for
    /// intake.
    pub fn triage_request(&self) -> Option<TriageRequest> {
        Some(match self {
            Self::Acknowledge { .. } => TriageRequest::acknowledge(None),
            Self::Escalate { note, .. } => TriageRequest::escalate(note.clone()),
            Self::Reassign { department_id, .. } => TriageRequest::reassign_department(*department_id),
            Self::Resolve { resolution, .. } => TriageRequest::resolve(resolution.clone()),
            Self::Comment { text, .. } => TriageRequest::comment(text.clone()),
            Self::Checkin { .. } | Self::Report { .. } | Self::Raise(_) => return None,
        })
    }

    /// The problem a triage action is about; `None` for intake.
    pub fn problem_id(&self) -> Option<i64> {
        match self {
            Self::Acknowledge { problem_id, .. }
            | Self::Escalate { problem_id, .. }
            | Self::Reassign { problem_id, .. }
            | Self::Resolve { problem_id, .. }
            | Self::Comment { problem_id, .. } => Some(*problem_id),
            Self::Checkin { .. } | Self::Report { .. } | Self::Raise(_) => None,
        }
    }
}

/// The request an action makes, built purely from it and sent with
/// [`crate::api::client::ApiClient::write`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    /// `POST` for check-ins, new problems and triage; `PUT` for a daily report.
    pub method: Method,
    /// Path under `/api/v1`, starting with `/`.
    pub path: String,
    /// The problem's version the simulator last saw, for `If-Match` (triage only).
    pub if_match: Option<i64>,
    /// The JSON body, as the contract's request types serialise it.
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

/// A request type as JSON (they always serialise; `Null` would be refused by the server).
fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The request of the contract an action makes: method, path, `If-Match` version and body.
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
        SimAction::Acknowledge { problem_id, version }
        | SimAction::Escalate { problem_id, version, .. }
        | SimAction::Reassign { problem_id, version, .. }
        | SimAction::Resolve { problem_id, version, .. }
        | SimAction::Comment { problem_id, version, .. } => {
            let request = action.triage_request().expect("a triage action has a triage request");
            post(format!("/problems/{problem_id}/{}", request.path()), Some(*version), request.body())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{EnterpriseStatus, NoteBody, ReassignBody};

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
}
