// One class per command: setup() declares the options (parsing touches no file); run()
// does the work by calling the core and formats the result. The table is commands.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string_view>
#include <vector>

#include "cli/context.hpp"

namespace fabscope::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run(const Context& ctx) = 0;
};

struct CommandEntry {
  std::string_view group;  // "" for a top-level command, else the parent ("data", "territory")
  std::string_view name;
  std::string_view help;
  std::unique_ptr<Command> (*make)();
};

const std::vector<CommandEntry>& commands();

// Factories (cmd_*.cpp).
std::unique_ptr<Command> make_data_status();
std::unique_ptr<Command> make_data_fetch();
std::unique_ptr<Command> make_import();
std::unique_ptr<Command> make_territory_show();
std::unique_ptr<Command> make_territory_export();
std::unique_ptr<Command> make_territory_search();
std::unique_ptr<Command> make_territory_indicators();
std::unique_ptr<Command> make_run();
std::unique_ptr<Command> make_report_workshop();
std::unique_ptr<Command> make_report_territory();
std::unique_ptr<Command> make_report_panel();
std::unique_ptr<Command> make_export();
std::unique_ptr<Command> make_workshops_import();
std::unique_ptr<Command> make_workshops_list();
std::unique_ptr<Command> make_workshops_show();
std::unique_ptr<Command> make_workshops_duplicates();
std::unique_ptr<Command> make_territory_access();
std::unique_ptr<Command> make_territory_gaps();
std::unique_ptr<Command> make_referential_check();
std::unique_ptr<Command> make_referential_show();
std::unique_ptr<Command> make_evaluate();
std::unique_ptr<Command> make_serve();

}  // namespace fabscope::cli
