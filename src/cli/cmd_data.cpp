// fabscope data status | fetch
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "sources/catalog.hpp"
#include "sources/fetch.hpp"

namespace fabscope::cli {
namespace {

std::string state_text(sources::FileState s, Lang lang) {
  switch (s) {
    case sources::FileState::present:
      return tr(lang, "cli.data.state.present");
    case sources::FileState::missing:
      return tr(lang, "cli.data.state.missing");
    case sources::FileState::checksum_mismatch:
      return tr(lang, "cli.data.state.checksum_mismatch");
  }
  return "";
}

std::string state_id(sources::FileState s) {
  switch (s) {
    case sources::FileState::present:
      return "present";
    case sources::FileState::missing:
      return "missing";
    case sources::FileState::checksum_mismatch:
      return "checksum_mismatch";
  }
  return "";
}

class DataStatus final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--format", m_format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  }
  int run(const Context& ctx) override {
    const auto& catalog = sources::Catalog::builtin();
    bool all_present = true;
    if (m_format == "json") {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& d : catalog.datasets()) {
        const auto st = sources::check_file(d, ctx.data_dir);
        all_present = all_present && st.state == sources::FileState::present;
        out.push_back({{"id", d.id},
                       {"file", st.path.string()},
                       {"state", state_id(st.state)},
                       {"expected_sha256", d.sha256},
                       {"actual_sha256", st.actual_sha256},
                       {"vintage", d.vintage},
                       {"cog_year", d.cog_year},
                       {"publisher", d.publisher},
                       {"url", d.url},
                       {"licence", d.licence}});
      }
      std::cout << out.dump(2) << "\n";
    } else {
      std::vector<std::vector<std::string>> rows = {
          {tr(ctx.lang(), "cli.common.dataset"), tr(ctx.lang(), "cli.data.vintage"), "COG",
           tr(ctx.lang(), "cli.data.file"), tr(ctx.lang(), "cli.data.state_header")}};
      for (const auto& d : catalog.datasets()) {
        const auto st = sources::check_file(d, ctx.data_dir);
        all_present = all_present && st.state == sources::FileState::present;
        rows.push_back({d.id, d.vintage, std::to_string(d.cog_year), d.file, state_text(st.state, ctx.lang())});
      }
      std::cout << tr(ctx.lang(), "cli.data.directory") << ctx.data_dir.string() << "\n\n" << table(rows);
    }
    return all_present ? 0 : static_cast<int>(ExitCode::missing_data);
  }

 private:
  std::string m_format = "table";
};

class DataFetch final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("ids", m_ids, "Dataset ids (default: every missing or damaged dataset)");
    app.add_option("--mirror", m_mirror, "Base address to fetch from instead of the official URLs (BASE/<file name>)");
    app.add_flag("--force", m_force, "Download even when the file is present and correct");
  }
  int run(const Context& ctx) override {
    const auto& catalog = sources::Catalog::builtin();
    std::vector<const sources::DatasetInfo*> todo;
    if (m_ids.empty()) {
      for (const auto& d : catalog.datasets()) todo.push_back(&d);
    } else {
      for (const auto& id : m_ids) todo.push_back(&catalog.get(id));
    }
    int fetched = 0;
    for (const auto* d : todo) {
      const auto st = sources::check_file(*d, ctx.data_dir);
      if (st.state == sources::FileState::present && !m_force) {
        std::cout << fmt::format("{}: {}\n", d->id, tr(ctx.lang(), "cli.data.already_present"));
        continue;
      }
      const auto from = sources::fetch_dataset(*d, ctx.data_dir, {m_mirror});
      std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.data.downloaded")), d->id, from);
      ++fetched;
    }
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.data.fetched")), fetched, ctx.data_dir.string());
    return 0;
  }

 private:
  std::vector<std::string> m_ids;
  std::string m_mirror;
  bool m_force = false;
};

}  // namespace

std::unique_ptr<Command> make_data_status() { return std::make_unique<DataStatus>(); }
std::unique_ptr<Command> make_data_fetch() { return std::make_unique<DataFetch>(); }

}  // namespace fabscope::cli
