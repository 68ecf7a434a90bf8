-- 0010: qualitative coding inside fabscope (docs/collect/coding.md#coding-in-fabscope). A
-- document (an interview's notes, a statute, an activity report) is cut into passages
-- (its paragraphs); each coder attaches codes of the codebook to passages and writes memos.
CREATE TABLE qual_document (
  id          INTEGER PRIMARY KEY,
  case_id     TEXT NOT NULL UNIQUE,       -- the case of the case × code matrix
  title       TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL,              -- interview, document
  workshop_id TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT '',   -- the file imported, or "collé" (pasted)
  imported_at TEXT NOT NULL,
  fictitious  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE qual_passage (
  document_id INTEGER NOT NULL REFERENCES qual_document (id),
  number      INTEGER NOT NULL,           -- 1, 2, … in the order of the text
  text        TEXT NOT NULL,
  PRIMARY KEY (document_id, number)
);
CREATE TABLE qual_coding (
  document_id INTEGER NOT NULL REFERENCES qual_document (id),
  number      INTEGER NOT NULL,
  code        TEXT NOT NULL,
  coder       TEXT NOT NULL,
  coded_at    TEXT NOT NULL,
  PRIMARY KEY (document_id, number, code, coder)
);
CREATE TABLE qual_memo (
  document_id INTEGER NOT NULL REFERENCES qual_document (id),
  number      INTEGER NOT NULL,
  coder       TEXT NOT NULL,
  text        TEXT NOT NULL,
  written_at  TEXT NOT NULL,
  PRIMARY KEY (document_id, number, coder)
);
