// fabscope workshops duplicates | territory access | territory gaps
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "workshops/access.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/register.hpp"

namespace fabscope::cli {
namespace {

class WorkshopsDuplicates final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--decisions", m_file,
                   "Decision file overriding the detection (default: data/workshop_duplicates.toml)");
    app.add_flag("--candidates", m_candidates_only, "Only the candidates left for review");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto decisions = m_file.empty() ? workshops::DuplicateDecisions::builtin()
                                          : workshops::DuplicateDecisions::parse(io_read(m_file), m_file);
    const auto pairs = workshops::refresh_duplicates(*store, decisions);
    const Lang lang = ctx.lang();
    std::vector<std::vector<std::string>> t = {{tr(lang, "cli.duplicates.decision"), "A", "B",
                                                tr(lang, "cli.common.name"), "km", tr(lang, "cli.duplicates.reason")}};
    auto name = [&](const std::string& id) {
      const auto w = workshops::load_workshop(*store, id);
      return w ? w->first.name : id;
    };
    std::size_t merged = 0, candidates = 0;
    for (const auto& p : pairs) {
      merged += p.decision == "merged" || p.decision == "forced_same" ? 1 : 0;
      candidates += p.decision == "candidate" ? 1 : 0;
      if (m_candidates_only && p.decision != "candidate") continue;
      t.push_back({p.decision, p.a, p.b, fmt::format("{} / {}", name(p.a), name(p.b)),
                   p.distance_km ? fmt::format("{:.2f}", *p.distance_km) : "", render(p.reason, lang)});
    }
    std::cout << table(t, true, false)
              << fmt::format(fmt::runtime(tr(lang, "cli.duplicates.summary")), merged, candidates,
                             m_file.empty() ? "data/workshop_duplicates.toml" : m_file);
    return 0;
  }

 private:
  static std::string io_read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(ExitCode::missing_data, "cannot open " + path);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  std::string m_file;
  bool m_candidates_only = false;
};

workshops::AccessOptions access_options(double radius, const std::string& decay) {
  if (!(radius > 0) || radius > 500)
    throw Error(ExitCode::usage, fmt::format("--radius must be in (0, 500] km, not {}", radius));
  return {radius, decay == "gaussian" ? workshops::Decay::gaussian : workshops::Decay::none};
}

class TerritoryAccess final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--radius", m_radius, "Catchment radius in km (default 30; 0.1 to 1000)")
        ->check(number_in(0.1, 1000));
    app.add_option("--decay", m_decay, "none (2SFCA, default) or gaussian (E2SFCA)")
        ->check(CLI::IsMember({"none", "gaussian"}));
    app.add_option("--format", m_format, "csv (default) or json")->check(CLI::IsMember({"csv", "json"}));
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto in = workshops::load_access_inputs(*store);
    const auto r = workshops::access_with(*store, in, access_options(m_radius, m_decay));
    if (m_format == "csv") {
      std::cout << "code,name,dep,population,access_per_100k,nearest_km,white,nearest_france_services_km,"
                   "white_without_help\n";
      const bool help = !r.nearest_help_km.empty();
      for (std::size_t i = 0; i < in.code.size(); ++i) {
        const bool known = !std::isnan(in.lat[i]);
        std::cout << fmt::format("{},{},{},{},{},{},{},{},{}\n", in.code[i], csv_field(in.name[i]), in.dep[i],
                                 raw(in.population[i]), raw(r.access_per_100k[i]), raw(r.nearest_km[i]),
                                 known ? (r.white[i] ? "1" : "0") : "", help ? raw(r.nearest_help_km[i]) : "",
                                 known && help ? (r.white_help[i] ? "1" : "0") : "");
      }
    } else {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < in.code.size(); ++i) {
        auto num = [](double v) { return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v); };
        arr.push_back({{"code", in.code[i]},
                       {"name", in.name[i]},
                       {"dep", in.dep[i]},
                       {"population", num(in.population[i])},
                       {"access_per_100k", num(r.access_per_100k[i])},
                       {"nearest_km", num(r.nearest_km[i])},
                       {"white", std::isnan(in.lat[i]) ? nlohmann::ordered_json(nullptr)
                                                       : nlohmann::ordered_json(static_cast<bool>(r.white[i]))}});
        if (!r.nearest_help_km.empty()) {
          arr.back()["nearest_france_services_km"] = num(r.nearest_help_km[i]);
          arr.back()["white_without_help"] = std::isnan(in.lat[i])
                                                 ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(static_cast<bool>(r.white_help[i]));
        }
      }
      std::cout << nlohmann::ordered_json{{"radius_km", m_radius},
                                          {"decay", m_decay},
                                          {"workshops", in.supply.size()},
                                          {"france_services", in.help.size()},
                                          {"communes", arr}}
                       .dump(1)
                << "\n";
    }
    std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.access.summary")), in.supply.size(), m_radius, m_decay);
    if (in.help.empty()) {
      std::cerr << tr(ctx.lang(), "cli.access.no_help");
    } else {
      std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.access.help")), in.help.size(), in.help_unplaced);
    }
    return 0;
  }

 private:
  double m_radius = 30;
  std::string m_decay = "none", m_format = "csv";
};

class TerritoryGaps final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--radius", m_radius,
                   "Distance beyond which a commune is in a white zone (km, default 30; 0.1 to 1000)")
        ->check(number_in(0.1, 1000));
    app.add_option("--format", m_format, "table (default) or csv")->check(CLI::IsMember({"table", "csv"}));
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto in = workshops::load_access_inputs(*store);
    const auto r = workshops::access_with(*store, in, access_options(m_radius, "none"));
    const auto rows = workshops::white_zones(in.dep, in.lat, in.population, r);
    const Lang lang = ctx.lang();
    const bool help = !in.help.empty();
    if (m_format == "csv") {
      std::cout << "dep,communes,white_communes,population,white_population,white_share,white_help_communes,"
                   "white_help_population,white_help_share\n";
      for (const auto& z : rows) {
        std::cout << fmt::format("{},{},{},{},{},{},{},{},{}\n", z.dep, z.communes, z.white_communes,
                                 raw(z.population), raw(z.white_population), raw(z.white_share),
                                 help ? std::to_string(z.white_help_communes) : "", raw(z.white_help_population),
                                 raw(z.white_help_share));
      }
      return 0;
    }
    const auto share = [&](double v) { return std::isnan(v) ? "—" : text::percent(lang, v * 100, 1); };
    std::vector<std::vector<std::string>> t = {{tr(lang, "cli.common.dep_short"), "Communes",
                                                tr(lang, "cli.gaps.in_white_zones"), "Population",
                                                tr(lang, "cli.gaps.in_white_zones"), tr(lang, "cli.gaps.share")}};
    if (help) t[0].push_back(tr(lang, "cli.gaps.without_help"));
    std::size_t communes = 0, white = 0, white_help = 0;
    double pop = 0, wpop = 0, hpop = 0;
    for (const auto& z : rows) {
      t.push_back({z.dep, std::to_string(z.communes), std::to_string(z.white_communes),
                   group_digits(z.population, 0, lang), group_digits(z.white_population, 0, lang),
                   share(z.white_share)});
      if (help) t.back().push_back(share(z.white_help_share));
      communes += z.communes;
      white += z.white_communes;
      white_help += z.white_help_communes;
      pop += z.population;
      wpop += z.white_population;
      if (help) hpop += z.white_help_population;
    }
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.gaps.title")), m_radius, in.supply.size()) << table(t)
              << fmt::format(fmt::runtime(tr(lang, "cli.gaps.france")), white, communes, group_digits(wpop, 0, lang),
                             group_digits(100 * wpop / pop, 1, lang));
    if (help) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.gaps.france_help")), white_help,
                               group_digits(hpop, 0, lang), group_digits(100 * hpop / pop, 1, lang), m_radius,
                               in.help.size());
    }
    return 0;
  }

 private:
  double m_radius = 30;
  std::string m_format = "table";
};

}  // namespace

std::unique_ptr<Command> make_workshops_duplicates() { return std::make_unique<WorkshopsDuplicates>(); }
std::unique_ptr<Command> make_territory_access() { return std::make_unique<TerritoryAccess>(); }
std::unique_ptr<Command> make_territory_gaps() { return std::make_unique<TerritoryGaps>(); }

}  // namespace fabscope::cli
