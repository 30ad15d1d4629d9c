//! The dashboard of a scope, grouped from the per-park figures: the organisation tree
//! (province → cities → counties → parks) read from the data, a scope checked against it and
//! resolved to its path, and the park figures added up by the park → county → city map into
//! the rows one level down, the scope's totals and its units (numerators and denominators
//! added, never rates averaged).

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;

use super::dashboard::{ScopeFigures, add_problems, empty_figures};
use super::{Store, StoreError, StoreResult};
use crate::api::types::{
    AttendanceCounts, Dashboard, District, FieldError, Level, NamedRef, Park, PlaceFigures, PlaceRef, ReportCounts,
    Scope, UnitFigures,
};

/// Per-park figures of one date, before grouping: what the recount computes
/// ([`Store::recount_park_figures`]), grouped by [`group`].
#[derive(Debug, Clone, PartialEq)]
pub struct ParkFigureSet {
    /// The local date the figures are for.
    pub date: chrono::NaiveDate,
    /// When they were computed.
    pub as_of: chrono::DateTime<chrono::Utc>,
    /// The change sequence they reflect.
    pub change_seq: i64,
    /// The local dates of the trend, oldest first.
    pub dates: Vec<chrono::NaiveDate>,
    /// The figures of each park (`id` a park id), in park id order.
    pub parks: Vec<PlaceFigures>,
    /// Each unit's figures per park: attendance of its officers stationed in the park,
    /// reports of the park's enterprises they liaise with; keyed `(park id, unit id)`.
    pub park_units: BTreeMap<(i64, i64), UnitFigures>,
}

/// The organisation's places from the data: the province, its cities, their counties, their parks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrgTree {
    /// The province's name (the `province` meta row, else the fallback name).
    pub province: String,
    /// Cities in id order.
    pub cities: Vec<NamedRef>,
    /// Counties and districts in id order, with their city.
    pub districts: Vec<District>,
    /// Parks in id order, with their district.
    pub parks: Vec<Park>,
}

impl OrgTree {
    /// The default scope: the province when the data has several cities (or none), else its city.
    pub fn top(&self) -> Scope {
        match self.cities.as_slice() {
            [one] => Scope::City(one.id),
            _ => Scope::Province,
        }
    }

    /// The name of the top of the data, for titles.
    pub fn top_name(&self) -> String {
        match self.top() {
            Scope::City(id) => self.city_name(id).unwrap_or_default(),
            _ => self.province.clone(),
        }
    }

    fn city_name(&self, id: i64) -> Option<String> {
        self.cities.iter().find(|c| c.id == id).map(|c| c.name.clone())
    }

    fn district(&self, id: i64) -> Option<&District> {
        self.districts.iter().find(|d| d.id == id)
    }

    /// The path from the top of the data down to `scope` (the scope last), or a field error
    /// naming `scope` when it names no place of the data.
    pub fn path(&self, scope: Scope) -> Result<Vec<PlaceRef>, FieldError> {
        let unknown = |what: &str, id: i64| FieldError {
            field: "scope".into(),
            message: format!("there is no {what} with id {id} (GET /org lists them)"),
        };
        let province = PlaceRef { level: Level::Province, id: 0, name: self.province.clone() };
        let city = |id: i64| -> Result<PlaceRef, FieldError> {
            let name = self.city_name(id).ok_or_else(|| unknown("city", id))?;
            Ok(PlaceRef { level: Level::City, id, name })
        };
        let mut path = match scope {
            Scope::Province => vec![province],
            Scope::City(id) => vec![province, city(id)?],
            Scope::County(id) => {
                let d = self.district(id).ok_or_else(|| unknown("county or district", id))?;
                vec![province, city(d.city_id)?, PlaceRef { level: Level::County, id, name: d.name.clone() }]
            }
        };
        // Above a single-city top there is nothing to go back to.
        if let Scope::City(_) = self.top()
            && scope != Scope::Province
        {
            path.remove(0);
        }
        Ok(path)
    }

    /// For each park of `scope`, the id of the row it counts in (its city, county or itself).
    pub(super) fn rows_of(&self, scope: Scope) -> HashMap<i64, i64> {
        let city_of: HashMap<i64, i64> = self.districts.iter().map(|d| (d.id, d.city_id)).collect();
        self.parks
            .iter()
            .filter_map(|p| {
                let city = city_of.get(&p.district_id).copied();
                let row = match scope {
                    Scope::Province => city?,
                    Scope::City(id) => (city == Some(id)).then_some(p.district_id)?,
                    Scope::County(id) => (p.district_id == id).then_some(p.id)?,
                };
                Some((p.id, row))
            })
            .collect()
    }

    /// Every place one level down of `scope`, by id, named: shown even when it has no figures.
    pub(super) fn row_places(&self, scope: Scope) -> Vec<NamedRef> {
        match scope {
            Scope::Province => self.cities.clone(),
            Scope::City(id) => self
                .districts
                .iter()
                .filter(|d| d.city_id == id)
                .map(|d| NamedRef { id: d.id, name: d.name.clone() })
                .collect(),
            Scope::County(id) => self
                .parks
                .iter()
                .filter(|p| p.district_id == id)
                .map(|p| NamedRef { id: p.id, name: p.name.clone() })
                .collect(),
        }
    }
}

/// Adds `p`'s counts to `total` (numerators and denominators; the oldest open is the minimum).
pub(super) fn sum_into(total: &mut PlaceFigures, p: &PlaceFigures) {
    total.enterprises += p.enterprises;
    total.suspended += p.suspended;
    total.employees += p.employees;
    for (t, q) in total.trend.iter_mut().zip(&p.trend) {
        t.resumed += q.resumed;
        t.employees += q.employees;
        t.attendance += q.attendance;
        t.on_time += q.on_time;
    }
    add_problems(&mut total.problems, &p.problems);
    add_attendance(&mut total.attendance, &p.attendance);
    add_reports(&mut total.reports, &p.reports);
}

fn add_attendance(a: &mut AttendanceCounts, b: &AttendanceCounts) {
    a.expected += b.expected;
    a.present += b.present;
    a.late += b.late;
    a.absent += b.absent;
    a.not_yet += b.not_yet;
}

fn add_reports(a: &mut ReportCounts, b: &ReportCounts) {
    a.expected += b.expected;
    a.submitted += b.submitted;
    a.on_time += b.on_time;
    a.overdue += b.overdue;
}

/// The dashboard of `scope` (already checked by [`OrgTree::path`], which gave `path`) from
/// per-park figures: the parks of the scope added up into the rows one level down, each
/// unit's figures over the scope's parks. The recount's grouping, done in Rust park by park,
/// independently of the served read ([`Store::scope_figures`]), which sums in SQL.
pub fn group(set: &ParkFigureSet, tree: &OrgTree, scope: Scope, path: Vec<PlaceRef>) -> Dashboard {
    let row_of = tree.rows_of(scope);
    let mut rows: BTreeMap<i64, PlaceFigures> =
        tree.row_places(scope).into_iter().map(|r| (r.id, empty_figures(r.id, &r.name, &set.dates))).collect();
    for p in &set.parks {
        if let Some(r) = row_of.get(&p.id).and_then(|row| rows.get_mut(row)) {
            sum_into(r, p);
        }
    }
    let mut units: BTreeMap<i64, UnitFigures> = BTreeMap::new();
    for ((park, unit), f) in &set.park_units {
        if !row_of.contains_key(park) {
            continue;
        }
        let u = units.entry(*unit).or_insert_with(|| UnitFigures {
            unit_id: *unit,
            unit_name: f.unit_name.clone(),
            attendance: AttendanceCounts::default(),
            reports: ReportCounts::default(),
        });
        add_attendance(&mut u.attendance, &f.attendance);
        add_reports(&mut u.reports, &f.reports);
    }
    let figures = ScopeFigures {
        change_seq: set.change_seq,
        dates: set.dates.clone(),
        rows: rows.into_values().collect(),
        units: units.into_values().collect(),
        valid_until: chrono::DateTime::<chrono::Utc>::MAX_UTC,
    };
    dashboard_of(set.date, set.as_of, scope, path, figures)
}

/// The dashboard of `scope` at `path` from its rows and units: the totals are the sum of the
/// rows (numerators and denominators added).
fn dashboard_of(
    date: chrono::NaiveDate,
    as_of: chrono::DateTime<chrono::Utc>,
    scope: Scope,
    path: Vec<PlaceRef>,
    figures: ScopeFigures,
) -> Dashboard {
    let place = path.last().cloned().unwrap_or(PlaceRef { level: scope.level(), id: 0, name: String::new() });
    let mut totals = empty_figures(place.id, &place.name, &figures.dates);
    for r in &figures.rows {
        sum_into(&mut totals, r);
    }
    Dashboard {
        date,
        as_of,
        change_seq: figures.change_seq,
        rows_level: scope.level().below().unwrap_or(Level::Park),
        scope: place,
        path,
        totals,
        rows: figures.rows,
        units: figures.units,
    }
}

impl Store {
    /// The organisation tree from the data. A city without a name (a database upgraded with no
    /// `city` meta row) and a missing province take the store's fallback name (`server.city`).
    pub async fn org_tree(&self) -> StoreResult<OrgTree> {
        let pool = self.pool();
        let province: Option<String> = sqlx::query("SELECT value FROM meta WHERE key = 'province'")
            .fetch_optional(pool)
            .await?
            .map(|r| r.try_get("value"))
            .transpose()?;
        let mut cities = Vec::new();
        for r in sqlx::query("SELECT id, name FROM cities ORDER BY id").fetch_all(pool).await? {
            let name: String = r.try_get("name")?;
            cities.push(NamedRef {
                id: r.try_get("id")?,
                name: if name.is_empty() { self.fallback_name.clone() } else { name },
            });
        }
        let districts = sqlx::query("SELECT id, city_id, name FROM districts ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok(District { id: r.try_get("id")?, city_id: r.try_get("city_id")?, name: r.try_get("name")? }))
            .collect::<StoreResult<_>>()?;
        let parks = sqlx::query("SELECT id, district_id, name FROM parks ORDER BY id")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Park { id: r.try_get("id")?, district_id: r.try_get("district_id")?, name: r.try_get("name")? })
            })
            .collect::<StoreResult<_>>()?;
        Ok(OrgTree { province: province.unwrap_or_else(|| self.fallback_name.clone()), cities, districts, parks })
    }

    /// The dashboard of `date` as of `now` for `scope` (`None`: the top of the data), plus the
    /// instant until which it stays true if no data changes. A scope that names no place of the
    /// data is [`StoreError::Query`] naming `scope`, found before any figure is computed.
    pub async fn dashboard(
        &self,
        date: chrono::NaiveDate,
        now: chrono::DateTime<chrono::Utc>,
        scope: Option<Scope>,
    ) -> StoreResult<(Dashboard, chrono::DateTime<chrono::Utc>)> {
        let tree = self.org_tree().await?;
        let scope = scope.unwrap_or_else(|| tree.top());
        let path = tree.path(scope).map_err(StoreError::Query)?;
        let figures = self.scope_figures(&tree, scope, date, now).await?;
        let valid_until = figures.valid_until;
        Ok((dashboard_of(date, now, scope, path, figures), valid_until))
    }
}
