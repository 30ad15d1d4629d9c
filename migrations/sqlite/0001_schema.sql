-- dutydesk schema (SQLite). Instants are Unix milliseconds (INTEGER); local days are TEXT 'YYYY-MM-DD'.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE districts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE parks (id INTEGER PRIMARY KEY, district_id INTEGER NOT NULL REFERENCES districts(id), name TEXT NOT NULL);
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, short_name TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '');
CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE enterprises (
  id INTEGER PRIMARY KEY, park_id INTEGER NOT NULL REFERENCES parks(id), name TEXT NOT NULL,
  class TEXT NOT NULL, status TEXT NOT NULL, employees_baseline INTEGER NOT NULL,
  employees_on_site INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX enterprises_park ON enterprises(park_id, id);
CREATE TABLE officers (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, unit_id INTEGER NOT NULL REFERENCES units(id),
  park_id INTEGER NOT NULL REFERENCES parks(id), active INTEGER NOT NULL DEFAULT 1);
CREATE INDEX officers_park ON officers(park_id, id);
CREATE INDEX officers_unit ON officers(unit_id, id);
CREATE TABLE assignments (
  officer_id INTEGER NOT NULL REFERENCES officers(id), enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  PRIMARY KEY (officer_id, enterprise_id));
CREATE INDEX assignments_enterprise ON assignments(enterprise_id, officer_id);
CREATE TABLE checkins (
  id INTEGER PRIMARY KEY AUTOINCREMENT, officer_id INTEGER NOT NULL REFERENCES officers(id),
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id), date TEXT NOT NULL, at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL);
CREATE INDEX checkins_date_officer ON checkins(date, officer_id, at);
CREATE INDEX checkins_officer ON checkins(officer_id, date);
CREATE TABLE daily_reports (
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id), date TEXT NOT NULL,
  submitted_at INTEGER NOT NULL, officer_id INTEGER NOT NULL REFERENCES officers(id),
  status TEXT NOT NULL, employees_on_site INTEGER NOT NULL, notes TEXT NOT NULL,
  recorded_by TEXT NOT NULL, PRIMARY KEY (enterprise_id, date));
CREATE INDEX daily_reports_date ON daily_reports(date, enterprise_id);
CREATE INDEX daily_reports_officer ON daily_reports(officer_id, date);
CREATE TABLE problems (
  id INTEGER PRIMARY KEY AUTOINCREMENT, enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  park_id INTEGER NOT NULL REFERENCES parks(id), title TEXT NOT NULL, description TEXT NOT NULL,
  category TEXT NOT NULL, state TEXT NOT NULL, level INTEGER NOT NULL, priority TEXT NOT NULL,
  priority_rank INTEGER NOT NULL, assignee_kind TEXT NOT NULL, assignee_id INTEGER NOT NULL,
  raised_by INTEGER NOT NULL REFERENCES officers(id), created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL, due_at INTEGER NOT NULL, resolved_at INTEGER,
  version INTEGER NOT NULL, change_seq INTEGER NOT NULL DEFAULT 0);
CREATE INDEX problems_park_state ON problems(park_id, state);
CREATE INDEX problems_state_level ON problems(state, level);
CREATE INDEX problems_enterprise ON problems(enterprise_id);
CREATE INDEX problems_change ON problems(change_seq);
CREATE TABLE problem_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, problem_id INTEGER NOT NULL REFERENCES problems(id),
  action TEXT NOT NULL, actor TEXT NOT NULL, token_id INTEGER, via TEXT NOT NULL,
  from_state TEXT, to_state TEXT NOT NULL, payload TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX problem_events_problem ON problem_events(problem_id, seq);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, role TEXT NOT NULL, officer_id INTEGER REFERENCES officers(id),
  hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE TABLE idempotency (
  token_id INTEGER NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER,
  response TEXT, headers TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (token_id, key));
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, entity_id INTEGER NOT NULL,
  op TEXT NOT NULL, at INTEGER NOT NULL);
