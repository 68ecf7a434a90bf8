// One class per command: setup() declares the options (parsing touches no file); run()
// does the work by calling the core and formats the result. The table is commands.cpp.
#pragma once

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>

#include <memory>
#include <string_view>
#include <vector>

#include "cli/context.hpp"
#include "core/catalog.hpp"

namespace fabscope::collect {
struct Instrument;
struct StoredSubmission;
}  // namespace fabscope::collect

namespace fabscope::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run(const Context& ctx) = 0;
};

// A numeric option's bounds, checked while parsing (exit 2), with a message in French and
// English (the language option may come later on the command line): a value outside
// [lo, hi], not a number, NaN or infinite is refused before anything is allocated for it.
inline CLI::Validator number_in(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& value) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(v) || v < lo || v > hi) {
          return fmt::format("« {0} » n'est pas un nombre entre {1} et {2} / '{0}' is not a number between {1} and {2}",
                             value, lo, hi);
        }
        return {};
      },
      fmt::format("NUMBER in [{}, {}]", lo, hi));
}

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
std::unique_ptr<Command> make_analyze_pca();
std::unique_ptr<Command> make_analyze_hcpc();
std::unique_ptr<Command> make_analyze_mca();
std::unique_ptr<Command> make_analyze_famd();
std::unique_ptr<Command> make_analyze_lm();
std::unique_ptr<Command> make_analyze_logit();
std::unique_ptr<Command> make_analyze_qca();
std::unique_ptr<Command> make_analyze_panel();
std::unique_ptr<Command> make_analyze_peers();
std::unique_ptr<Command> make_analyze_archetypes();
std::unique_ptr<Command> make_analyze_match();
std::unique_ptr<Command> make_impact_io();
std::unique_ptr<Command> make_impact_workshop();
std::unique_ptr<Command> make_recommend_workshop();
std::unique_ptr<Command> make_recommend_territory();
std::unique_ptr<Command> make_recommend_national();
std::unique_ptr<Command> make_recommend_check();
std::unique_ptr<Command> make_opportunities();
std::unique_ptr<Command> make_form_import();
std::unique_ptr<Command> make_form_list();
std::unique_ptr<Command> make_form_show();
std::unique_ptr<Command> make_form_export();
std::unique_ptr<Command> make_answers_import();
// How answers are written (answers export, campaign export): csv (a file per table in the
// directory `output`), xlsx or json; choices as labels or names (cmd_answers.cpp).
struct AnswerOutput {
  std::string format, output;
  bool labels = false;
  void add_options(CLI::App& app);
  void write(const Context& ctx, const collect::Instrument& ins,
             const std::vector<collect::StoredSubmission>& subs) const;
};
std::unique_ptr<Command> make_campaign_create();
std::unique_ptr<Command> make_demo();
std::unique_ptr<Command> make_code_agreement();
std::unique_ptr<Command> make_code_import();
std::unique_ptr<Command> make_code_export();
std::unique_ptr<Command> make_code_remove();
std::unique_ptr<Command> make_code_documents();
std::unique_ptr<Command> make_code_matrix();
std::unique_ptr<Command> make_code_codebook();
std::unique_ptr<Command> make_user_add();
std::unique_ptr<Command> make_user_list();
std::unique_ptr<Command> make_user_remove();
std::unique_ptr<Command> make_user_token();
std::unique_ptr<Command> make_user_tokens();
std::unique_ptr<Command> make_user_revoke();
std::unique_ptr<Command> make_campaign_invite();
std::unique_ptr<Command> make_campaign_status();
std::unique_ptr<Command> make_campaign_close();
std::unique_ptr<Command> make_campaign_revoke();
std::unique_ptr<Command> make_campaign_export();
std::unique_ptr<Command> make_answers_summary();
std::unique_ptr<Command> make_answers_export();
std::unique_ptr<Command> make_run();
std::unique_ptr<Command> make_report_workshop();
std::unique_ptr<Command> make_report_territory();
std::unique_ptr<Command> make_report_panel();
std::unique_ptr<Command> make_export();
std::unique_ptr<Command> make_workshops_import();
std::unique_ptr<Command> make_workshops_list();
std::unique_ptr<Command> make_workshops_show();
std::unique_ptr<Command> make_workshops_export();
std::unique_ptr<Command> make_workshops_duplicates();
std::unique_ptr<Command> make_territory_access();
std::unique_ptr<Command> make_territory_gaps();
std::unique_ptr<Command> make_referential_check();
std::unique_ptr<Command> make_referential_show();
std::unique_ptr<Command> make_evaluate();
std::unique_ptr<Command> make_serve();

}  // namespace fabscope::cli
