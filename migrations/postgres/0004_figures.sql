-- Figures kept on write: the counts behind GET /dashboard, maintained in the same transaction
-- as each write (store/figures.rs: check-in, daily report, problem raise and triage) and rebuilt
-- with set-based SQL after a bulk load (store/figures/rebuild.rs), so a dashboard read costs
-- O(parks + units), not O(enterprises). Per-park rows are the unit of truth; every figure sums
-- over parks (a unit's figures are the sum of its (park, unit) rows), so a scope of parks is a
-- sum over the parks in it.
--
-- Late check-ins and on-time reports depend on the calendar (time zone, cutoff, deadline), which
-- a migration cannot know: the day tables are filled by Store::open, which rebuilds every figure
-- when meta 'figures_calendar' is missing or names another calendar (so an upgraded database,
-- or one opened with a changed cutoff, gets figures equal to a recount from its rows).
--
-- Not kept here, read at the moment of asking: SLA breaches (a due time passing is the clock,
-- not data: counted per park by a range on the partial index problems_unresolved_due) and the
-- oldest unresolved problem per park (problems_unresolved_created).

-- Per park, now: enterprises by status and headcount, active officers, enterprises expecting a
-- report (at least one active officer assigned), unresolved problems by state and escalated.
CREATE TABLE park_figures (
  park_id BIGINT PRIMARY KEY REFERENCES parks(id),
  enterprises BIGINT NOT NULL, resumed BIGINT NOT NULL, suspended BIGINT NOT NULL,
  employees_baseline BIGINT NOT NULL, employees_on_site BIGINT NOT NULL,
  officers_active BIGINT NOT NULL, reports_expected BIGINT NOT NULL,
  problems_open BIGINT NOT NULL, problems_acknowledged BIGINT NOT NULL, problems_escalated BIGINT NOT NULL);
-- Per (park, unit): the unit's active officers based in the park, and the park's enterprises
-- that at least one active officer of the unit liaises with.
CREATE TABLE unit_park_figures (
  park_id BIGINT NOT NULL REFERENCES parks(id), unit_id BIGINT NOT NULL REFERENCES units(id),
  officers_active BIGINT NOT NULL, enterprises_served BIGINT NOT NULL, PRIMARY KEY (park_id, unit_id));
-- Per local day and park: active officers of the park checked in (of them late: first check-in
-- after the cutoff), and reports of the park's expecting enterprises submitted (of them on time).
CREATE TABLE park_day_figures (
  date TEXT NOT NULL, park_id BIGINT NOT NULL REFERENCES parks(id),
  checked_in BIGINT NOT NULL, late BIGINT NOT NULL, submitted BIGINT NOT NULL, on_time BIGINT NOT NULL,
  PRIMARY KEY (date, park_id));
-- The same per local day, park and unit: officers by their park and unit; reports by the
-- enterprise's park, once for each unit whose active officers liaise with it.
CREATE TABLE unit_day_figures (
  date TEXT NOT NULL, park_id BIGINT NOT NULL REFERENCES parks(id), unit_id BIGINT NOT NULL REFERENCES units(id),
  checked_in BIGINT NOT NULL, late BIGINT NOT NULL, submitted BIGINT NOT NULL, on_time BIGINT NOT NULL,
  PRIMARY KEY (date, park_id, unit_id));
-- A past day's return to work "as that day's reports said": suspended, employees on site and
-- the baseline of the enterprises reporting, beside 0002's reporting and resumed.
ALTER TABLE park_day_stats ADD COLUMN suspended BIGINT NOT NULL DEFAULT 0;
ALTER TABLE park_day_stats ADD COLUMN employees_on_site BIGINT NOT NULL DEFAULT 0;
ALTER TABLE park_day_stats ADD COLUMN employees_baseline BIGINT NOT NULL DEFAULT 0;
UPDATE park_day_stats SET
  suspended = (SELECT COUNT(*) FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id
    WHERE e.park_id = park_day_stats.park_id AND r.date = park_day_stats.date AND r.status = 'suspended'),
  employees_on_site = (SELECT COALESCE(SUM(r.employees_on_site), 0) FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id
    WHERE e.park_id = park_day_stats.park_id AND r.date = park_day_stats.date),
  employees_baseline = (SELECT COALESCE(SUM(e.employees_baseline), 0) FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id
    WHERE e.park_id = park_day_stats.park_id AND r.date = park_day_stats.date);
-- Unresolved problems per park by due time (SLA breaches per park at the moment of reading, and
-- the next due time, which ends a cached dashboard) and by age (the oldest open): a few index
-- seeks per park, whatever the number of problems.
CREATE INDEX problems_unresolved_due ON problems(park_id, due_at) WHERE state <> 'resolved';
CREATE INDEX problems_unresolved_created ON problems(park_id, created_at) WHERE state <> 'resolved';
