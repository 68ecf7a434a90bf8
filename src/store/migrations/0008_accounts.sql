-- 0008: evaluator accounts and their sessions (docs/web.md, "Evaluators"). Passwords are
-- stored as Argon2id strings (libsodium crypto_pwhash_str: salt and parameters inside);
-- session tokens only as their SHA-256.
CREATE TABLE account (
  name       TEXT PRIMARY KEY,
  password   TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE session (
  token_sha256 TEXT PRIMARY KEY,
  account      TEXT NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
