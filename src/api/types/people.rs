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
    /// The enterprise the report is for.
    pub enterprise_id: i64,
    /// The day reported on, in the command center's time zone (not in the future).
    pub date: NaiveDate,
    /// When it arrived.
    pub submitted_at: DateTime<Utc>,
    /// Who filed it.
    pub officer: NamedRef,
    /// Status the officer saw.
    pub status: EnterpriseStatus,
    /// Employees on site.
    pub employees_on_site: i64,
    /// The officer's remarks (at most 2,000 characters); empty when there are none.
    pub notes: String,
    /// Submitted by the deadline.
    pub on_time: bool,
}

/// An enterprise in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Enterprise {
    /// The enterprise's id, as in `/enterprises/{id}` and the `enterprise` filter of `GET /problems`.
    pub id: i64,
    /// The enterprise's registered name, e.g. 湖南邦普循环.
    pub name: String,
    /// The park the enterprise is in.
    pub park: NamedRef,
    /// Class, e.g. 规模以上工业企业.
    pub class: String,
    /// The status given by its latest-dated report (the status registered before any report).
    pub status: EnterpriseStatus,
    /// Employees before the shutdown, against which staff on site is measured.
    pub employees_baseline: i64,
    /// Employees on site, per the latest report.
    pub employees_on_site: i64,
    /// Officers liaising with it.
    pub officers: Vec<NamedRef>,
    /// Date of the latest report.
    pub latest_report_date: Option<NaiveDate>,
    /// How many of its problems are not resolved (open or acknowledged).
    pub open_problems: i64,
}

/// `GET /enterprises/{id}`: one enterprise with its recent reports and problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnterpriseDetail {
    /// The enterprise's list fields, flattened into this object.
    #[serde(flatten)]
    pub enterprise: Enterprise,
    /// Reports of the last 14 days, newest first.
    pub recent_reports: Vec<DailyReport>,
    /// Its problems, newest first (at most 50).
    pub problems: Vec<Problem>,
    /// Its officers' reminders (催报), newest first (at most 50).
    #[serde(default)]
    pub reminders: Vec<Reminder>,
}

/// A check-in on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Checkin {
    /// The check-in's id (assigned by the server, increasing).
    pub id: i64,
    /// The officer who checked in.
    pub officer_id: i64,
    /// The enterprise checked in at.
    pub enterprise: NamedRef,
    /// The day of the check-in, in the command center's time zone.
    pub date: NaiveDate,
    /// When the officer checked in (the server's clock when the request arrived).
    pub at: DateTime<Utc>,
}

/// Today's check-in state of an officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerToday {
    /// Today, in the command center's time zone.
    pub date: NaiveDate,
    /// First check-in today.
    pub first_checkin_at: Option<DateTime<Utc>>,
    /// `present`, `late`, `absent` or `not_yet`, from the first check-in and today's cutoff.
    pub attendance: Attendance,
}

/// An officer in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Officer {
    /// The officer's id, as in `/officers/{id}` and the `officer:ID` assignee filter of `GET /problems`.
    pub id: i64,
    /// The officer's full name.
    pub name: String,
    /// The officer's phone number (an 11-digit mobile or `0AAA-NNNNNNN`), when the roster gave one.
    #[serde(default)]
    pub phone: Option<String>,
    /// The dispatching unit (派出单位) that seconded the officer.
    pub unit: NamedRef,
    /// The park of the officer's enterprises, where the dashboard counts the officer.
    pub park: NamedRef,
    /// The enterprises the officer liaises with (the only ones it may file reports and problems for).
    pub enterprises: Vec<NamedRef>,
    /// The officer's first check-in and attendance today.
    pub today: OfficerToday,
    /// Unresolved problems assigned to this officer.
    pub open_problems: i64,
}

/// `GET /officers/{id}`: an officer with check-ins and reports of the last 14 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerDetail {
    /// The officer's list fields, flattened into this object.
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
    /// The enterprise whose report is missing.
    pub enterprise: NamedRef,
    /// The enterprise's park.
    pub park: NamedRef,
    /// The officers assigned to the enterprise, who should have filed the report.
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
    /// When the enterprise's officers were last reminded (催报), if ever.
    #[serde(default)]
    pub last_reminded_at: Option<DateTime<Utc>>,
    /// Who last reminded them.
    #[serde(default)]
    pub last_reminded_by: Option<String>,
}
