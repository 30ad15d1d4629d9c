//! The 14 days of attendance and daily reports: per active officer a check-in a day (most by
//! the cutoff, some late, a few absent), per covered enterprise a report a day (most by the
//! deadline, some late, some never filed, some overdue several days in a row). Every row is
//! drawn for the whole day first, then kept only if it happened by `now`, so the same seed shows
//! the same day at 08:00 and at 21:00, only further along.

use rand::Rng;

use super::CampaignDays;
use super::organisation::Organisation;
use super::phrasebook;
use crate::api::types::EnterpriseStatus;
use crate::store::bulk::{SeedCheckin, SeedReport};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// Chance of a missing and of a late report per reliability class.
const REPORT_MISS: [f64; 3] = [0.01, 0.06, 0.20];
const REPORT_LATE: [f64; 3] = [0.04, 0.15, 0.25];

/// Fills check-ins and reports, and sets each enterprise's status to its latest report.
pub fn generate(org: &mut Organisation, campaign: &CampaignDays, rng: &mut impl Rng) {
    checkins(org, campaign, rng);
    reports(org, campaign, rng);
}

fn checkins(org: &mut Organisation, campaign: &CampaignDays, rng: &mut impl Rng) {
    let days = campaign.dates.len();
    let data = &mut org.data;
    data.checkins.reserve(data.officers.len() * days * 11 / 10);
    for o in data.officers.iter().filter(|o| o.active) {
        let t = &org.off[(o.id - 1) as usize];
        let Some(&first) = t.enterprises.first() else {
            continue;
        };
        for d in 0..days {
            let r: f64 = rng.r#gen();
            let at = if r < t.p_absent {
                None
            } else if r < t.p_absent + t.p_late {
                Some(campaign.cutoff[d] + rng.gen_range(5 * MINUTE..3 * HOUR))
            } else {
                Some(campaign.cutoff[d] - rng.gen_range(0..2 * HOUR))
            };
            let many = t.enterprises.len() > 1;
            let where_ =
                if many && rng.gen_bool(0.2) { t.enterprises[rng.gen_range(1..t.enterprises.len())] } else { first };
            let second = (many && rng.gen_bool(0.15)).then(|| campaign.cutoff[d] + rng.gen_range(4 * HOUR..8 * HOUR));
            let Some(at) = at else { continue };
            let date = campaign.dates[d];
            if at <= campaign.now {
                data.checkins.push(SeedCheckin { officer_id: o.id, enterprise_id: where_, date, at });
            }
            if let Some(at2) = second.filter(|&s| s > at && s <= campaign.now) {
                let other = *t.enterprises.iter().find(|e| **e != where_).unwrap_or(&first);
                data.checkins.push(SeedCheckin { officer_id: o.id, enterprise_id: other, date, at: at2 });
            }
        }
    }
    data.checkins.sort_by_key(|c| (c.at, c.officer_id));
}

fn reports(org: &mut Organisation, campaign: &CampaignDays, rng: &mut impl Rng) {
    let days = campaign.dates.len();
    let data = &mut org.data;
    data.reports.reserve(data.enterprises.len() * days);
    for e in &mut data.enterprises {
        let idx = (e.id - 1) as usize;
        let t = &org.ent[idx];
        let officers = &org.ent_officers[idx];
        // Without a report, the status registered at the start of the campaign.
        let (status0, frac0) = t.truth(0);
        e.status = status0;
        e.employees_on_site = on_site(status0, frac0, e.employees_baseline, t.skeleton);
        e.updated_at = campaign.start();
        if officers.is_empty() {
            continue;
        }
        for d in 0..days {
            let (status, frac) = t.truth(d as i32);
            let noise = rng.gen_range(-0.02..0.02);
            let employees = on_site(status, (frac + noise).max(0.0), e.employees_baseline, t.skeleton);
            let r: f64 = rng.r#gen();
            let in_streak = t.streak.is_some_and(|(a, b)| (a..=b).contains(&(d as i32)));
            let missing = in_streak || r < REPORT_MISS[t.reliability];
            let late = r < REPORT_MISS[t.reliability] + REPORT_LATE[t.reliability];
            let submitted_at = if late {
                campaign.deadline[d] + rng.gen_range(10 * MINUTE..14 * HOUR)
            } else if rng.gen_bool(0.7) {
                campaign.deadline[d] - rng.gen_range(0..4 * HOUR)
            } else {
                campaign.deadline[d] - rng.gen_range(4 * HOUR..10 * HOUR)
            };
            let officer_id = officers[rng.gen_range(0..officers.len())];
            let note = phrasebook::report_note(
                status == EnterpriseStatus::Resumed,
                status == EnterpriseStatus::Suspended,
                rng,
            );
            if missing || submitted_at > campaign.now {
                continue;
            }
            data.reports.push(SeedReport {
                enterprise_id: e.id,
                date: campaign.dates[d],
                submitted_at,
                officer_id,
                status,
                employees_on_site: employees,
                notes: note.map(str::to_string).unwrap_or_default(),
            });
            e.status = status;
            e.employees_on_site = employees;
            e.updated_at = submitted_at;
        }
    }
}

/// Staff on site for a status and share of the baseline.
fn on_site(status: EnterpriseStatus, frac: f64, baseline: i64, skeleton: i64) -> i64 {
    match status {
        EnterpriseStatus::Resumed => ((baseline as f64 * frac).round() as i64).clamp(1, baseline.max(1)),
        EnterpriseStatus::NotResumed => skeleton.min(baseline / 10),
        EnterpriseStatus::Suspended => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_site_is_within_baseline() {
        assert_eq!(on_site(EnterpriseStatus::Resumed, 1.2, 100, 3), 100);
        assert_eq!(on_site(EnterpriseStatus::Resumed, 0.001, 100, 3), 1);
        assert_eq!(on_site(EnterpriseStatus::NotResumed, 0.0, 100, 3), 3);
        assert_eq!(on_site(EnterpriseStatus::NotResumed, 0.0, 12, 3), 1);
        assert_eq!(on_site(EnterpriseStatus::Suspended, 0.5, 100, 3), 0);
    }
}
