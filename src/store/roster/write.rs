//! One kind at a time: what the database holds read once, each row of the roster matched by its
//! natural key, then inserted (a new id after the highest), updated when a value differs, or
//! counted unchanged. One SQL text for SQLite and PostgreSQL.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::{KindCounts, ParkKey, RosterDepartment, RosterEnterprise, RosterOfficer};
use crate::store::{StoreError, StoreResult, ms};

/// The next free id of `table` (its highest plus one).
async fn next_id(conn: &mut AnyConnection, table: &str) -> StoreResult<i64> {
    let row = sqlx::query(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")).fetch_one(&mut *conn).await?;
    Ok(row.try_get(0)?)
}

/// The ids of one table's new rows: the first read once, when the first row is added, the
/// rest counted on from it (the import's transaction holds the write lock), so adding N rows
/// costs one `MAX(id)` instead of N.
struct NewIds {
    table: &'static str,
    next: Option<i64>,
}

impl NewIds {
    fn of(table: &'static str) -> Self {
        Self { table, next: None }
    }

    async fn take(&mut self, conn: &mut AnyConnection) -> StoreResult<i64> {
        let id = match self.next {
            Some(id) => id,
            None => next_id(conn, self.table).await?,
        };
        self.next = Some(id + 1);
        Ok(id)
    }
}

/// How many rows `table` holds.
async fn count(conn: &mut AnyConnection, table: &str) -> StoreResult<u64> {
    let row = sqlx::query(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *conn).await?;
    Ok(row.try_get::<i64, _>(0)?.max(0) as u64)
}

/// Sets `not_in_file`: the rows of `table` the file did not name.
async fn left_alone(conn: &mut AnyConnection, table: &str, counts: &mut KindCounts) -> StoreResult<()> {
    let named = counts.added + counts.changed + counts.unchanged;
    counts.not_in_file = count(conn, table).await?.saturating_sub(named);
    Ok(())
}

/// Every park's id by its key (a county whose city row is missing counts under an empty name).
pub(super) async fn park_ids<'c, E>(conn: E) -> StoreResult<HashMap<ParkKey, i64>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT p.id, p.name, d.name AS county, COALESCE(c.name, '') AS city FROM parks p \
         JOIN districts d ON d.id = p.district_id LEFT JOIN cities c ON c.id = d.city_id ORDER BY p.id",
    )
    .fetch_all(conn)
    .await?;
    let mut out = HashMap::new();
    for r in rows {
        let key = ParkKey { city: r.try_get("city")?, county: r.try_get("county")?, name: r.try_get("name")? };
        out.entry(key).or_insert(r.try_get("id")?);
    }
    Ok(out)
}

/// Adds the parks (and their cities and counties) the database lacks; every park's id by key.
pub(super) async fn parks(
    conn: &mut AnyConnection,
    parks: &[ParkKey],
    counts: &mut KindCounts,
) -> StoreResult<HashMap<ParkKey, i64>> {
    let mut ids = park_ids(&mut *conn).await?;
    let mut cities: HashMap<String, i64> = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM cities ORDER BY id").fetch_all(&mut *conn).await? {
        cities.entry(r.try_get("name")?).or_insert(r.try_get("id")?);
    }
    let mut counties: HashMap<(i64, String), i64> = HashMap::new();
    for r in sqlx::query("SELECT id, city_id, name FROM districts ORDER BY id").fetch_all(&mut *conn).await? {
        counties.entry((r.try_get("city_id")?, r.try_get("name")?)).or_insert(r.try_get("id")?);
    }
    for p in parks {
        if ids.contains_key(p) {
            counts.unchanged += 1;
            continue;
        }
        let city = match cities.get(&p.city) {
            Some(&id) => id,
            None => {
                let id = next_id(conn, "cities").await?;
                sqlx::query("INSERT INTO cities (id, name) VALUES ($1, $2)")
                    .bind(id)
                    .bind(&p.city)
                    .execute(&mut *conn)
                    .await?;
                cities.insert(p.city.clone(), id);
                id
            }
        };
        let county = match counties.get(&(city, p.county.clone())) {
            Some(&id) => id,
            None => {
                let id = next_id(conn, "districts").await?;
                sqlx::query("INSERT INTO districts (id, city_id, name) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(city)
                    .bind(&p.county)
                    .execute(&mut *conn)
                    .await?;
                counties.insert((city, p.county.clone()), id);
                id
            }
        };
        let id = next_id(conn, "parks").await?;
        sqlx::query("INSERT INTO parks (id, district_id, name) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(county)
            .bind(&p.name)
            .execute(&mut *conn)
            .await?;
        ids.insert(p.clone(), id);
        counts.added += 1;
    }
    left_alone(conn, "parks", counts).await?;
    Ok(ids)
}

/// Adds the units the database lacks; every unit's id by name.
pub(super) async fn units(
    conn: &mut AnyConnection,
    names: &[String],
    counts: &mut KindCounts,
) -> StoreResult<HashMap<String, i64>> {
    let mut ids: HashMap<String, i64> = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM units ORDER BY id").fetch_all(&mut *conn).await? {
        ids.entry(r.try_get("name")?).or_insert(r.try_get("id")?);
    }
    for name in names {
        if ids.contains_key(name) {
            counts.unchanged += 1;
            continue;
        }
        let id = next_id(conn, "units").await?;
        sqlx::query("INSERT INTO units (id, name) VALUES ($1, $2)").bind(id).bind(name).execute(&mut *conn).await?;
        ids.insert(name.clone(), id);
        counts.added += 1;
    }
    left_alone(conn, "units", counts).await?;
    Ok(ids)
}

/// Adds or updates the departments by name (short name and aliases).
pub(super) async fn departments(
    conn: &mut AnyConnection,
    rows: &[RosterDepartment],
    counts: &mut KindCounts,
) -> StoreResult<()> {
    let mut stored: HashMap<String, (i64, String, String)> = HashMap::new();
    for r in
        sqlx::query("SELECT id, name, short_name, aliases FROM departments ORDER BY id").fetch_all(&mut *conn).await?
    {
        stored.entry(r.try_get("name")?).or_insert((r.try_get("id")?, r.try_get("short_name")?, r.try_get("aliases")?));
    }
    for d in rows {
        let aliases = d.aliases.join("|");
        match stored.get(&d.name) {
            Some((_, short, a)) if *short == d.short_name && *a == aliases => counts.unchanged += 1,
            Some((id, _, _)) => {
                sqlx::query("UPDATE departments SET short_name = $1, aliases = $2 WHERE id = $3")
                    .bind(&d.short_name)
                    .bind(&aliases)
                    .bind(*id)
                    .execute(&mut *conn)
                    .await?;
                counts.changed += 1;
            }
            None => {
                let id = next_id(conn, "departments").await?;
                sqlx::query("INSERT INTO departments (id, name, short_name, aliases) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(&d.name)
                    .bind(&d.short_name)
                    .bind(&aliases)
                    .execute(&mut *conn)
                    .await?;
                stored.insert(d.name.clone(), (id, d.short_name.clone(), aliases));
                counts.added += 1;
            }
        }
    }
    left_alone(conn, "departments", counts).await
}

/// A park named by a roster that the database does not hold (removed since validation).
fn missing_park(p: &ParkKey) -> StoreError {
    StoreError::Invalid(format!("park {} {} {} is not in the database", p.city, p.county, p.name))
}

/// Adds or updates enterprises by credit code; every coded enterprise's id by code, and the
/// ids added or changed. A moved enterprise's problems move with it (they copy its park).
pub(super) async fn enterprises(
    conn: &mut AnyConnection,
    rows: &[RosterEnterprise],
    parks: &HashMap<ParkKey, i64>,
    counts: &mut KindCounts,
    now: DateTime<Utc>,
) -> StoreResult<(HashMap<String, i64>, Vec<i64>)> {
    type Stored = (i64, String, i64, String, i64);
    let mut stored: HashMap<String, Stored> = HashMap::new();
    let sql = "SELECT id, credit_code, name, park_id, class, employees_baseline FROM enterprises WHERE credit_code IS NOT NULL";
    for r in sqlx::query(sql).fetch_all(&mut *conn).await? {
        let value = (
            r.try_get("id")?,
            r.try_get("name")?,
            r.try_get("park_id")?,
            r.try_get("class")?,
            r.try_get("employees_baseline")?,
        );
        stored.insert(r.try_get("credit_code")?, value);
    }
    let mut touched = Vec::new();
    let mut ids = NewIds::of("enterprises");
    for e in rows {
        let park = *parks.get(&e.park).ok_or_else(|| missing_park(&e.park))?;
        match stored.get(&e.credit_code) {
            Some((_, name, p, class, employees))
                if *name == e.name && *p == park && *class == e.class && *employees == e.employees =>
            {
                counts.unchanged += 1;
            }
            Some(&(id, _, old_park, _, _)) => {
                sqlx::query(
                    "UPDATE enterprises SET name = $1, park_id = $2, class = $3, employees_baseline = $4 WHERE id = $5",
                )
                .bind(&e.name)
                .bind(park)
                .bind(&e.class)
                .bind(e.employees)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                if old_park != park {
                    sqlx::query("UPDATE problems SET park_id = $1 WHERE enterprise_id = $2")
                        .bind(park)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
                touched.push(id);
                counts.changed += 1;
            }
            None => {
                let id = ids.take(conn).await?;
                sqlx::query(
                    "INSERT INTO enterprises (id, park_id, name, class, status, employees_baseline, employees_on_site, \
                     updated_at, credit_code) VALUES ($1, $2, $3, $4, 'not_resumed', $5, 0, $6, $7)",
                )
                .bind(id)
                .bind(park)
                .bind(&e.name)
                .bind(&e.class)
                .bind(e.employees)
                .bind(ms(now))
                .bind(&e.credit_code)
                .execute(&mut *conn)
                .await?;
                stored.insert(e.credit_code.clone(), (id, e.name.clone(), park, e.class.clone(), e.employees));
                touched.push(id);
                counts.added += 1;
            }
        }
    }
    left_alone(conn, "enterprises", counts).await?;
    Ok((stored.into_iter().map(|(code, v)| (code, v.0)).collect(), touched))
}

/// Adds or updates officers by phone (name with its search keys, unit, park); every phoned
/// officer's id by phone, and the ids added or changed.
pub(super) async fn officers(
    conn: &mut AnyConnection,
    rows: &[RosterOfficer],
    units: &HashMap<String, i64>,
    parks: &HashMap<ParkKey, i64>,
    counts: &mut KindCounts,
) -> StoreResult<(HashMap<String, i64>, Vec<i64>)> {
    let mut stored: HashMap<String, (i64, String, i64, i64)> = HashMap::new();
    let sql = "SELECT id, phone, name, unit_id, park_id FROM officers WHERE phone IS NOT NULL";
    for r in sqlx::query(sql).fetch_all(&mut *conn).await? {
        let value = (r.try_get("id")?, r.try_get("name")?, r.try_get("unit_id")?, r.try_get("park_id")?);
        stored.insert(r.try_get("phone")?, value);
    }
    let mut touched = Vec::new();
    let mut ids = NewIds::of("officers");
    for o in rows {
        let park = *parks.get(&o.park).ok_or_else(|| missing_park(&o.park))?;
        let unit = *units
            .get(&o.unit)
            .ok_or_else(|| StoreError::Invalid(format!("unit {} is not in the database", o.unit)))?;
        let keys = crate::matcher::stored_keys(&o.name);
        match stored.get(&o.phone) {
            Some((_, name, u, p)) if *name == o.name && *u == unit && *p == park => counts.unchanged += 1,
            Some(&(id, _, _, _)) => {
                sqlx::query(
                    "UPDATE officers SET name = $1, search_keys = $2, unit_id = $3, park_id = $4 WHERE id = $5",
                )
                .bind(&o.name)
                .bind(&keys)
                .bind(unit)
                .bind(park)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                touched.push(id);
                counts.changed += 1;
            }
            None => {
                let id = ids.take(conn).await?;
                sqlx::query(
                    "INSERT INTO officers (id, name, unit_id, park_id, active, search_keys, phone) \
                     VALUES ($1, $2, $3, $4, 1, $5, $6)",
                )
                .bind(id)
                .bind(&o.name)
                .bind(unit)
                .bind(park)
                .bind(&keys)
                .bind(&o.phone)
                .execute(&mut *conn)
                .await?;
                stored.insert(o.phone.clone(), (id, o.name.clone(), unit, park));
                touched.push(id);
                counts.added += 1;
            }
        }
    }
    left_alone(conn, "officers", counts).await?;
    Ok((stored.into_iter().map(|(phone, v)| (phone, v.0)).collect(), touched))
}

/// Adds the assignments the database lacks; the enterprises that gained an officer.
pub(super) async fn assignments(
    conn: &mut AnyConnection,
    pairs: &[(String, String)],
    officers: &HashMap<String, i64>,
    enterprises: &HashMap<String, i64>,
    counts: &mut KindCounts,
) -> StoreResult<Vec<i64>> {
    let mut stored: HashSet<(i64, i64)> = HashSet::new();
    for r in sqlx::query("SELECT officer_id, enterprise_id FROM assignments").fetch_all(&mut *conn).await? {
        stored.insert((r.try_get(0)?, r.try_get(1)?));
    }
    let mut touched = Vec::new();
    for (phone, code) in pairs {
        let officer = *officers
            .get(phone)
            .ok_or_else(|| StoreError::Invalid(format!("no officer with phone {phone} in the database")))?;
        let enterprise = *enterprises
            .get(code)
            .ok_or_else(|| StoreError::Invalid(format!("no enterprise with credit code {code} in the database")))?;
        if !stored.insert((officer, enterprise)) {
            counts.unchanged += 1;
            continue;
        }
        sqlx::query("INSERT INTO assignments (officer_id, enterprise_id) VALUES ($1, $2)")
            .bind(officer)
            .bind(enterprise)
            .execute(&mut *conn)
            .await?;
        touched.push(enterprise);
        counts.added += 1;
    }
    left_alone(conn, "assignments", counts).await?;
    Ok(touched)
}

/// Recounts the day statistics per park from the reports (as a bulk load does), after an
/// enterprise moved park or changed its employees.
pub(super) async fn rebuild_park_day_stats(conn: &mut AnyConnection) -> StoreResult<()> {
    sqlx::query("DELETE FROM park_day_stats").execute(&mut *conn).await?;
    sqlx::query(crate::store::bulk::FILL_PARK_DAY_STATS).execute(&mut *conn).await?;
    Ok(())
}
