//! The handover's places and people: parks and cities whose return-to-work rate fell (from
//! the kept per-park-day figures, `park_day_stats`, a few hundred rows), the overdue
//! enterprises (the overdue list's own indexed read), officers absent two days running (two
//! index probes of `checkins_date_officer` per officer of the scope) and the worst dispatching
//! units (the dashboard's unit figures of the scope).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use sqlx::Row;

use super::super::overdue::OverdueFilter;
use super::super::page::PageRequest;
use super::super::scope::OrgTree;
use super::super::sql::SqlBuf;
use super::super::{Store, StoreResult, day, parse_day};
use super::{HandoverWindow, push_scope};
use crate::api::types::{
    AbsentOfficer, HandoverList, NamedRef, OverdueReport, RateChange, RateFalls, Scope, UnitFigures,
};

/// The first `limit` of `all` and its total.
fn top<T>(all: Vec<T>, limit: i64) -> HandoverList<T> {
    let total = all.len() as i64;
    HandoverList { total, items: all.into_iter().take(usize::try_from(limit).unwrap_or(0)).collect() }
}

/// Whether the rate `to` is below the rate `from` (both with reports), compared exactly.
fn fell(c: &RateChange) -> bool {
    c.from_reporting > 0 && c.to_reporting > 0 && c.to_resumed * c.from_reporting < c.from_resumed * c.to_reporting
}

/// The places of `changes` whose rate fell, largest fall first, then by id.
fn falls(changes: impl IntoIterator<Item = RateChange>, limit: i64) -> HandoverList<RateChange> {
    let mut fallen: Vec<RateChange> = changes.into_iter().filter(fell).collect();
    fallen.sort_by(|a, b| b.fall_points().total_cmp(&a.fall_points()).then(a.place.id.cmp(&b.place.id)));
    top(fallen, limit)
}

impl Store {
    /// Parks of the scope, and cities of the scope (over all their parks), whose
    /// return-to-work rate (resumed / reporting, as the day's reports said) fell from the last
    /// report day complete at `since` to the last complete at `until`.
    pub(super) async fn rate_falls(&self, w: &HandoverWindow, tree: &OrgTree, scope: Scope) -> StoreResult<RateFalls> {
        let (from, to) = (self.latest_past_deadline(w.since), self.latest_past_deadline(w.until));
        if from >= to {
            return Ok(RateFalls { from, to, parks: HandoverList::default(), cities: HandoverList::default() });
        }
        let rows =
            sqlx::query("SELECT park_id, date, reporting, resumed FROM park_day_stats WHERE date = $1 OR date = $2")
                .bind(day(from))
                .bind(day(to))
                .fetch_all(self.pool())
                .await?;
        let city_of_district: HashMap<i64, i64> = tree.districts.iter().map(|d| (d.id, d.city_id)).collect();
        let city_of_park: HashMap<i64, i64> =
            tree.parks.iter().filter_map(|p| Some((p.id, *city_of_district.get(&p.district_id)?))).collect();
        let in_scope = tree.rows_of(scope);
        let scope_cities: BTreeSet<i64> = in_scope.keys().filter_map(|p| city_of_park.get(p).copied()).collect();
        let change = |id: i64, name: &str| RateChange {
            place: NamedRef { id, name: name.to_string() },
            from_resumed: 0,
            from_reporting: 0,
            to_resumed: 0,
            to_reporting: 0,
        };
        let mut parks: BTreeMap<i64, RateChange> =
            tree.parks.iter().filter(|p| in_scope.contains_key(&p.id)).map(|p| (p.id, change(p.id, &p.name))).collect();
        let mut cities: BTreeMap<i64, RateChange> = tree
            .cities
            .iter()
            .filter(|c| scope_cities.contains(&c.id))
            .map(|c| (c.id, change(c.id, &c.name)))
            .collect();
        for r in rows {
            let park: i64 = r.try_get("park_id")?;
            let later = parse_day(&r.try_get::<String, _>("date")?)? == to;
            let (reporting, resumed): (i64, i64) = (r.try_get("reporting")?, r.try_get("resumed")?);
            let targets = [parks.get_mut(&park), city_of_park.get(&park).and_then(|c| cities.get_mut(c))];
            for c in targets.into_iter().flatten() {
                if later {
                    (c.to_reporting, c.to_resumed) = (c.to_reporting + reporting, c.to_resumed + resumed);
                } else {
                    (c.from_reporting, c.from_resumed) = (c.from_reporting + reporting, c.from_resumed + resumed);
                }
            }
        }
        Ok(RateFalls {
            from,
            to,
            parks: falls(parks.into_values(), w.limit),
            cities: falls(cities.into_values(), w.limit),
        })
    }

    /// The enterprises of the scope overdue on `date` as of the window's end, most days in a
    /// row first (the overdue list's first page, with its total).
    pub(super) async fn handover_overdue(
        &self,
        w: &HandoverWindow,
        scope: Scope,
        date: NaiveDate,
    ) -> StoreResult<HandoverList<OverdueReport>> {
        let page = PageRequest { after: None, limit: w.limit, count_total: true };
        let f = OverdueFilter { date: Some(date), park: None, unit: None, scope: Some(scope), page };
        let page = self.overdue(&f, w.until).await?;
        Ok(HandoverList { total: page.total.unwrap_or(page.items.len() as i64), items: page.items })
    }

    /// The two days of the absence check (the last whose check-in cutoff passed at the window's
    /// end, and the day before), and the scope's active officers with no check-in on either.
    pub(super) async fn absent_two_days(
        &self,
        w: &HandoverWindow,
        scope: Scope,
    ) -> StoreResult<([NaiveDate; 2], HandoverList<AbsentOfficer>)> {
        let today = self.calendar.local_date(w.until);
        let last = if w.until > self.calendar.cutoff(today) { today } else { today - Duration::days(1) };
        let days = [last - Duration::days(1), last];
        let filter = |select: &str| {
            let mut sql = SqlBuf::new(select);
            sql.push(" WHERE o.active = 1");
            for d in days {
                sql.push(" AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.date = ")
                    .str(&day(d))
                    .push(" AND c.officer_id = o.id)");
            }
            push_scope(&mut sql, "o.park_id", scope);
            sql
        };
        let total: i64 =
            filter("SELECT COUNT(*) AS n FROM officers o").query().fetch_one(self.pool()).await?.try_get("n")?;
        let mut sql = filter(
            "SELECT o.id, o.name, u.id AS unit_id, u.name AS unit_name, pk.id AS park_id, pk.name AS park_name \
             FROM officers o JOIN units u ON u.id = o.unit_id JOIN parks pk ON pk.id = o.park_id",
        );
        sql.push(" ORDER BY o.id LIMIT ").int(w.limit);
        let mut items = Vec::new();
        for r in sql.query().fetch_all(self.pool()).await? {
            items.push(AbsentOfficer {
                officer: NamedRef { id: r.try_get("id")?, name: r.try_get("name")? },
                unit: NamedRef { id: r.try_get("unit_id")?, name: r.try_get("unit_name")? },
                park: NamedRef { id: r.try_get("park_id")?, name: r.try_get("park_name")? },
                last_checkin: None,
            });
        }
        if !items.is_empty() {
            let ids: Vec<i64> = items.iter().map(|a| a.officer.id).collect();
            let mut last = SqlBuf::new("SELECT officer_id, MAX(date) AS last FROM checkins WHERE officer_id IN (");
            last.int_list(&ids).push(") AND date < ").str(&day(days[0])).push(" GROUP BY officer_id");
            let mut found: HashMap<i64, NaiveDate> = HashMap::new();
            for r in last.query().fetch_all(self.pool()).await? {
                found.insert(r.try_get("officer_id")?, parse_day(&r.try_get::<String, _>("last")?)?);
            }
            for a in &mut items {
                a.last_checkin = found.get(&a.officer.id).copied();
            }
        }
        Ok((days, HandoverList { total, items }))
    }

    /// The scope's dispatching units with overdue reports or absent officers on `date`, the
    /// most overdue reports first, then the most absent.
    pub(super) async fn worst_units(
        &self,
        w: &HandoverWindow,
        scope: Scope,
        date: NaiveDate,
    ) -> StoreResult<HandoverList<UnitFigures>> {
        let (dashboard, _) = self.dashboard(date, w.until, Some(scope)).await?;
        let mut units: Vec<UnitFigures> =
            dashboard.units.into_iter().filter(|u| u.reports.overdue > 0 || u.attendance.absent > 0).collect();
        units.sort_by_key(|u| (-u.reports.overdue, -u.attendance.absent, u.unit_id));
        Ok(top(units, w.limit))
    }
}
