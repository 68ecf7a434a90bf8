-- 0006: answers to instruments (docs/collect/answers.md). One row per submission, under
-- the version of the instrument it was given for; its answers as JSON (values by question
-- name, repeat instances nested), in ODK's canonical form. instance_id is unique: the
-- same submission twice (a double submit, a file imported again) is stored once.
CREATE TABLE submission (
  id           INTEGER PRIMARY KEY,
  instance_id  TEXT NOT NULL UNIQUE,
  form_id      TEXT NOT NULL,
  version      INTEGER NOT NULL,
  workshop_id  TEXT NOT NULL DEFAULT '',  -- the workshop answered for ('' when none)
  origin       TEXT NOT NULL,             -- import, web, demo
  fictitious   INTEGER NOT NULL DEFAULT 0,
  source       TEXT NOT NULL,             -- the file and row, or the link, it came from
  submitted_at TEXT NOT NULL DEFAULT '',  -- as the source tool recorded it
  received_at  TEXT NOT NULL,
  data         TEXT NOT NULL,             -- {"values": {...}, "repeats": {...}}
  meta         TEXT NOT NULL DEFAULT '{}',
  FOREIGN KEY (form_id, version) REFERENCES instrument (form_id, version)
);
CREATE INDEX submission_form ON submission (form_id, version);
CREATE INDEX submission_workshop ON submission (workshop_id);
