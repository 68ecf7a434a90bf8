// fabscope user add | list | remove (docs/commands/user.md): evaluator accounts.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "auth/accounts.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"

namespace fabscope::cli {
namespace {

// A line of standard input, without echo when it is a terminal.
std::string read_secret(const std::string& prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

class UserAdd final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("name", m_name, "Account name (a-z 0-9 . _ -)")->required(); }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    const Lang lang = ctx.lang();
    const auto password = read_secret(tr(lang, "cli.user.password"));
    if (isatty(STDIN_FILENO) != 0 && read_secret(tr(lang, "cli.user.again")) != password) {
      throw Error(ExitCode::usage, "the two passwords differ", "les deux mots de passe diffèrent");
    }
    auth::add_account(*st, m_name, password);
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.user.added")), m_name);
    return 0;
  }

 private:
  std::string m_name;
};

class UserList final : public Command {
 public:
  void setup(CLI::App& /*app*/) override {}
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    for (const auto& n : auth::accounts(*st)) std::cout << n << "\n";
    return 0;
  }
};

class UserRemove final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("name", m_name, "Account name")->required(); }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    if (!auth::remove_account(*st, m_name)) {
      throw Error(ExitCode::not_found, fmt::format("no account « {} »", m_name),
                  fmt::format("pas de compte « {} »", m_name));
    }
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.user.removed")), m_name);
    return 0;
  }

 private:
  std::string m_name;
};

class UserToken final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("name", m_name, "Account name")->required();
    app.add_option("--label", m_label, "What the token is for (shown by user tokens)");
    app.add_option("--days", m_days, "Days of validity (1 to 366)")->capture_default_str();
  }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    const auto token = auth::create_token(*st, m_name, m_label, m_days);
    // The token alone on standard output (for a script); the notice on standard error.
    std::cout << token << "\n";
    std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.user.token")), m_name, m_days);
    return 0;
  }

 private:
  std::string m_name, m_label;
  int m_days = 90;
};

class UserTokens final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("name", m_name, "Only this account's tokens"); }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    const Lang lang = ctx.lang();
    std::vector<std::vector<std::string>> t = {{"id", tr(lang, "cli.user.account"), tr(lang, "cli.user.label"),
                                                tr(lang, "cli.user.created"), tr(lang, "cli.user.expires")}};
    for (const auto& k : auth::tokens(*st, m_name)) {
      t.push_back({std::to_string(k.id), k.account, k.label, k.created_at,
                   k.expired ? k.expires_at + " (" + tr(lang, "cli.user.expired") + ")" : k.expires_at});
    }
    std::cout << table(t, true, false);
    return 0;
  }

 private:
  std::string m_name;
};

class UserRevoke final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("id", m_id, "Token id (see user tokens)")->required(); }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    if (!auth::revoke_token(*st, m_id)) {
      throw Error(ExitCode::not_found, fmt::format("no token {}", m_id), fmt::format("pas de jeton {}", m_id));
    }
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.user.revoked")), m_id);
    return 0;
  }

 private:
  std::int64_t m_id = 0;
};

}  // namespace

std::unique_ptr<Command> make_user_token() { return std::make_unique<UserToken>(); }
std::unique_ptr<Command> make_user_tokens() { return std::make_unique<UserTokens>(); }
std::unique_ptr<Command> make_user_revoke() { return std::make_unique<UserRevoke>(); }
std::unique_ptr<Command> make_user_add() { return std::make_unique<UserAdd>(); }
std::unique_ptr<Command> make_user_list() { return std::make_unique<UserList>(); }
std::unique_ptr<Command> make_user_remove() { return std::make_unique<UserRemove>(); }

}  // namespace fabscope::cli
