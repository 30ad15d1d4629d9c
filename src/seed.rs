//! The seed generator: a whole demo campaign (organisation, 14 days of check-ins and daily
//! reports, problems with their timelines) for a preset, deterministic for a given seed and
//! `now`, ready for [`crate::store::Store::load_seed`]. Nothing generated lies after `now`.
//! The live simulator ([`crate::simulator`]) borrows its text material from [`phrasebook`].

pub mod agencies;
pub mod checkins_and_reports;
pub mod geography;
pub mod names;
pub mod organisation;
pub mod phrasebook;
pub mod problems;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::domain::calendar::{Calendar, SlaHours};
use crate::store::bulk::SeedData;
use crate::store::{day, ms};

/// Days of history generated, ending today.
pub const CAMPAIGN_DAYS: usize = 14;

/// A demo data set: a city (or the whole province) and its size, chosen with `--preset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// 娄底市: about 1,305 enterprises and 1,238 officers (the figures of the sources).
    Loudi,
    /// 长沙市: about 4,000 enterprises and 3,815 officers.
    Changsha,
    /// 湖南省: about 100,000 enterprises and 90,000 officers, for load and scale tests.
    Province,
}

impl Preset {
    /// Every preset, smallest first (the order `--preset` lists them in errors).
    pub const ALL: [Preset; 3] = [Preset::Loudi, Preset::Changsha, Preset::Province];

    /// The command-line spelling (`loudi`, `changsha`, `province`), also its `Display`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loudi => "loudi",
            Self::Changsha => "changsha",
            Self::Province => "province",
        }
    }

    /// The label stored as the `city` meta row.
    pub fn city(self) -> &'static str {
        match self {
            Self::Loudi => "娄底市",
            Self::Changsha => "长沙市",
            Self::Province => "湖南省",
        }
    }

    /// Target number of enterprises, shared among the parks (the data set lands within 5% of it).
    pub fn enterprises(self) -> usize {
        match self {
            Self::Loudi => 1_305,
            Self::Changsha => 4_000,
            Self::Province => 100_000,
        }
    }

    /// Target number of officers, shared among the parks (the data set lands within 5% of it).
    pub fn officers(self) -> usize {
        match self {
            Self::Loudi => 1_238,
            Self::Changsha => 3_815,
            Self::Province => 90_000,
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Preset {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown preset {s:?}: use loudi, changsha or province"))
    }
}

/// The campaign's days as instants (Unix ms), computed once from the calendar.
#[derive(Debug, Clone)]
pub struct CampaignDays {
    /// Local dates, oldest first; the last is today.
    pub dates: Vec<NaiveDate>,
    /// Local midnight of each date.
    pub day_start: Vec<i64>,
    /// Check-in cutoff of each date.
    pub cutoff: Vec<i64>,
    /// Report deadline of each date.
    pub deadline: Vec<i64>,
    /// The generation's `now` in Unix ms: nothing later than this is generated.
    pub now: i64,
}

impl CampaignDays {
    /// The campaign of [`CAMPAIGN_DAYS`] local days ending on the local date of `now`.
    pub fn new(calendar: &Calendar, now: DateTime<Utc>) -> Self {
        let today = calendar.local_date(now);
        let dates: Vec<NaiveDate> = (0..CAMPAIGN_DAYS).rev().map(|back| today - Duration::days(back as i64)).collect();
        let at = |d: &NaiveDate, t: NaiveTime| ms(calendar.instant(*d, t));
        Self {
            day_start: dates.iter().map(|d| at(d, NaiveTime::MIN)).collect(),
            cutoff: dates.iter().map(|d| ms(calendar.cutoff(*d))).collect(),
            deadline: dates.iter().map(|d| ms(calendar.deadline(*d))).collect(),
            dates,
            now: ms(now),
        }
    }

    /// The first instant of the campaign.
    pub fn start(&self) -> i64 {
        self.day_start[0]
    }
}

/// Random streams of one seed, one per part, so each part's draws stay the same when another
/// part changes.
fn stream(seed: u64, n: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(n);
    rng
}

/// Generates the whole demo data set of `preset`. Pure: the same `(preset, seed, now)` (and
/// calendar and SLA) give the same data. Only what happened up to `now` is included: in the
/// morning today's check-ins are still arriving; after the report deadline today's missing
/// reports are overdue.
pub fn generate(preset: Preset, seed: u64, now: DateTime<Utc>, calendar: &Calendar, sla: &SlaHours) -> SeedData {
    let days = CampaignDays::new(calendar, now);
    let mut org = organisation::build(preset, &mut stream(seed, 1));
    checkins_and_reports::generate(&mut org, &days, &mut stream(seed, 2));
    problems::generate(&mut org, &days, sla, &mut stream(seed, 3));
    let mut data = org.data;
    data.meta = vec![
        ("province".into(), geography::PROVINCE.into()),
        ("city".into(), org.city),
        ("preset".into(), preset.as_str().into()),
        ("seed".into(), seed.to_string()),
        ("campaign_start".into(), day(days.dates[0])),
    ];
    tracing::debug!(
        preset = preset.as_str(),
        enterprises = data.enterprises.len(),
        officers = data.officers.len(),
        checkins = data.checkins.len(),
        reports = data.reports.len(),
        problems = data.problems.len(),
        "generated demo data"
    );
    data
}
