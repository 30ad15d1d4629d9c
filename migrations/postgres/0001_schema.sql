-- dutydesk schema (PostgreSQL). Instants are Unix milliseconds (BIGINT); local days are TEXT 'YYYY-MM-DD'.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE districts (id BIGINT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE parks (id BIGINT PRIMARY KEY, district_id BIGINT NOT NULL REFERENCES districts(id), name TEXT NOT NULL);
CREATE TABLE departments (id BIGINT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '');
CREATE TABLE units (id BIGINT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE enterprises (
  id BIGINT PRIMARY KEY, park_id BIGINT NOT NULL REFERENCES parks(id), name TEXT NOT NULL,
  class TEXT NOT NULL, status TEXT NOT NULL, employees_baseline BIGINT NOT NULL,
  employees_on_site BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX enterprises_park ON enterprises(park_id, id);
CREATE TABLE officers (
  id BIGINT PRIMARY KEY, name TEXT NOT NULL, unit_id BIGINT NOT NULL REFERENCES units(id),
  park_id BIGINT NOT NULL REFERENCES parks(id), active BIGINT NOT NULL DEFAULT 1);
CREATE INDEX officers_park ON officers(park_id, id);
CREATE INDEX officers_unit ON officers(unit_id, id);
CREATE TABLE assignments (
  officer_id BIGINT NOT NULL REFERENCES officers(id), enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
  PRIMARY KEY (officer_id, enterprise_id));
CREATE INDEX assignments_enterprise ON assignments(enterprise_id, officer_id);
CREATE TABLE checkins (
  id BIGSERIAL PRIMARY KEY, officer_id BIGINT NOT NULL REFERENCES officers(id),
  enterprise_id BIGINT NOT NULL REFERENCES enterprises(id), date TEXT NOT NULL, at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL);
CREATE INDEX checkins_date_officer ON checkins(date, officer_id, at);
CREATE INDEX checkins_officer ON checkins(officer_id, date);
CREATE TABLE daily_reports (
  enterprise_id BIGINT NOT NULL REFERENCES enterprises(id), date TEXT NOT NULL,
  submitted_at BIGINT NOT NULL, officer_id BIGINT NOT NULL REFERENCES officers(id),
  status TEXT NOT NULL, employees_on_site BIGINT NOT NULL, notes TEXT NOT NULL,
  recorded_by TEXT NOT NULL, PRIMARY KEY (enterprise_id, date));
CREATE INDEX daily_reports_date ON daily_reports(date, enterprise_id);
CREATE INDEX daily_reports_officer ON daily_reports(officer_id, date);
CREATE TABLE problems (
  id BIGSERIAL PRIMARY KEY, enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
  park_id BIGINT NOT NULL REFERENCES parks(id), title TEXT NOT NULL, description TEXT NOT NULL,
  category TEXT NOT NULL, state TEXT NOT NULL, level BIGINT NOT NULL, priority TEXT NOT NULL,
  priority_rank BIGINT NOT NULL, assignee_kind TEXT NOT NULL, assignee_id BIGINT NOT NULL,
  raised_by BIGINT NOT NULL REFERENCES officers(id), created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL, due_at BIGINT NOT NULL, resolved_at BIGINT,
  version BIGINT NOT NULL, change_seq BIGINT NOT NULL DEFAULT 0);
CREATE INDEX problems_park_state ON problems(park_id, state);
CREATE INDEX problems_state_level ON problems(state, level);
CREATE INDEX problems_enterprise ON problems(enterprise_id);
CREATE INDEX problems_change ON problems(change_seq);
CREATE TABLE problem_events (
  seq BIGSERIAL PRIMARY KEY, problem_id BIGINT NOT NULL REFERENCES problems(id),
  action TEXT NOT NULL, actor TEXT NOT NULL, token_id BIGINT, via TEXT NOT NULL,
  from_state TEXT, to_state TEXT NOT NULL, payload TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX problem_events_problem ON problem_events(problem_id, seq);
CREATE TABLE tokens (
  id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, officer_id BIGINT REFERENCES officers(id),
  hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, revoked_at BIGINT);
CREATE TABLE idempotency (
  token_id BIGINT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status BIGINT,
  response TEXT, headers TEXT, created_at BIGINT NOT NULL, PRIMARY KEY (token_id, key));
CREATE TABLE changes (
  seq BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, entity_id BIGINT NOT NULL,
  op TEXT NOT NULL, at BIGINT NOT NULL);
