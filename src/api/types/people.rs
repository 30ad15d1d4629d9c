//! Enterprises, officers, check-ins, daily reports and overdue reports.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::calendar::Attendance;

/// Business status of an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseStatus {
    /// Back at work (复工).
    Resumed,
    /// Not yet back.
    NotResumed,
    /// Suspended for rectification (停产整顿).
    Suspended,
}

impl EnterpriseStatus {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resumed => "resumed",
            Self::NotResumed => "not_resumed",
            Self::Suspended => "suspended",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Resumed, Self::NotResumed, Self::Suspended].into_iter().find(|e| e.as_str() == s)
    }
}

/// A daily report (防疫日志 / 日报告) of one enterprise for one local date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DailyReport {
    /// The enterprise.
    pub enterprise_id: i64,
    /// Local date.
    pub date: NaiveDate,
    /// When it arrived.
    pub submitted_at: DateTime<Utc>,
    /// Who filed it.
    pub officer: NamedRef,
    /// Status the officer saw.
    pub status: EnterpriseStatus,
    /// Employees on site.
    pub employees_on_site: i64,
    /// Free text.
    pub notes: String,
    /// Submitted by the deadline.
    pub on_time: bool,
}

/// An enterprise in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Enterprise {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Park.
    pub park: NamedRef,
    /// Class, e.g. 规模以上工业企业.
    pub class: String,
    /// Current status.
    pub status: EnterpriseStatus,
    /// Baseline employees.
    pub employees_baseline: i64,
    /// Employees on site, per the latest report.
    pub employees_on_site: i64,
    /// Officers liaising with it.
    pub officers: Vec<NamedRef>,
    /// Date of the latest report.
    pub latest_report_date: Option<NaiveDate>,
    /// Unresolved problems.
    pub open_problems: i64,
}

/// `GET /enterprises/{id}`: one enterprise with its recent reports and problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnterpriseDetail {
    /// The enterprise.
    #[serde(flatten)]
    pub enterprise: Enterprise,
    /// Reports of the last 14 days, newest first.
    pub recent_reports: Vec<DailyReport>,
    /// Its problems, newest first (at most 50).
    pub problems: Vec<Problem>,
}

/// A check-in on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Checkin {
    /// Id.
    pub id: i64,
    /// The officer.
    pub officer_id: i64,
    /// Where.
    pub enterprise: NamedRef,
    /// Local date.
    pub date: NaiveDate,
    /// When.
    pub at: DateTime<Utc>,
}

/// Today's check-in state of an officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerToday {
    /// Local date.
    pub date: NaiveDate,
    /// First check-in today.
    pub first_checkin_at: Option<DateTime<Utc>>,
    /// Attendance.
    pub attendance: Attendance,
}

/// An officer in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Officer {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Dispatching unit.
    pub unit: NamedRef,
    /// Main park.
    pub park: NamedRef,
    /// Enterprises assigned.
    pub enterprises: Vec<NamedRef>,
    /// Today.
    pub today: OfficerToday,
    /// Unresolved problems assigned to this officer.
    pub open_problems: i64,
}

/// `GET /officers/{id}`: an officer with check-ins and reports of the last 14 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerDetail {
    /// The officer.
    #[serde(flatten)]
    pub officer: Officer,
    /// Check-ins, newest first.
    pub checkins: Vec<Checkin>,
    /// Reports filed, newest first.
    pub reports: Vec<DailyReport>,
}

/// One overdue daily report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverdueReport {
    /// The enterprise.
    pub enterprise: NamedRef,
    /// Its park.
    pub park: NamedRef,
    /// Officers responsible.
    pub officers: Vec<NamedRef>,
    /// Their dispatching units.
    pub units: Vec<NamedRef>,
    /// Local date of the missing report.
    pub date: NaiveDate,
    /// The deadline passed.
    pub deadline: DateTime<Utc>,
    /// Seconds since the deadline.
    pub overdue_secs: i64,
    /// Consecutive overdue dates ending at `date`.
    pub days_in_a_row: i64,
}
