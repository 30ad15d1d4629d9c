//! The roster import's writes (`dutydesk import`): a validated roster ([`RosterData`]) merged
//! into the organisation by natural keys (park = city + county + name, unit and department =
//! name, enterprise = credit code, officer = phone) in one transaction: rows the file names are
//! added or updated, rows it omits are left alone and counted as "not in file", nothing is
//! deleted. The kept figures are rebuilt from the rows in the same transaction and the change
//! feed records what moved, so a running server's dashboards and its consoles follow.

mod rows;
mod write;

use chrono::{DateTime, Utc};
use sqlx::Row;

pub use rows::*;

use super::{Store, StoreResult};

/// What an import did (or, in a dry run, would do) to one kind of row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts {
    /// Rows of the file not in the database before.
    pub added: u64,
    /// Rows of the file whose stored values differed, now updated.
    pub changed: u64,
    /// Rows of the file stored with the same values.
    pub unchanged: u64,
    /// Rows of the database the file does not name: left as they are.
    pub not_in_file: u64,
}

/// An import's counts, kind by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RosterCounts {
    /// Parks (with the cities and counties they need).
    pub parks: KindCounts,
    /// Dispatching units (派出单位).
    pub units: KindCounts,
    /// Functional departments (职能部门).
    pub departments: KindCounts,
    /// Enterprises.
    pub enterprises: KindCounts,
    /// Officers.
    pub officers: KindCounts,
    /// Officer ↔ enterprise assignments.
    pub assignments: KindCounts,
}

impl RosterCounts {
    /// Each kind's counts with its English name, in the order of the template's sheets.
    pub fn kinds(&self) -> [(&'static str, KindCounts); 6] {
        [
            ("parks", self.parks),
            ("units", self.units),
            ("departments", self.departments),
            ("enterprises", self.enterprises),
            ("officers", self.officers),
            ("assignments", self.assignments),
        ]
    }

    /// Whether the import added or changed anything.
    pub fn wrote(&self) -> bool {
        self.kinds().iter().any(|(_, k)| k.added + k.changed > 0)
    }
}

impl Store {
    /// The natural keys the database holds, against which a roster's references are checked.
    pub async fn roster_keys(&self) -> StoreResult<KnownKeys> {
        let mut known =
            KnownKeys { parks: write::park_ids(self.pool()).await?.into_keys().collect(), ..KnownKeys::default() };
        for r in sqlx::query("SELECT name FROM units").fetch_all(self.pool()).await? {
            known.units.insert(r.try_get(0)?);
        }
        for r in sqlx::query("SELECT credit_code FROM enterprises WHERE credit_code IS NOT NULL")
            .fetch_all(self.pool())
            .await?
        {
            known.enterprises.insert(r.try_get(0)?);
        }
        for r in sqlx::query("SELECT phone FROM officers WHERE phone IS NOT NULL").fetch_all(self.pool()).await? {
            known.officers.insert(r.try_get(0)?);
        }
        Ok(known)
    }

    /// Merges a validated roster into the organisation in one transaction and returns what it
    /// added, changed and left alone per kind. With `dry_run` the same work is done and rolled
    /// back, so the counts are exactly those a real import would print. A reference the
    /// database cannot resolve (a park or unit removed since validation) fails the whole import.
    pub async fn import_roster(
        &self,
        data: &RosterData,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<RosterCounts> {
        let mut tx = self.begin_change().await?;
        let mut counts = RosterCounts::default();
        let parks = write::parks(&mut tx, &data.parks, &mut counts.parks).await?;
        let units = write::units(&mut tx, &data.units, &mut counts.units).await?;
        write::departments(&mut tx, &data.departments, &mut counts.departments).await?;
        let (enterprises, moved_enterprises) =
            write::enterprises(&mut tx, &data.enterprises, &parks, &mut counts.enterprises, now).await?;
        let (officers, moved_officers) =
            write::officers(&mut tx, &data.officers, &units, &parks, &mut counts.officers).await?;
        let linked =
            write::assignments(&mut tx, &data.assignments, &officers, &enterprises, &mut counts.assignments).await?;
        if counts.wrote() {
            if counts.enterprises.changed > 0 {
                write::rebuild_park_day_stats(&mut tx).await?;
            }
            super::figures::rebuild_figures(&mut tx, &self.calendar).await?;
            let organisation = [counts.parks, counts.units, counts.departments];
            if organisation.iter().any(|k| k.added + k.changed > 0) {
                tx.record("organisation", 0, now).await?;
            }
            let mut touched: Vec<i64> = moved_enterprises.into_iter().chain(linked).collect();
            touched.sort_unstable();
            touched.dedup();
            for id in touched {
                tx.record("enterprise", id, now).await?;
            }
            for id in moved_officers {
                tx.record("officer", id, now).await?;
            }
        }
        if !dry_run {
            tx.commit().await?;
        }
        Ok(counts)
    }
}
