// fabscope user add | list | remove (docs/commands/user.md): evaluator accounts.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "auth/accounts.hpp"
#include "cli/command.hpp"
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

}  // namespace

std::unique_ptr<Command> make_user_add() { return std::make_unique<UserAdd>(); }
std::unique_ptr<Command> make_user_list() { return std::make_unique<UserList>(); }
std::unique_ptr<Command> make_user_remove() { return std::make_unique<UserRemove>(); }

}  // namespace fabscope::cli
