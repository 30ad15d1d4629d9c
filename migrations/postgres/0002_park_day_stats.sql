-- Per park and local day: reports filed and how many said "resumed". Kept in step with
-- daily_reports by every write, so the dashboard's 14-day trend reads a few hundred rows
-- instead of scanning two weeks of reports.
CREATE TABLE park_day_stats (
  park_id BIGINT NOT NULL REFERENCES parks(id), date TEXT NOT NULL,
  reporting BIGINT NOT NULL, resumed BIGINT NOT NULL, PRIMARY KEY (park_id, date));
INSERT INTO park_day_stats (park_id, date, reporting, resumed)
  SELECT e.park_id, r.date, COUNT(*), SUM(CASE WHEN r.status = 'resumed' THEN 1 ELSE 0 END)
  FROM daily_reports r JOIN enterprises e ON e.id = r.enterprise_id GROUP BY e.park_id, r.date;
