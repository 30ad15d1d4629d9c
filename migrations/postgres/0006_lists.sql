-- Server-side lists at province scale (issue 8, item 3).
-- The officer search's keys (matcher::stored_keys: the name, the full pinyin and initials of
-- every reading), written with each officer; NULL until the server fills it at start (rows of
-- a database made before this migration), so that GET /officers?q= matches in SQL.
ALTER TABLE officers ADD COLUMN search_keys TEXT;
