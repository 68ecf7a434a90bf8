// QCA results as documents, in R QCA's names (incl, PRI, inclS, covS, covU, inclN, RoN, covN)
// and notation (DEV*~IND + URB*STB; truth-table rows numbered from 1, last condition fastest).
#include <fmt/format.h>

#include <cmath>

#include "analysis/serialize.hpp"

namespace fabscope::analysis {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

std::string cases_text(const QcaResult& r, const std::vector<std::vector<std::size_t>>& groups) {
  std::vector<std::string> parts;
  parts.reserve(groups.size());
  for (const auto& g : groups) {
    std::vector<std::string> names;
    names.reserve(g.size());
    for (const auto i : g) names.push_back(r.case_ids[i]);
    parts.push_back(fmt::format("{}", fmt::join(names, ",")));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::vector<std::uint64_t> rows_of(const std::vector<std::uint64_t>& minterms) {
  std::vector<std::uint64_t> out;
  out.reserve(minterms.size());
  for (const auto m : minterms) out.push_back(m + 1);
  return out;
}

Json solution_json(const QcaResult& r, const QcaSolution& s) {
  Json models = Json::array();
  for (std::size_t k = 0; k < s.models.size(); ++k) {
    const auto& m = s.models[k];
    Json terms = Json::array();
    for (const auto& t : m.terms) {
      terms.push_back({{"term", t.expression},
                       {"inclS", number(t.consistency)},
                       {"PRI", number(t.pri)},
                       {"covS", number(t.raw_coverage)},
                       {"covU", number(t.unique_coverage)},
                       {"cases", cases_text(r, t.cases)}});
    }
    models.push_back({{"name", fmt::format("M{}", k + 1)},
                      {"expression", m.expression},
                      {"inclS", number(m.consistency)},
                      {"PRI", number(m.pri)},
                      {"covS", number(m.coverage)},
                      {"terms", terms}});
  }
  Json doc = {{"models", models}};
  if (!s.from.empty()) doc["from"] = s.from;
  if (s.name != "conservative") doc["SA"] = rows_of(s.simplifying_assumptions);
  if (s.name == "intermediate") {
    doc["easy"] = rows_of(s.easy);
    doc["difficult"] = rows_of(s.difficult);
  }
  doc["exhaustive"] = s.exhaustive;
  return doc;
}

std::string configuration_text(const std::vector<int>& c) {
  std::string out;
  for (const int v : c) out += fmt::format("{:>4}", v);
  return out;
}

void solution_text(std::string& out, const QcaResult& r, const QcaSolution& s) {
  out += fmt::format("\n{} solution{}\n", s.name, s.from.empty() ? "" : fmt::format(" (from {})", s.from));
  if (s.models.empty()) {
    out += "  none: no row is sufficient\n";
    return;
  }
  for (std::size_t k = 0; k < s.models.size(); ++k) {
    const auto& m = s.models[k];
    out += fmt::format("  M{}: {} -> {}\n", k + 1, m.expression, r.outcome);
    std::size_t width = 4;
    for (const auto& t : m.terms) width = std::max(width, t.expression.size());
    out += fmt::format("    {:<{}}  {:>6} {:>6} {:>6} {:>6}  cases\n", "", width, "inclS", "PRI", "covS", "covU");
    for (const auto& t : m.terms) {
      out += fmt::format("    {:<{}}  {:>6.3f} {:>6.3f} {:>6.3f} {:>6.3f}  {}\n", t.expression, width, t.consistency,
                         t.pri, t.raw_coverage, t.unique_coverage, cases_text(r, t.cases));
    }
    out += fmt::format("    {:<{}}  {:>6.3f} {:>6.3f} {:>6.3f}\n", fmt::format("M{}", k + 1), width, m.consistency,
                       m.pri, m.coverage);
  }
  if (s.name == "intermediate") {
    out += fmt::format("  easy counterfactuals (rows): {}\n", fmt::join(rows_of(s.easy), ", "));
  } else if (!s.simplifying_assumptions.empty()) {
    out += fmt::format("  simplifying assumptions (rows): {}\n", fmt::join(rows_of(s.simplifying_assumptions), ", "));
  }
}

}  // namespace

nlohmann::ordered_json to_json(const QcaResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    std::vector<std::string> cases;
    for (const auto i : row.cases) cases.push_back(r.case_ids[i]);
    rows.push_back({{"row", row.minterm + 1},
                    {"configuration", row.configuration},
                    {"OUT", std::string(1, row.out)},
                    {"n", row.n},
                    {"incl", number(row.consistency)},
                    {"PRI", number(row.pri)},
                    {"cases", cases}});
  }
  Json necessity = Json::array();
  for (const auto& f : r.necessity) {
    necessity.push_back({{"expression", f.expression},
                         {"inclN", number(f.consistency)},
                         {"RoN", number(f.relevance)},
                         {"covN", number(f.coverage)}});
  }
  Json solutions = {{"conservative", solution_json(r, r.conservative)}};
  if (r.remainders) solutions["parsimonious"] = solution_json(r, r.parsimonious);
  if (!r.intermediate.empty()) {
    Json inter = Json::array();
    for (const auto& s : r.intermediate) inter.push_back(solution_json(r, s));
    solutions["intermediate"] = inter;
  }
  return {{"method", "QCA"},        {"outcome", r.outcome},   {"conditions", r.conditions}, {"type", r.kind},
          {"incl.cut", r.incl_cut}, {"n.cut", r.n_cut},       {"pri.cut", r.pri_cut},       {"dir.exp", r.dir_exp},
          {"truth_table", rows},    {"necessity", necessity}, {"solutions", solutions},     {"warnings", r.warnings}};
}

std::string to_csv(const QcaResult& r) {
  std::string out = "solution,model,expression,inclS,PRI,covS,covU,cases\n";
  const auto line = [&](const std::string& family, std::size_t k, const std::string& expr, double incl, double pri,
                        double cov, double covu, const std::string& cases) {
    const auto num = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.15g}", v); };
    out += fmt::format("{},M{},\"{}\",{},{},{},{},\"{}\"\n", family, k + 1, expr, num(incl), num(pri), num(cov),
                       num(covu), cases);
  };
  std::vector<const QcaSolution*> all{&r.conservative};
  if (r.remainders) all.push_back(&r.parsimonious);
  for (const auto& s : r.intermediate) all.push_back(&s);
  for (const auto* s : all) {
    const auto family = s->from.empty() ? s->name : s->name + " " + s->from;
    for (std::size_t k = 0; k < s->models.size(); ++k) {
      const auto& m = s->models[k];
      for (const auto& t : m.terms) {
        line(family, k, t.expression, t.consistency, t.pri, t.raw_coverage, t.unique_coverage, cases_text(r, t.cases));
      }
      line(family, k, m.expression, m.consistency, m.pri, m.coverage, std::nan(""), "");
    }
  }
  return out;
}

std::string to_text(const QcaResult& r) {
  std::string out = fmt::format("QCA ({}) of {} on {}; incl.cut {}, n.cut {}\n\nTruth table (observed rows)\n  row ",
                                r.kind, r.outcome, fmt::join(r.conditions, ", "), fmt::join(r.incl_cut, ", "), r.n_cut);
  for (const auto& c : r.conditions) out += fmt::format("{:>4}", c.substr(0, 4));
  out += "  OUT   n   incl    PRI  cases\n";
  std::size_t remainders = 0;
  for (const auto& row : r.rows) {
    if (row.n == 0) {
      ++remainders;
      continue;
    }
    std::vector<std::string> cases;
    for (const auto i : row.cases) cases.push_back(r.case_ids[i]);
    out += fmt::format("  {:>3} {}  {:>3} {:>3} {:>6.3f} {:>6.3f}  {}\n", row.minterm + 1,
                       configuration_text(row.configuration), row.out, row.n, row.consistency, row.pri,
                       fmt::join(cases, ","));
  }
  out += fmt::format("  ({} remainder rows without a case)\n\nNecessity\n  {:<16} {:>6} {:>6} {:>6}\n", remainders, "",
                     "inclN", "RoN", "covN");
  for (const auto& f : r.necessity) {
    out += fmt::format("  {:<16} {:>6.3f} {:>6.3f} {:>6.3f}{}\n", f.expression, f.consistency, f.relevance, f.coverage,
                       f.consistency >= 0.9 ? "  necessary (inclN >= 0.9)" : "");
  }
  solution_text(out, r, r.conservative);
  if (r.remainders) solution_text(out, r, r.parsimonious);
  for (const auto& s : r.intermediate) solution_text(out, r, s);
  if (!r.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& w : r.warnings) out += "  - " + w + "\n";
  }
  return out;
}

}  // namespace fabscope::analysis
