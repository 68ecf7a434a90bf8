// Evaluator accounts (docs/web.md, "Evaluators"): created from the CLI, passwords hashed
// with Argon2id (libsodium's crypto_pwhash_str, its "interactive" limits: 2 passes over
// 64 MiB), sessions of 12 hours whose 256-bit tokens the store keeps only as SHA-256.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace fabscope::auth {

inline constexpr std::size_t kMinPasswordLength = 12;

std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);

// Throws Error(usage): a name outside [a-z0-9._-]{1,64}, a password shorter than 12
// characters or longer than 1,024, a name already taken.
void add_account(store::Store& store, const std::string& name, const std::string& password);
bool remove_account(store::Store& store, const std::string& name);
std::vector<std::string> accounts(store::Store& store);

// A new session's token when the password is the account's (the same work is done for an
// unknown name, so that timing does not tell which names exist).
std::optional<std::string> login(store::Store& store, const std::string& name, const std::string& password);
// The account of a live session.
std::optional<std::string> session_account(store::Store& store, const std::string& token);
void logout(store::Store& store, const std::string& token);

// API tokens (docs/api/index.md#tokens): for scripts reading the evaluators' API with
// "Authorization: Bearer fsk_…". 256 random bits after the prefix "fsk_" (so that secret
// scanners recognise them), shown once, kept as their SHA-256, valid 1 to 366 days.
inline constexpr std::string_view kTokenPrefix = "fsk_";
inline constexpr int kMaxTokenDays = 366;
inline constexpr std::size_t kMaxTokenLabel = 100;

struct ApiToken {
  std::int64_t id = 0;
  std::string account, label, created_at, expires_at;
  bool expired = false;
};

// Throws Error(not_found) for an unknown account, Error(usage) for days outside 1..366 or a
// label longer than 100 characters or with a control character.
std::string create_token(store::Store& store, const std::string& account, const std::string& label, int days);
// The account of a live token (nothing for a malformed, unknown, expired or revoked one).
std::optional<std::string> token_account(store::Store& store, const std::string& token);
// Every token of every account (or of one), newest first; expired ones flagged.
std::vector<ApiToken> tokens(store::Store& store, const std::string& account = "");
// Ends a token (one of `account`'s only, when given); false: no such token.
bool revoke_token(store::Store& store, std::int64_t id, const std::string& account = "");

}  // namespace fabscope::auth
