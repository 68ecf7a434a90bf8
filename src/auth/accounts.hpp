// Evaluator accounts (docs/web.md, "Evaluators"): created from the CLI, passwords hashed
// with Argon2id (libsodium's crypto_pwhash_str, its "interactive" limits: 2 passes over
// 64 MiB), sessions of 12 hours whose 256-bit tokens the store keeps only as SHA-256.
#pragma once

#include <optional>
#include <string>
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

}  // namespace fabscope::auth
