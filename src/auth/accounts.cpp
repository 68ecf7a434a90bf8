// Evaluator accounts (accounts.hpp).
#include "auth/accounts.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace fabscope::auth {
namespace {

void ready() {
  if (sodium_init() < 0) throw Error(ExitCode::failure, "libsodium could not start", "libsodium n'a pas pu démarrer");
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string iso_in(std::chrono::hours h) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + h);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string new_token() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 64> out{};
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out.data();
}

}  // namespace

std::string hash_password(const std::string& password) {
  ready();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw Error(ExitCode::failure, "out of memory while hashing the password", "mémoire insuffisante pour le hachage");
  }
  return out.data();
}

bool verify_password(const std::string& hash, const std::string& password) {
  ready();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void add_account(store::Store& store, const std::string& name, const std::string& password) {
  if (!valid_name(name)) {
    throw Error(ExitCode::usage, fmt::format("« {} »: an account name is 1 to 64 of a-z 0-9 . _ -", name),
                fmt::format("« {} » : un nom de compte fait 1 à 64 caractères parmi a-z 0-9 . _ -", name));
  }
  if (password.size() < kMinPasswordLength || password.size() > 1024) {
    throw Error(ExitCode::usage, "a password has 12 to 1,024 characters", "un mot de passe a de 12 à 1 024 caractères");
  }
  SQLite::Statement exists(store.db(), "SELECT 1 FROM account WHERE name = ?");
  exists.bind(1, name);
  if (exists.executeStep()) {
    throw Error(ExitCode::usage, fmt::format("the account « {} » exists already", name),
                fmt::format("le compte « {} » existe déjà", name));
  }
  SQLite::Statement ins(store.db(), "INSERT INTO account (name, password, created_at) VALUES (?, ?, ?)");
  ins.bind(1, name);
  ins.bind(2, hash_password(password));
  ins.bind(3, store::now_iso8601());
  ins.exec();
}

bool remove_account(store::Store& store, const std::string& name) {
  SQLite::Statement del(store.db(), "DELETE FROM account WHERE name = ?");
  del.bind(1, name);
  return del.exec() == 1;
}

std::vector<std::string> accounts(store::Store& store) {
  SQLite::Statement q(store.db(), "SELECT name FROM account ORDER BY name");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::optional<std::string> login(store::Store& store, const std::string& name, const std::string& password) {
  // A hash to verify against when the name is unknown: the same work either way.
  static const std::string dummy = hash_password("not a password of anyone");
  std::string hash = dummy;
  bool known = false;
  if (valid_name(name) && password.size() <= 1024) {
    SQLite::Statement q(store.db(), "SELECT password FROM account WHERE name = ?");
    q.bind(1, name);
    if (q.executeStep()) {
      hash = q.getColumn(0).getString();
      known = true;
    }
  }
  const bool ok = verify_password(hash, password.substr(0, 1024));
  if (!known || !ok) return std::nullopt;
  auto token = new_token();
  SQLite::Statement ins(store.db(),
                        "INSERT INTO session (token_sha256, account, created_at, expires_at) VALUES (?, ?, ?, ?)");
  ins.bind(1, sha256_bytes(token));
  ins.bind(2, name);
  ins.bind(3, store::now_iso8601());
  ins.bind(4, iso_in(std::chrono::hours(12)));
  ins.exec();
  return token;
}

std::optional<std::string> session_account(store::Store& store, const std::string& token) {
  if (token.size() < 20 || token.size() > 100) return std::nullopt;
  SQLite::Statement q(store.db(), "SELECT account, expires_at FROM session WHERE token_sha256 = ?");
  q.bind(1, sha256_bytes(token));
  if (!q.executeStep()) return std::nullopt;
  if (q.getColumn(1).getString() <= iso_in(std::chrono::hours(0))) return std::nullopt;
  return q.getColumn(0).getString();
}

void logout(store::Store& store, const std::string& token) {
  SQLite::Statement del(store.db(), "DELETE FROM session WHERE token_sha256 = ?");
  del.bind(1, sha256_bytes(token));
  del.exec();
}

std::string create_token(store::Store& store, const std::string& account, const std::string& label, int days) {
  if (days < 1 || days > kMaxTokenDays) {
    throw Error(ExitCode::usage, fmt::format("--days {}: a token lasts 1 to {} days", days, kMaxTokenDays),
                fmt::format("--days {} : un jeton dure de 1 à {} jours", days, kMaxTokenDays));
  }
  const bool control = std::any_of(label.begin(), label.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  if (label.size() > kMaxTokenLabel || control) {
    throw Error(ExitCode::usage, fmt::format("--label: at most {} characters, on one line", kMaxTokenLabel),
                fmt::format("--label : {} caractères au plus, sur une ligne", kMaxTokenLabel));
  }
  SQLite::Statement exists(store.db(), "SELECT 1 FROM account WHERE name = ?");
  exists.bind(1, account);
  if (!exists.executeStep()) {
    throw Error(ExitCode::not_found, fmt::format("no account « {} »", account),
                fmt::format("pas de compte « {} »", account));
  }
  auto token = std::string(kTokenPrefix) + new_token();
  SQLite::Statement ins(store.db(),
                        "INSERT INTO api_token (token_sha256, account, label, created_at, expires_at) "
                        "VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, sha256_bytes(token));
  ins.bind(2, account);
  ins.bind(3, label);
  ins.bind(4, store::now_iso8601());
  ins.bind(5, iso_in(std::chrono::hours(24) * days));
  ins.exec();
  return token;
}

std::optional<std::string> token_account(store::Store& store, const std::string& token) {
  if (!token.starts_with(kTokenPrefix) || token.size() < 40 || token.size() > 100) return std::nullopt;
  SQLite::Statement q(store.db(), "SELECT account, expires_at FROM api_token WHERE token_sha256 = ?");
  q.bind(1, sha256_bytes(token));
  if (!q.executeStep()) return std::nullopt;
  if (q.getColumn(1).getString() <= iso_in(std::chrono::hours(0))) return std::nullopt;
  return q.getColumn(0).getString();
}

std::vector<ApiToken> tokens(store::Store& store, const std::string& account) {
  SQLite::Statement q(store.db(),
                      "SELECT id, account, label, created_at, expires_at FROM api_token "
                      "WHERE ?1 = '' OR account = ?1 ORDER BY id DESC");
  q.bind(1, account);
  const auto now = iso_in(std::chrono::hours(0));
  std::vector<ApiToken> out;
  while (q.executeStep()) {
    auto& t = out.emplace_back();
    t.id = q.getColumn(0).getInt64();
    t.account = q.getColumn(1).getString();
    t.label = q.getColumn(2).getString();
    t.created_at = q.getColumn(3).getString();
    t.expires_at = q.getColumn(4).getString();
    t.expired = t.expires_at <= now;
  }
  return out;
}

bool revoke_token(store::Store& store, std::int64_t id, const std::string& account) {
  SQLite::Statement del(store.db(), "DELETE FROM api_token WHERE id = ?1 AND (?2 = '' OR account = ?2)");
  del.bind(1, id);
  del.bind(2, account);
  return del.exec() == 1;
}

}  // namespace fabscope::auth
