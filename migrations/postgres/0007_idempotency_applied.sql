-- A key's write and its claim commit together: the write's transaction inserts the key's row
-- naming what it produced (kind, id and the status it answers with). A row without a stored
-- response but with `applied_kind` is a write that committed while its answer was lost (a
-- crash between commit and storing the response): a retry gets that entity read afresh.
ALTER TABLE idempotency ADD COLUMN applied_kind TEXT;
ALTER TABLE idempotency ADD COLUMN applied_id BIGINT;
ALTER TABLE idempotency ADD COLUMN applied_status BIGINT;
