//! The actions the simulator takes through the API: intake for named officers (check-ins,
//! daily reports, new problems) and triage for desks and departments.

use chrono::NaiveDate;

use crate::api::types::{DailyReportBody, NewProblem};

/// One thing the simulator does through the API.
#[derive(Debug, Clone, PartialEq)]
pub enum SimAction {
    /// `POST /checkins` for an officer.
    Checkin {
        /// The officer.
        officer_id: i64,
        /// Where.
        enterprise_id: i64,
    },
    /// `PUT /daily-reports/{enterprise}/{date}`.
    Report {
        /// The enterprise.
        enterprise_id: i64,
        /// The local date reported (an earlier date for a late report).
        date: NaiveDate,
        /// The body.
        body: DailyReportBody,
    },
    /// `POST /problems`.
    Raise(NewProblem),
    /// `POST /problems/{id}/acknowledge`.
    Acknowledge {
        /// Problem.
        problem_id: i64,
        /// `If-Match`.
        version: i64,
    },
    /// `POST /problems/{id}/escalate`.
    Escalate {
        /// Problem.
        problem_id: i64,
        /// `If-Match`.
        version: i64,
        /// Optional note.
        note: Option<String>,
    },
    /// `POST /problems/{id}/reassign` to a department.
    Reassign {
        /// Problem.
        problem_id: i64,
        /// `If-Match`.
        version: i64,
        /// The department.
        department_id: i64,
    },
    /// `POST /problems/{id}/resolve`.
    Resolve {
        /// Problem.
        problem_id: i64,
        /// `If-Match`.
        version: i64,
        /// How it was solved.
        resolution: String,
    },
    /// `POST /problems/{id}/comment`.
    Comment {
        /// Problem.
        problem_id: i64,
        /// `If-Match`.
        version: i64,
        /// Text.
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
}
