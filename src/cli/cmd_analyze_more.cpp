// fabscope analyze qca (R QCA's truthTable + minimize, docs/analysis/qca.md) and analyze match
// (MatchIt's nearest-neighbour matching, docs/analysis/matching.md) on any CSV.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iostream>

#include "analysis/archetypes.hpp"
#include "analysis/matching.hpp"
#include "analysis/peers.hpp"
#include "analysis/qca.hpp"
#include "analysis/serialize.hpp"
#include "cli/analyze_input.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "referential/analysis_panel.hpp"

namespace fabscope::cli {
namespace {

double number_of(const std::string& text, const std::string& field) {
  const auto v = text::parse_double(text::trim(text));
  if (!v) throw InputError({{"", 0, 0, field}, fmt::format("'{}' is not a number", text)});
  return *v;
}

// COL=e,c,i (logistic), COL=linear:e,c,i, COL=crisp:t1[,t2 …].
analysis::Calibration calibration_of(const std::string& spec, double idm) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError(
        {{"", 0, 0, "--calibrate"},
         fmt::format("'{}': write COLUMN=exclusion,crossover,inclusion (or COLUMN=crisp:threshold)", spec)});
  }
  analysis::Calibration c;
  c.column = text::trim(spec.substr(0, eq));
  c.idm = idm;
  auto rest = spec.substr(eq + 1);
  if (rest.starts_with("crisp:")) {
    c.crisp = true;
    rest = rest.substr(6);
  } else if (rest.starts_with("linear:")) {
    c.logistic = false;
    rest = rest.substr(7);
  }
  for (const auto& t : split_names(rest)) c.thresholds.push_back(number_of(t, "--calibrate " + c.column));
  return c;
}

class AnalyzeQca final : public Command {
 public:
  void setup(CLI::App& app) override {
    m_in.add_options(app, "CSV of memberships (first column: the cases' names)");
    app.add_option("--outcome", m_outcome, "The outcome column; ~NAME for its negation")->required();
    app.add_option("--conditions", m_conditions,
                   "Condition columns, comma-separated (default: every other numeric one)");
    app.add_option("--incl-cut", m_incl_cut, "Inclusion cut-off of a positive row, or two: 1 and C (default 1)");
    app.add_option("--n-cut", m_n_cut, "Fewest cases for a row not to be a remainder (default 1)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--pri-cut", m_pri_cut, "Lowest PRI of a positive row (default 0)")->check(CLI::Range(0.0, 1.0));
    app.add_option("--include", m_include, "'?': remainders may simplify: parsimonious and intermediate solutions too")
        ->check(CLI::IsMember({"", "?"}));
    app.add_option("--dir-exp", m_dir_exp, "Directional expectations, e.g. DEV,URB,~IND (the intermediate solution)");
    app.add_option("--calibrate", m_calibrate,
                   "Calibrate a raw column first: COL=exclusion,crossover,inclusion (logistic), COL=linear:e,c,i, "
                   "COL=crisp:threshold[,threshold]");
    app.add_option("--idm", m_idm, "Logistic calibration: membership at the inclusion anchor (default 0.95)");
    app.add_option("--necessity", m_necessity, "An expression to test for necessity besides each condition (A+B)");
    app.add_option("--format", m_format, "table (default), json (R QCA's names) or csv (the solutions' terms)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }

  int run(const Context& ctx) override {
    const auto data = m_in.read(ctx);
    analysis::QcaOptions o;
    o.outcome = m_outcome;
    if (o.outcome.starts_with("~")) {
      o.negate_outcome = true;
      o.outcome = o.outcome.substr(1);
    }
    o.conditions = split_names(m_conditions);
    if (!m_incl_cut.empty()) {
      o.incl_cut.clear();
      for (const auto& c : split_names(m_incl_cut)) o.incl_cut.push_back(number_of(c, "--incl-cut"));
    }
    o.n_cut = m_n_cut;
    o.pri_cut = m_pri_cut;
    o.dir_exp = split_names(m_dir_exp);
    o.remainders = m_include == "?";
    if (!o.dir_exp.empty() && !o.remainders) {
      throw InputError({{"", 0, 0, "--dir-exp"},
                        "directional expectations choose among the remainders: add --include '?' (as R QCA's "
                        "minimize(include = \"?\", dir.exp = …))"});
    }
    for (const auto& c : m_calibrate) o.calibrate.push_back(calibration_of(c, m_idm));
    o.necessity = m_necessity;
    const auto r = analysis::qca(data, o);
    write_result(r, m_format, m_output);
    return 0;
  }

 private:
  AnalysisInput m_in;
  std::string m_outcome, m_conditions, m_incl_cut, m_include, m_dir_exp, m_format = "table", m_output;
  std::size_t m_n_cut = 1;
  double m_pri_cut = 0, m_idm = 0.95;
  std::vector<std::string> m_calibrate, m_necessity;
};

class AnalyzeMatch final : public Command {
 public:
  void setup(CLI::App& app) override {
    m_in.add_options(app, "CSV of the units (first column: their names)");
    app.add_option("--treatment", m_treatment, "The treatment column: 0/1 or two categories (the second is treated)")
        ->required();
    app.add_option("--covariates", m_covariates, "Covariates of the propensity model, comma-separated")->required();
    app.add_option("--outcome", m_outcome, "A numeric outcome: the effect on the treated");
    app.add_flag("--replace", m_replace, "Match with replacement (a control may serve several treated units)");
    app.add_option("--caliper", m_caliper,
                   "Largest distance of a pair, in standard deviations of the score (default: none)")
        ->check(CLI::Range(0.0, 100.0));
    app.add_option("--exact", m_exact, "Columns matched exactly, comma-separated");
    app.add_option("--bootstrap", m_bootstrap, "Bootstrap replicates of the effect's interval (default 1000, 0: none)")
        ->check(CLI::Range(0, 1000000));
    app.add_option("--seed", m_seed, "Seed of the bootstrap (default 1)");
    app.add_option("--format", m_format, "table (default), json (MatchIt's names) or csv (one line per unit)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }

  int run(const Context& ctx) override {
    const auto data = m_in.read(ctx);
    analysis::MatchOptions o;
    o.treatment = m_treatment;
    o.covariates = split_names(m_covariates);
    o.outcome = m_outcome;
    o.replace = m_replace;
    o.caliper = m_caliper;
    o.exact = split_names(m_exact);
    o.bootstrap = m_bootstrap;
    o.seed = m_seed;
    const auto r = analysis::match(data, o);
    write_result(r, m_format, m_output);
    return 0;
  }

 private:
  AnalysisInput m_in;
  std::string m_treatment, m_covariates, m_outcome, m_exact, m_format = "table", m_output;
  bool m_replace = false;
  double m_caliper = 0;
  std::size_t m_bootstrap = 1000;
  std::uint64_t m_seed = 1;
};

// analyze panel: the evaluation panel as the analyses read it, as a CSV to check or to take
// to R.
class AnalyzePanel final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    AnalysisInput in;
    in.panel = true;
    const auto d = in.read(ctx);
    emit(m_output, analysis::to_csv(d, "workshop"));
    std::size_t known = 0;
    for (const auto& c : d.columns) {
      std::size_t k = 0;
      for (std::size_t i = 0; i < d.rows(); ++i)
        k += (c.quantitative ? !std::isnan(c.values[i]) : !c.labels[i].empty()) ? 1 : 0;
      known += k;
    }
    std::cerr << fmt::format("fabscope: {} workshops × {} columns, {:.0f} % of the cells known\n", d.rows(),
                             d.columns.size(),
                             100.0 * static_cast<double>(known) /
                                 static_cast<double>(std::max<std::size_t>(1, d.rows() * d.columns.size())));
    return 0;
  }

 private:
  std::string m_output;
};

// analyze archetypes: each workshop (or CSV row) mapped to the nearest of the six archetypes.
class AnalyzeArchetypes final : public Command {
 public:
  void setup(CLI::App& app) override {
    m_in.add_options(app,
                     "CSV with columns kind, legal_form, equipment, networks, offer, publics (lists separated "
                     "by ';'), and numbers (density_class, lq_be …)");
    app.add_option("--archetypes", m_file, "Archetypes file (default: the built-in data/archetypes.toml)");
    app.add_option("--format", m_format, "table (default), json or csv")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    analysis::ArchetypeSet storage;
    if (!m_file.empty()) {
      std::ifstream in(m_file, std::ios::binary);
      if (!in) throw Error(ExitCode::missing_data, fmt::format("cannot open {}", m_file));
      storage = analysis::parse_archetypes(std::string{std::istreambuf_iterator<char>(in), {}}, m_file);
    }
    const auto& set = m_file.empty() ? analysis::builtin_archetypes() : storage;
    const auto data = m_in.read(ctx);
    std::vector<analysis::Profile> profiles;
    if (m_in.evaluation) {
      for (const auto& u : m_in.evaluation->panel.units) profiles.push_back(referential::profile_of(u));
    } else {
      profiles = analysis::profiles_of(data);
    }
    analysis::ArchetypeReport r{&set, data.row_names, {}};
    for (const auto& p : profiles) r.assignments.push_back(analysis::assign(set, p));  // this file's archetypes
    if (m_format == "json") {
      emit(m_output, analysis::to_json(r).dump(2) + "\n");
    } else if (m_format == "csv") {
      emit(m_output, analysis::to_csv(r));
    } else {
      emit(m_output, analysis::to_text(r));
    }
    return 0;
  }

 private:
  AnalysisInput m_in;
  std::string m_file, m_format = "table", m_output;
};

// analyze peers: each workshop's nearest workshops, its percentiles among them, its
// territorial fit within its archetype.
class AnalyzePeers final : public Command {
 public:
  void setup(CLI::App& app) override {
    m_in.add_options(app, "CSV of the units");
    app.add_option("--model", m_model, "Model columns: kind, equipment (default with --panel: both)");
    app.add_option("--territory", m_territory, "Numeric territory columns (default with --panel: the context)");
    app.add_option("--indicators", m_indicators, "Numeric columns ranked among the peers (default with --panel: all)");
    app.add_option("--archetype", m_archetype, "Column of archetypes, for the territorial fit (--panel: assigned)");
    app.add_option("--k", m_k, "Number of peers (default 5)")->check(CLI::Range(1, 1000));
    app.add_option("--workshop", m_only, "Only this unit (its name)");
    app.add_option("--format", m_format, "table (default), json or csv")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    auto data = m_in.read(ctx);
    auto model = split_names(m_model), territory = split_names(m_territory), indicators = split_names(m_indicators);
    std::string archetype = m_archetype;
    analysis::PeerOptions o;
    o.k = m_k;
    if (!m_only.empty()) (void)data.row(m_only);
    if (m_in.evaluation) {
      // The panel: kind and equipment of the records, the context, the assigned archetypes.
      if (!model.empty() || !territory.empty() || !indicators.empty() || !archetype.empty()) {
        throw InputError({{"", 0, 0, "--panel"},
                          "with --panel the columns are the panel's: drop --model, "
                          "--territory, --indicators and --archetype"});
      }
      const auto arcs = referential::panel_archetypes(*m_in.evaluation);
      write(analysis::peers(referential::panel_peer_input(*m_in.evaluation, data, arcs), o));
      return 0;
    }
    if (model.empty() && territory.empty()) {
      throw InputError({{"", 0, 0, "--model"}, "name the model (--model) or territory (--territory) columns"});
    }
    write(analysis::peers(analysis::peer_input(data, model, territory, indicators, archetype), o));
    return 0;
  }

 private:
  void write(const analysis::PeerResult& r) const {
    if (m_format == "json") {
      emit(m_output, analysis::to_json(r, m_only).dump(2) + "\n");
    } else if (m_format == "csv") {
      emit(m_output, analysis::to_csv(r, m_only));
    } else {
      emit(m_output, analysis::to_text(r, m_only));
    }
  }

  AnalysisInput m_in;
  std::string m_model, m_territory, m_indicators, m_archetype, m_only, m_format = "table", m_output;
  std::size_t m_k = 5;
};

}  // namespace

std::unique_ptr<Command> make_analyze_peers() { return std::make_unique<AnalyzePeers>(); }
std::unique_ptr<Command> make_analyze_archetypes() { return std::make_unique<AnalyzeArchetypes>(); }
std::unique_ptr<Command> make_analyze_panel() { return std::make_unique<AnalyzePanel>(); }
std::unique_ptr<Command> make_analyze_qca() { return std::make_unique<AnalyzeQca>(); }
std::unique_ptr<Command> make_analyze_match() { return std::make_unique<AnalyzeMatch>(); }

}  // namespace fabscope::cli
