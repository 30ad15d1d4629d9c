//! Drill-down details of the test data: an enterprise with a late report and two problems, an
//! officer with a check-in and a report.

use chrono::Duration;

use crate::api::types::*;
use crate::console::model::ViewData;
use crate::console::tests::fixtures::{enterprises, now, officers, problems, r, today};

pub(crate) fn enterprise_detail() -> ViewData {
    let e = enterprises().remove(0);
    let report = DailyReport {
        enterprise_id: 11,
        date: today() - Duration::days(3),
        submitted_at: now() - Duration::days(3),
        officer: r(1, "王立"),
        status: EnterpriseStatus::NotResumed,
        employees_on_site: 40,
        notes: "体温正常".into(),
        on_time: false,
    };
    ViewData::Enterprise(Box::new(EnterpriseDetail {
        enterprise: e,
        recent_reports: vec![report],
        problems: problems()[..2].to_vec(),
        reminders: Vec::new(),
    }))
}

pub(crate) fn officer_detail() -> ViewData {
    let o = officers().remove(1);
    let checkin = Checkin {
        id: 9,
        officer_id: 2,
        enterprise: r(12, "光华机械厂"),
        date: today(),
        at: now() - Duration::minutes(300),
    };
    let report = DailyReport {
        enterprise_id: 12,
        date: today() - Duration::days(1),
        submitted_at: now() - Duration::hours(20),
        officer: r(2, "李芳"),
        status: EnterpriseStatus::Resumed,
        employees_on_site: 780,
        notes: String::new(),
        on_time: true,
    };
    ViewData::Officer(Box::new(OfficerDetail { officer: o, checkins: vec![checkin], reports: vec![report] }))
}
