-- Reminders (催报, issue 10 item 5). One batch per request (who sent it, how, for which report
-- day, and its answer, so a retry whose answer was lost is answered from it); one reminder row
-- per enterprise and officer reminded. Each enterprise keeps its latest reminder (when, by
-- whom), moved in the reminder's transaction, so an overdue page reads it by primary key.
CREATE TABLE reminder_batches (
  id BIGSERIAL PRIMARY KEY, date TEXT NOT NULL, actor TEXT NOT NULL, token_id BIGINT NOT NULL,
  via TEXT NOT NULL, at BIGINT NOT NULL, answer TEXT NOT NULL);
CREATE TABLE reminders (
  id BIGSERIAL PRIMARY KEY, batch_id BIGINT NOT NULL REFERENCES reminder_batches(id),
  enterprise_id BIGINT NOT NULL REFERENCES enterprises(id), officer_id BIGINT NOT NULL REFERENCES officers(id),
  date TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX reminders_officer ON reminders(officer_id, id);
CREATE INDEX reminders_enterprise ON reminders(enterprise_id, id);
ALTER TABLE enterprises ADD COLUMN last_reminded_at BIGINT;
ALTER TABLE enterprises ADD COLUMN last_reminded_by TEXT;
