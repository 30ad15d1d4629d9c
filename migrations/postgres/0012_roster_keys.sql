-- The roster import's natural keys (`dutydesk import`): an enterprise's unified social credit
-- code (统一社会信用代码, GB 32100-2015) and an officer's phone, each unique when present. Rows
-- made before this migration have neither and are matched by no import (left alone).
ALTER TABLE enterprises ADD COLUMN credit_code TEXT;
CREATE UNIQUE INDEX enterprises_credit_code ON enterprises(credit_code);
ALTER TABLE officers ADD COLUMN phone TEXT;
CREATE UNIQUE INDEX officers_phone ON officers(phone);
