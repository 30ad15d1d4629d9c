//! The simulator's picture of the world: what the API last said about officers, enterprises,
//! unresolved problems and overdue reports, plus what the simulator itself did since.

use std::collections::HashMap;

use crate::api::types::{AssigneeKind, DailyReportBody, Enterprise, EnterpriseStatus, Officer, OverdueReport, Problem};
use crate::domain::calendar::Attendance;
use crate::domain::lifecycle::ProblemState;
use chrono::NaiveDate;

/// An officer as the simulator knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOfficer {
    /// The officer's id on the server.
    pub id: i64,
    /// Enterprises assigned, first is where the officer usually checks in.
    pub enterprises: Vec<i64>,
    /// Checked in today already (present or late on the server, or checked in by the simulator).
    pub checked_in: bool,
}

/// An enterprise as the simulator knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimEnterprise {
    /// The enterprise's id on the server.
    pub id: i64,
    /// Its operating status per the server, updated by the reports the simulator files.
    pub status: EnterpriseStatus,
    /// Baseline headcount (`employees_baseline`): the ceiling of the on-site count it reports.
    pub baseline: i64,
    /// Employees on site per the latest report.
    pub on_site: i64,
    /// Officers liaising with it.
    pub officers: Vec<i64>,
    /// Today's report is in.
    pub reported_today: bool,
}

/// A problem as the simulator knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimProblem {
    /// The problem's id on the server.
    pub id: i64,
    /// Its category (`protective_supplies`, `transport`, …): picks the departments it can go to.
    pub category: String,
    /// Its state as last seen; never `Resolved` (resolved problems are dropped).
    pub state: ProblemState,
    /// Its escalation level as last seen (0 park desk, 1 district, 2 city command center).
    pub level: i64,
    /// Version for `If-Match`.
    pub version: i64,
    /// Who owns it.
    pub assignee: AssigneeKind,
}

impl From<&Problem> for SimProblem {
    fn from(p: &Problem) -> Self {
        Self {
            id: p.id,
            category: p.category.clone(),
            state: p.state,
            level: p.level,
            version: p.version,
            assignee: p.assignee.kind,
        }
    }
}

/// What the simulator knows: today's local date, officers, enterprises, unresolved problems,
/// overdue reports and the departments problems can go to.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// Today's date in the server's time zone; when it changes, a new day starts.
    pub today: NaiveDate,
    /// Officers read from `GET /officers`, page by page, in the order first seen.
    pub officers: Vec<SimOfficer>,
    /// Enterprises read from `GET /enterprises`, page by page, in the order first seen.
    pub enterprises: Vec<SimEnterprise>,
    /// Unresolved problems: the first page of `GET /problems?state=unresolved`, plus the simulator's writes.
    pub problems: Vec<SimProblem>,
    /// Overdue reports as (enterprise id, local date): the first page of `GET /reports/overdue`, less
    /// those filed since.
    pub overdue: Vec<(i64, NaiveDate)>,
    /// The overdue reports whose officers were reminded (催报), as (enterprise id, local date):
    /// the overdue rows with a `last_reminded_at`, less those filed since.
    pub reminded: Vec<(i64, NaiveDate)>,
    /// Ids of the departments from `GET /org`, where reassigned problems can go.
    pub departments: Vec<i64>,
    officer_ix: HashMap<i64, usize>,
    enterprise_ix: HashMap<i64, usize>,
}

/// A stable pseudo-random draw from an id, in 0..100 (same answer on every run).
fn id_percent(id: i64, salt: u64) -> u64 {
    let mut x = (id as u64) ^ salt;
    x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) % 100
}

/// Enterprises whose officers never file a report while the simulator runs (about 6%), so the
/// overdue list stays populated.
pub fn never_reports(enterprise_id: i64) -> bool {
    id_percent(enterprise_id, 0x5eed) < 6
}

/// Enterprises whose officers answer a reminder (催报) by filing the report at once (about
/// 70%), so the demo shows reminders working; the others stay overdue until chance has them
/// report.
pub fn answers_reminders(enterprise_id: i64) -> bool {
    id_percent(enterprise_id, 0x7e3d) < 70
}

/// Officers who never check in while the simulator runs (about 3%).
pub fn never_checks_in(officer_id: i64) -> bool {
    id_percent(officer_id, 0xc4ec) < 3
}

impl World {
    /// An empty world on `today`.
    pub fn new(today: NaiveDate) -> Self {
        Self { today, ..Self::default() }
    }

    /// Rebuilds the id indexes after the vectors were edited directly.
    pub fn reindex(&mut self) {
        self.officer_ix = self.officers.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        self.enterprise_ix = self.enterprises.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    }

    /// A new local day: nobody has checked in or reported yet.
    pub fn new_day(&mut self, today: NaiveDate) {
        self.today = today;
        self.officers.iter_mut().for_each(|o| o.checked_in = false);
        self.enterprises.iter_mut().for_each(|e| e.reported_today = false);
    }

    /// Adds or refreshes officers from a page of `GET /officers`.
    pub fn upsert_officers(&mut self, page: &[Officer]) {
        for o in page {
            let sim = SimOfficer {
                id: o.id,
                enterprises: o.enterprises.iter().map(|e| e.id).collect(),
                checked_in: o.today.date == self.today
                    && matches!(o.today.attendance, Attendance::Present | Attendance::Late),
            };
            match self.officer_ix.get(&o.id) {
                Some(&i) => self.officers[i] = sim,
                None => {
                    self.officer_ix.insert(o.id, self.officers.len());
                    self.officers.push(sim);
                }
            }
        }
    }

    /// Adds or refreshes enterprises from a page of `GET /enterprises`.
    pub fn upsert_enterprises(&mut self, page: &[Enterprise]) {
        for e in page {
            let sim = SimEnterprise {
                id: e.id,
                status: e.status,
                baseline: e.employees_baseline,
                on_site: e.employees_on_site,
                officers: e.officers.iter().map(|o| o.id).collect(),
                reported_today: e.latest_report_date == Some(self.today),
            };
            match self.enterprise_ix.get(&e.id) {
                Some(&i) => self.enterprises[i] = sim,
                None => {
                    self.enterprise_ix.insert(e.id, self.enterprises.len());
                    self.enterprises.push(sim);
                }
            }
        }
    }

    /// Replaces the unresolved problems with a fresh list.
    pub fn set_problems(&mut self, problems: &[Problem]) {
        self.problems = problems.iter().filter(|p| p.state != ProblemState::Resolved).map(SimProblem::from).collect();
    }

    /// Records a problem as the server now has it (after a write, or from a 412 body).
    pub fn upsert_problem(&mut self, p: &Problem) {
        self.problems.retain(|x| x.id != p.id);
        if p.state != ProblemState::Resolved {
            self.problems.push(SimProblem::from(p));
        }
    }

    /// Forgets a problem until the next refresh (after a 409 or 404).
    pub fn forget_problem(&mut self, id: i64) {
        self.problems.retain(|x| x.id != id);
    }

    /// Replaces the overdue list.
    pub fn set_overdue(&mut self, items: &[OverdueReport]) {
        self.overdue = items.iter().map(|o| (o.enterprise.id, o.date)).collect();
        self.reminded =
            items.iter().filter(|o| o.last_reminded_at.is_some()).map(|o| (o.enterprise.id, o.date)).collect();
    }

    /// Marks an officer checked in today.
    pub fn mark_checked_in(&mut self, officer_id: i64) {
        if let Some(&i) = self.officer_ix.get(&officer_id) {
            self.officers[i].checked_in = true;
        }
    }

    /// Records a filed report: off the overdue list, with the enterprise's status and staff as reported.
    pub fn mark_reported(&mut self, enterprise_id: i64, date: NaiveDate, body: &DailyReportBody) {
        self.overdue.retain(|o| *o != (enterprise_id, date));
        self.reminded.retain(|o| *o != (enterprise_id, date));
        if let Some(&i) = self.enterprise_ix.get(&enterprise_id) {
            let e = &mut self.enterprises[i];
            if date == self.today {
                e.reported_today = true;
            }
            e.status = body.status;
            e.on_site = body.employees_on_site;
        }
    }

    /// An enterprise by id.
    pub fn enterprise(&self, id: i64) -> Option<&SimEnterprise> {
        self.enterprise_ix.get(&id).map(|&i| &self.enterprises[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_shares_never_report_or_check_in() {
        let nr = (1..=10_000).filter(|i| never_reports(*i)).count();
        let nc = (1..=10_000).filter(|i| never_checks_in(*i)).count();
        let answer = (1..=10_000).filter(|i| answers_reminders(*i)).count();
        assert!((6_000..8_000).contains(&answer), "{answer}");
        assert!((400..800).contains(&nr), "{nr}");
        assert!((150..450).contains(&nc), "{nc}");
    }
}
