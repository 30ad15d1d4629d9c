-- The dashboard's trend reads the parks' days of reports of its 14 days (park_day_stats by
-- date): an index on the date makes that a range, not a scan of every day since the start.
CREATE INDEX park_day_stats_date ON park_day_stats (date, park_id);
