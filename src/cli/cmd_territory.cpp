// fabscope territory show | export | search | indicators
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "cli/views.hpp"
#include "core/error.hpp"
#include "report/json.hpp"
#include "territory/repository.hpp"

namespace fabscope::cli {
namespace {

using territory::Level;

Level level_of(const std::string& id) {
  if (const auto l = territory::parse_level(id)) return *l;
  throw Error(ExitCode::usage, fmt::format("unknown level '{}' (commune, epci, ze, dep, reg)", id));
}

class Show final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("code", m_code, "INSEE code (commune, département, région), EPCI SIREN or ZE code")->required();
    app.add_option("--level", m_level, "commune (default), epci, ze, dep or reg");
    app.add_option("--format", m_format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  }
  int run(const Context& ctx) override {
    const Level level = level_of(m_level);
    auto store = ctx.open_store(true);
    std::cout << (m_format == "json" ? profile_json(*store, level, m_code)
                                     : profile_text(*store, level, m_code, ctx.lang()));
    return 0;
  }

 private:
  std::string m_code;
  std::string m_level = "commune";
  std::string m_format = "table";
};

class Export final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--level", m_level, "commune, epci, ze, dep or reg")->required();
    app.add_option("--format", m_format, "csv (default) or json")->check(CLI::IsMember({"csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    const Level level = level_of(m_level);
    auto store = ctx.open_store(true);
    if (!territory::has_results(*store)) {
      throw Error(ExitCode::missing_data, "the store has no indicators yet: run `fabscope import --all` first");
    }
    const auto units = territory::load_level(*store, level);
    std::string out;
    if (m_format == "csv") {
      out = "level,code,name";
      for (const auto& d : territory::indicators()) out += fmt::format(",{}", d.id);
      out += "\n";
      for (const auto& u : units) {
        out += fmt::format("{},{},{}", territory::level_id(level), u.code, csv_field(u.name));
        for (const double v : u.values) out += "," + raw(v);
        out += "\n";
      }
    } else {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& u : units) arr.push_back(report::territory_unit(u));
      out = arr.dump(1) + "\n";
    }
    emit(m_output, out);
    if (!m_output.empty() && m_output != "-") {
      std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.territory.units_written")), units.size(), m_output);
    }
    return 0;
  }

 private:
  std::string m_level;
  std::string m_format = "csv";
  std::string m_output;
};

class Search final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("query", m_query, "A name (accents and case ignored) or a code")->required();
    app.add_option("--level", m_level, "Restrict to one level");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    std::optional<Level> level;
    if (!m_level.empty()) level = level_of(m_level);
    const auto found = territory::search(*store, m_query, level);
    if (found.empty()) {
      std::cerr << tr(ctx.lang(), "cli.territory.none_found");
      return static_cast<int>(ExitCode::not_found);
    }
    std::vector<std::vector<std::string>> rows = {
        {tr(ctx.lang(), "cli.common.level"), "Code", tr(ctx.lang(), "cli.common.name"), "Population"}};
    const auto& pop = territory::indicators()[0];
    for (const auto& u : found) {
      rows.push_back(
          {std::string(territory::level_id(u.level)), u.code, u.name, display(pop, u.values[0], ctx.lang())});
    }
    std::cout << table(rows);
    return 0;
  }

 private:
  std::string m_query;
  std::string m_level;
};

class Indicators final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--format", m_format, "table (default) or markdown")->check(CLI::IsMember({"table", "markdown"}));
  }
  int run(const Context& ctx) override {
    if (m_format == "markdown") {
      std::cout << territory::indicators_markdown();
      return 0;
    }
    std::vector<std::vector<std::string>> rows = {
        {"id", tr(ctx.lang(), "cli.territory.label"), tr(ctx.lang(), "cli.territory.unit")}};
    for (const auto& d : territory::indicators()) {
      rows.push_back({std::string(d.id), std::string(pick(ctx.lang(), d.label_fr, d.label_en)), std::string(d.unit)});
    }
    std::cout << table(rows);
    return 0;
  }

 private:
  std::string m_format = "table";
};

}  // namespace

std::unique_ptr<Command> make_territory_show() { return std::make_unique<Show>(); }
std::unique_ptr<Command> make_territory_export() { return std::make_unique<Export>(); }
std::unique_ptr<Command> make_territory_search() { return std::make_unique<Search>(); }
std::unique_ptr<Command> make_territory_indicators() { return std::make_unique<Indicators>(); }

}  // namespace fabscope::cli
