// fabscope demo (docs/commands/demo.md): the demonstration campaign, with FICTITIOUS answers.
#include <fmt/format.h>

#include <iostream>

#include "app/demo.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"

namespace fabscope::cli {
namespace {

class Demo final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--seed", m_options.seed, "Seed of the generator (default 20261207)");
    app.add_option("--workshops", m_options.workshops, "Workshops invited (default 60)")->check(CLI::Range(1, 100000));
    app.add_option("--instruments", m_instruments, "Folder of the default questionnaires (default data/instruments)");
  }
  int run(const Context& ctx) override {
    if (!m_instruments.empty()) m_options.instruments = m_instruments;
    auto st = ctx.open_store(true);
    const auto r = app::make_demo(*st, m_options);
    const Lang lang = ctx.lang();
    if (r.already) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.demo.already")), m_options.campaign);
      return 0;
    }
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.demo.done")), m_options.campaign, r.invited, r.managers,
                             r.users, r.documents);
    return 0;
  }

 private:
  app::DemoOptions m_options;
  std::string m_instruments;
};

}  // namespace

std::unique_ptr<Command> make_demo() { return std::make_unique<Demo>(); }

}  // namespace fabscope::cli
