-- 0011: API tokens of evaluator accounts (docs/api/index.md#tokens), for scripts (R,
-- Python, curl) that read /api/v1/answers without signing in through the browser. A token
-- is shown once when created; the store keeps only its SHA-256. It ends at its expiry,
-- when revoked, or with its account.
CREATE TABLE api_token (
  id           INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  account      TEXT NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  label        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX api_token_account ON api_token (account);
