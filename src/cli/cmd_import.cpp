// fabscope import [--all | DATASET…]
#include <iostream>

#include "cli/command.hpp"
#include "cli/views.hpp"
#include "core/error.hpp"
#include "pipeline/import.hpp"

namespace fabscope::cli {
namespace {

class Import final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("datasets", m_ids, "Dataset ids to import (see `fabscope data status`)");
    app.add_flag("--all", m_all, "Import every dataset that has an importer");
    app.add_flag("--force", m_force, "Re-import even when a file has not changed");
    app.add_flag("--no-verify", m_no_verify, "Accept files whose checksum differs from the catalog");
    app.add_flag("--allow-shrink", m_allow_shrink,
                 "Accept a file that has fewer than half the rows the dataset has in the store");
  }
  int run(const Context& ctx) override {
    if (!m_all && m_ids.empty()) throw Error(ExitCode::usage, "name the datasets to import, or give --all");
    if (m_all && !m_ids.empty()) throw Error(ExitCode::usage, "give either --all or dataset ids, not both");
    auto store = ctx.open_store(false);
    pipeline::ImportOptions options;
    options.data_dir = ctx.data_dir;
    options.datasets = m_ids;
    options.force = m_force;
    options.verify_checksum = !m_no_verify;
    options.allow_shrink = m_allow_shrink;
    const auto report = pipeline::import_datasets(*store, sources::Catalog::builtin(), options);
    std::cout << import_report_text(report, ctx.lang());
    return 0;
  }

 private:
  std::vector<std::string> m_ids;
  bool m_all = false;
  bool m_force = false;
  bool m_no_verify = false;
  bool m_allow_shrink = false;
};

}  // namespace

std::unique_ptr<Command> make_import() { return std::make_unique<Import>(); }

}  // namespace fabscope::cli
