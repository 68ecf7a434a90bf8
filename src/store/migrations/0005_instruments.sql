-- 0005: questionnaires (instruments) imported from XLSForm workbooks (docs/collect/xlsform.md).
-- Every version is kept: the workbook as imported (reading it again gives the instrument),
-- what changed from the previous version, question by question. Answers (later) keep the
-- version they were given under.
CREATE TABLE instrument (
  form_id      TEXT NOT NULL,
  version      INTEGER NOT NULL,  -- 1, 2, … in order of import
  form_version TEXT NOT NULL,     -- the settings' version as written ('' when none)
  title        TEXT NOT NULL,
  source       TEXT NOT NULL,     -- the file's name
  sha256       TEXT NOT NULL,     -- of the workbook's bytes
  imported_at  TEXT NOT NULL,
  workbook     BLOB NOT NULL,
  summary      TEXT NOT NULL,     -- JSON counts (questions, groups, repeats, lists…)
  PRIMARY KEY (form_id, version)
);
CREATE TABLE instrument_change (
  form_id  TEXT NOT NULL,
  version  INTEGER NOT NULL,  -- the version that made the change
  question TEXT NOT NULL,
  change   TEXT NOT NULL,     -- added, removed, type, label, list, relevant, constraint, required, calculation
  before   TEXT,
  after    TEXT,
  FOREIGN KEY (form_id, version) REFERENCES instrument (form_id, version)
);
