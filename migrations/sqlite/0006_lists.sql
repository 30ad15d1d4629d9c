-- Server-side lists at province scale (issue 8, item 3).
-- The officer search's keys (matcher::stored_keys: the name, the full pinyin and initials of
-- every reading), written with each officer; NULL until the server fills it at start (rows of
-- a database made before this migration), so that GET /officers?q= matches in SQL.
ALTER TABLE officers ADD COLUMN search_keys TEXT;

-- The problem queue's urgency order (highest level, then most urgent priority) as one
-- ascending key, (2 - level) * 10 + priority_rank, kept by every write of level or priority,
-- so that each sort order of GET /problems is an index read in order, O(page): the whole
-- queue and the unresolved one (what the consoles show), by urgency and by time raised.
ALTER TABLE problems ADD COLUMN urgency_rank INTEGER NOT NULL DEFAULT 0;
UPDATE problems SET urgency_rank = (2 - level) * 10 + priority_rank;
CREATE INDEX problems_urgency ON problems(urgency_rank, due_at, id);
CREATE INDEX problems_unresolved_urgency ON problems(urgency_rank, due_at, id) WHERE state <> 'resolved';
CREATE INDEX problems_created ON problems(created_at, id);
CREATE INDEX problems_unresolved_created ON problems(created_at, id) WHERE state <> 'resolved';

-- Each enterprise's two latest report dates ('' for none), kept by every report write, so the
-- overdue list of the latest dates is read from indexes in its order (earliest streak start
-- first), O(page), instead of looking up every enterprise's last report.
ALTER TABLE enterprises ADD COLUMN last_report_date TEXT NOT NULL DEFAULT '';
ALTER TABLE enterprises ADD COLUMN prev_report_date TEXT NOT NULL DEFAULT '';
UPDATE enterprises SET last_report_date =
  COALESCE((SELECT MAX(r.date) FROM daily_reports r WHERE r.enterprise_id = enterprises.id), '');
UPDATE enterprises SET prev_report_date = COALESCE((SELECT MAX(r.date) FROM daily_reports r
  WHERE r.enterprise_id = enterprises.id AND r.date < enterprises.last_report_date), '');
CREATE INDEX enterprises_last_report ON enterprises(last_report_date, id);
CREATE INDEX enterprises_report_dates ON enterprises(last_report_date, prev_report_date, id);
