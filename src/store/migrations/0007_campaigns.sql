-- 0007: survey campaigns (docs/collect/campaigns.md). A campaign puts a questionnaire
-- version before a set of respondents; each gets a secret link whose token is stored only
-- as its SHA-256 (the token itself is shown once, at invitation). A draft holds what a
-- respondent has typed so far, page by page; the final answer is a row of `submission`.
CREATE TABLE campaign (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  form_id     TEXT NOT NULL,
  version     INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  closes_at   TEXT NOT NULL DEFAULT '',  -- links expire then ('' = no date)
  closed_at   TEXT NOT NULL DEFAULT '',  -- closed by hand
  fictitious  INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (form_id, version) REFERENCES instrument (form_id, version)
);
CREATE TABLE invitation (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaign (id),
  token_sha256 TEXT NOT NULL UNIQUE,
  workshop_id  TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL,             -- manager, user
  label        TEXT NOT NULL DEFAULT '',  -- whom it was sent to (a name, an address)
  parent_id    INTEGER REFERENCES invitation (id),  -- a user link forwarded by a manager
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL DEFAULT '',
  revoked_at   TEXT NOT NULL DEFAULT '',
  submitted_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitation_campaign ON invitation (campaign_id);
CREATE TABLE draft (
  invitation_id INTEGER PRIMARY KEY REFERENCES invitation (id),
  instance_id   TEXT NOT NULL,
  data          TEXT NOT NULL,  -- {"values": …, "repeats": …} as in submission
  updated_at    TEXT NOT NULL
);
ALTER TABLE submission ADD COLUMN invitation_id INTEGER REFERENCES invitation (id);
