-- The hierarchy province -> city -> county/district -> park. The province's name is the meta
-- row `province`; each district belongs to a city. An existing database has one city, named
-- by its `city` meta row (the console falls back to the configured name when there is none),
-- and every district joins it: hence the default 1. No REFERENCES on the new column: SQLite
-- cannot add a referencing column with a non-null default while foreign keys are on, and both
-- engines keep one schema.
CREATE TABLE cities (id BIGINT PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO cities (id, name)
  SELECT 1, COALESCE((SELECT value FROM meta WHERE key = 'city'), '') WHERE EXISTS (SELECT 1 FROM districts);
ALTER TABLE districts ADD COLUMN city_id BIGINT NOT NULL DEFAULT 1;
CREATE INDEX districts_city ON districts(city_id, id);
CREATE INDEX parks_district ON parks(district_id, id);
