#include "referential/referential.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/toml.hpp"
#include "territory/indicators.hpp"
#include "workshops/fields.hpp"

namespace fabscope::referential {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_referential_files();

const std::vector<std::string>& workshop_source_fields() {
  static const std::vector<std::string> f = [] {
    std::vector<std::string> ids;
    for (const auto& n : workshops::numeric_fields()) ids.emplace_back(n.id);
    for (const auto c : kContextualWorkshopSources) ids.emplace_back(c);
    return ids;
  }();
  return f;
}

// ---- formulas (shunting-yard to reverse Polish notation) --------------------------------
Formula Formula::parse(const std::string& text) {
  Formula f;
  std::vector<char> ops;
  auto prec = [](char op) { return op == 'u' ? 3 : (op == '*' || op == '/') ? 2 : 1; };
  bool expect_operand = true;
  std::size_t i = 0;
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument(fmt::format("{} at character {} of '{}'", why, i + 1, text));
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ') {
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 || (c == '.' && expect_operand)) {
      std::size_t j = i;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) != 0 || text[j] == '.')) ++j;
      const auto v = text::parse_double(text.substr(i, j - i));
      if (!v || !expect_operand) fail("unexpected number");
      f.m_rpn.push_back({'n', *v, {}});
      i = j;
      expect_operand = false;
    } else if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
      std::size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) ++j;
      if (!expect_operand) fail("unexpected name");
      f.m_rpn.push_back({'v', 0, text.substr(i, j - i)});
      f.m_vars.push_back(text.substr(i, j - i));
      i = j;
      expect_operand = false;
    } else if (c == '(') {
      if (!expect_operand) fail("unexpected '('");
      ops.push_back('(');
      ++i;
    } else if (c == ')') {
      if (expect_operand) fail("unexpected ')'");
      while (!ops.empty() && ops.back() != '(') {
        f.m_rpn.push_back({ops.back(), 0, {}});
        ops.pop_back();
      }
      if (ops.empty()) fail("unbalanced ')'");
      ops.pop_back();
      ++i;
    } else if (c == '+' || c == '-' || c == '*' || c == '/') {
      char op = c;
      if (expect_operand) {
        if (c != '-') fail("missing operand");
        op = 'u';
      }
      while (!ops.empty() && ops.back() != '(' && op != 'u' && prec(ops.back()) >= prec(op)) {
        f.m_rpn.push_back({ops.back(), 0, {}});
        ops.pop_back();
      }
      ops.push_back(op);
      expect_operand = true;
      ++i;
    } else {
      fail(fmt::format("unexpected character '{}'", c));
    }
  }
  if (expect_operand) fail("the formula ends without an operand");
  while (!ops.empty()) {
    if (ops.back() == '(') fail("unbalanced '('");
    f.m_rpn.push_back({ops.back(), 0, {}});
    ops.pop_back();
  }
  return f;
}

double Formula::eval(const std::map<std::string, double>& vars) const {
  std::vector<double> st;
  for (const auto& t : m_rpn) {
    if (t.op == 'n') {
      st.push_back(t.num);
    } else if (t.op == 'v') {
      const auto it = vars.find(t.var);
      st.push_back(it == vars.end() ? text::kMissing : it->second);
    } else if (t.op == 'u') {
      st.back() = -st.back();
    } else {
      const double b = st.back();
      st.pop_back();
      double& a = st.back();
      switch (t.op) {
        case '+':
          a += b;
          break;
        case '-':
          a -= b;
          break;
        case '*':
          a *= b;
          break;
        default:
          a = b == 0 ? text::kMissing : a / b;
      }
    }
  }
  return st.empty() ? text::kMissing : st.back();
}

// ---- loading ------------------------------------------------------------------------------
namespace {

template <class E>
std::optional<E> parse_enum(const std::string& s, const std::vector<std::pair<std::string, E>>& values) {
  for (const auto& [k, v] : values) {
    if (k == s) return v;
  }
  return std::nullopt;
}

const std::vector<std::pair<std::string, Direction>> kDirections = {{"higher_better", Direction::higher_better},
                                                                    {"lower_better", Direction::lower_better},
                                                                    {"neutral", Direction::neutral}};
const std::vector<std::pair<std::string, Normalisation>> kNormalisations = {
    {"minmax", Normalisation::minmax},         {"zscore", Normalisation::zscore},
    {"goalposts", Normalisation::goalposts},   {"rank", Normalisation::rank},
    {"percentile", Normalisation::percentile}, {"distance_to_reference", Normalisation::distance_to_reference}};
const std::vector<std::pair<std::string, MissingPolicy>> kMissing = {{"exclude", MissingPolicy::exclude},
                                                                     {"mean", MissingPolicy::mean},
                                                                     {"median", MissingPolicy::median},
                                                                     {"lowest", MissingPolicy::lowest}};
const std::vector<std::pair<std::string, Aggregation>> kAggregations = {{"arithmetic", Aggregation::arithmetic},
                                                                        {"geometric", Aggregation::geometric}};
const std::vector<std::pair<std::string, Weighting>> kWeightings = {
    {"expert", Weighting::expert}, {"equal", Weighting::equal}, {"pca", Weighting::pca}};
const std::set<std::string> kDescribes = {"territorial_context", "workshop_model", "success", "impact"};
const std::set<std::string> kImpactAreas = {"employment_skills", "diversity_networking", "digital_diffusion",
                                            "attractiveness"};
const std::set<std::string> kImpactLevels = {"direct", "indirect", "induced"};

class Loader {
 public:
  Loader(std::string label, ProblemList& problems) : m_label(std::move(label)), m_problems(problems) {}

  void problem(const toml::node& at, const std::string& key, std::string message) {
    m_problems.add({m_label, io::toml_line(at), 0, key}, std::move(message));
  }
  // Every key of `t` must be one of `allowed`: a typo is an error, not a silent default.
  void check_keys(const toml::table& t, const std::string& path, const std::set<std::string>& allowed) {
    for (const auto& [k, v] : t) {
      if (allowed.count(std::string(k.str())) == 0) {
        problem(v, path + "." + std::string(k.str()), "unknown key");
      }
    }
  }
  std::string str(const toml::table& t, const char* key, const std::string& path, bool required) {
    const auto* n = t.get(key);
    if (n == nullptr) {
      if (required) problem(t, path + "." + key, "required key missing");
      return {};
    }
    if (!n->is_string()) {
      problem(*n, path + "." + key, "expected a string");
      return {};
    }
    return n->as_string()->get();
  }
  std::optional<double> num(const toml::table& t, const char* key, const std::string& path) {
    const auto* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    const auto v = n->value<double>();
    if (!v || !std::isfinite(*v)) {
      problem(*n, path + "." + key, "expected a number");
      return std::nullopt;
    }
    return v;
  }
  std::optional<std::pair<double, double>> pair(const toml::table& t, const char* key, const std::string& path) {
    const auto* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    const auto* a = n->as_array();
    if (a == nullptr || a->size() != 2 || !(*a)[0].value<double>() || !(*a)[1].value<double>()) {
      problem(*n, path + "." + key, "expected [low, high]");
      return std::nullopt;
    }
    return std::make_pair(*(*a)[0].value<double>(), *(*a)[1].value<double>());
  }

 private:
  std::string m_label;
  ProblemList& m_problems;
};

}  // namespace

Referential Referential::parse(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  Referential r;
  r.label = label;
  ProblemList problems;
  Loader L(label, problems);
  L.check_keys(root, "",
               {"id", "version", "title_fr", "title_en", "aggregation", "weighting", "levels", "level_labels_fr",
                "level_labels_en", "dimension"});
  r.id = L.str(root, "id", "", true);
  r.version = L.str(root, "version", "", true);
  r.title_fr = L.str(root, "title_fr", "", true);
  r.title_en = L.str(root, "title_en", "", true);
  auto enum_key = [&](const toml::table& t, const char* key, const std::string& path, auto& out, const auto& values) {
    if (const auto s = L.str(t, key, path, false); !s.empty()) {
      if (const auto v = parse_enum(s, values)) {
        out = *v;
      } else {
        std::vector<std::string> names;
        for (const auto& [k, e] : values) names.push_back(k);
        L.problem(*t.get(key), path + (path.empty() ? "" : ".") + key,
                  fmt::format("'{}' is not one of {}", s, fmt::join(names, ", ")));
      }
    }
  };
  enum_key(root, "aggregation", "", r.aggregation, kAggregations);
  enum_key(root, "weighting", "", r.weighting, kWeightings);
  if (const auto* lv = root.get_as<toml::array>("levels")) {
    for (const auto& x : *lv) {
      if (const auto v = x.value<double>()) r.levels.push_back(*v);
    }
    if (!std::is_sorted(r.levels.begin(), r.levels.end())) L.problem(*lv, "levels", "thresholds must be increasing");
  }
  for (const char* key : {"level_labels_fr", "level_labels_en"}) {
    if (const auto* a = root.get_as<toml::array>(key)) {
      auto& out = std::string_view(key) == "level_labels_fr" ? r.level_labels_fr : r.level_labels_en;
      for (const auto& x : *a) {
        if (x.is_string()) out.push_back(x.as_string()->get());
      }
      if (out.size() != r.levels.size() + 1) {
        L.problem(*a, key, fmt::format("expected {} labels for {} thresholds", r.levels.size() + 1, r.levels.size()));
      }
    }
  }
  std::set<std::string> ids;
  auto check_id = [&](const toml::table& t, const std::string& id, const std::string& path) {
    if (id.empty()) return;
    if (!ids.insert(id).second) L.problem(t, path + ".id", fmt::format("duplicate id '{}'", id));
  };
  auto weight = [&](const toml::table& t, const std::string& path) {
    const auto w = L.num(t, "weight", path).value_or(1.0);
    if (!(w > 0)) L.problem(*t.get("weight"), path + ".weight", "a weight must be > 0 (remove the item instead)");
    return w;
  };
  const auto* dims = root.get_as<toml::array>("dimension");
  if (dims == nullptr || dims->empty()) L.problem(root, "dimension", "no [[dimension]]");
  std::size_t di = 0;
  if (dims != nullptr) {
    for (const auto& dn : *dims) {
      const auto* dt = dn.as_table();
      const std::string dpath = fmt::format("dimension[{}]", di++);
      if (dt == nullptr) continue;
      L.check_keys(*dt, dpath, {"id", "label_fr", "label_en", "definition", "weight", "criterion"});
      NodeDef d;
      d.id = L.str(*dt, "id", dpath, true);
      d.label_fr = L.str(*dt, "label_fr", dpath, true);
      d.label_en = L.str(*dt, "label_en", dpath, true);
      d.definition = L.str(*dt, "definition", dpath, false);
      d.weight = weight(*dt, dpath);
      d.line = io::toml_line(*dt);
      check_id(*dt, d.id, dpath);
      const auto* crits = dt->get_as<toml::array>("criterion");
      if (crits == nullptr || crits->empty())
        L.problem(*dt, dpath + ".criterion", "a dimension without [[dimension.criterion]]");
      std::size_t ci = 0;
      if (crits != nullptr) {
        for (const auto& cn : *crits) {
          const auto* ct = cn.as_table();
          const std::string cpath = fmt::format("{}.criterion[{}]", dpath, ci++);
          if (ct == nullptr) continue;
          L.check_keys(*ct, cpath, {"id", "label_fr", "label_en", "definition", "weight", "indicator"});
          NodeDef c;
          c.id = L.str(*ct, "id", cpath, true);
          c.label_fr = L.str(*ct, "label_fr", cpath, true);
          c.label_en = L.str(*ct, "label_en", cpath, true);
          c.definition = L.str(*ct, "definition", cpath, false);
          c.weight = weight(*ct, cpath);
          c.line = io::toml_line(*ct);
          check_id(*ct, c.id, cpath);
          const auto* inds = ct->get_as<toml::array>("indicator");
          if (inds == nullptr || inds->empty()) L.problem(*ct, cpath + ".indicator", "a criterion without indicators");
          std::size_t ii = 0;
          if (inds != nullptr) {
            for (const auto& in : *inds) {
              const auto* it = in.as_table();
              const std::string ipath = fmt::format("{}.indicator[{}]", cpath, ii++);
              if (it == nullptr) continue;
              L.check_keys(
                  *it, ipath,
                  {"id", "label_fr", "label_en", "definition", "describes", "impact_area", "impact_level", "source",
                   "unit", "direction", "normalisation", "goalposts", "reference", "winsorise", "weight", "missing"});
              IndicatorDef d2;
              d2.id = L.str(*it, "id", ipath, true);
              d2.label_fr = L.str(*it, "label_fr", ipath, true);
              d2.label_en = L.str(*it, "label_en", ipath, true);
              d2.definition = L.str(*it, "definition", ipath, false);
              d2.unit = L.str(*it, "unit", ipath, false);
              d2.line = io::toml_line(*it);
              check_id(*it, d2.id, ipath);
              d2.describes = L.str(*it, "describes", ipath, true);
              if (!d2.describes.empty() && kDescribes.count(d2.describes) == 0) {
                L.problem(*it->get("describes"), ipath + ".describes",
                          "expected territorial_context, workshop_model, success or impact");
              }
              d2.impact_area = L.str(*it, "impact_area", ipath, d2.describes == "impact");
              d2.impact_level = L.str(*it, "impact_level", ipath, d2.describes == "impact");
              if (!d2.impact_area.empty() && kImpactAreas.count(d2.impact_area) == 0) {
                L.problem(*it->get("impact_area"), ipath + ".impact_area",
                          "expected employment_skills, diversity_networking, digital_diffusion or attractiveness");
              }
              if (!d2.impact_level.empty() && kImpactLevels.count(d2.impact_level) == 0) {
                L.problem(*it->get("impact_level"), ipath + ".impact_level", "expected direct, indirect or induced");
              }
              // Source.
              const auto src = L.str(*it, "source", ipath, true);
              if (!src.empty()) {
                const auto colon = src.find(':');
                static const std::vector<std::pair<std::string, SourceKind>> kKinds = {
                    {"territory", SourceKind::territory}, {"workshop", SourceKind::workshop},
                    {"survey", SourceKind::survey},       {"interview", SourceKind::interview},
                    {"document", SourceKind::document},   {"formula", SourceKind::formula}};
                const auto kind = colon == std::string::npos ? std::nullopt : parse_enum(src.substr(0, colon), kKinds);
                if (!kind) {
                  L.problem(
                      *it->get("source"), ipath + ".source",
                      fmt::format("'{}': expected territory:, workshop:, survey:, interview:, document: or formula:",
                                  src));
                } else {
                  d2.source.kind = *kind;
                  d2.source.name = text::trim(src.substr(colon + 1));
                  if (*kind == SourceKind::territory) {
                    auto at = d2.source.name.find('@');
                    d2.source.level = at == std::string::npos ? "commune" : d2.source.name.substr(at + 1);
                    if (at != std::string::npos) d2.source.name = d2.source.name.substr(0, at);
                    if (!territory::indicator_index(d2.source.name)) {
                      L.problem(*it->get("source"), ipath + ".source",
                                fmt::format("unknown territorial indicator '{}' (docs/indicators.md)", d2.source.name));
                    }
                    if (d2.source.level != "commune" && d2.source.level != "epci" && d2.source.level != "ze" &&
                        d2.source.level != "dep" && d2.source.level != "reg") {
                      L.problem(*it->get("source"), ipath + ".source",
                                fmt::format("unknown level '{}'", d2.source.level));
                    }
                  } else if (*kind == SourceKind::workshop) {
                    const auto& f = workshop_source_fields();
                    if (std::find(f.begin(), f.end(), d2.source.name) == f.end()) {
                      L.problem(
                          *it->get("source"), ipath + ".source",
                          fmt::format("unknown workshop field '{}' (fields: {})", d2.source.name, fmt::join(f, ", ")));
                    }
                  } else if (*kind == SourceKind::formula) {
                    try {
                      (void)Formula::parse(d2.source.name);
                    } catch (const std::invalid_argument& e) {
                      L.problem(*it->get("source"), ipath + ".source", e.what());
                    }
                  } else if (d2.source.name.empty()) {
                    L.problem(*it->get("source"), ipath + ".source", "the question, code or item is missing");
                  }
                }
              }
              enum_key(*it, "direction", ipath, d2.method.direction, kDirections);
              enum_key(*it, "normalisation", ipath, d2.method.normalisation, kNormalisations);
              enum_key(*it, "missing", ipath, d2.method.missing, kMissing);
              d2.method.goalposts = L.pair(*it, "goalposts", ipath);
              d2.method.reference = L.num(*it, "reference", ipath);
              d2.method.winsorise = L.pair(*it, "winsorise", ipath);
              if (d2.method.normalisation == Normalisation::goalposts &&
                  (!d2.method.goalposts || !(d2.method.goalposts->first < d2.method.goalposts->second))) {
                L.problem(*it, ipath + ".goalposts",
                          "normalisation \"goalposts\" needs goalposts = [low, high] with low < high");
              }
              if (d2.method.normalisation == Normalisation::distance_to_reference && !d2.method.reference) {
                L.problem(*it, ipath + ".reference",
                          "normalisation \"distance_to_reference\" needs reference = <value>");
              }
              if (d2.method.winsorise &&
                  !(d2.method.winsorise->first >= 0 && d2.method.winsorise->first < d2.method.winsorise->second &&
                    d2.method.winsorise->second <= 1)) {
                L.problem(*it->get("winsorise"), ipath + ".winsorise",
                          "expected [p_low, p_high] with 0 ≤ p_low < p_high ≤ 1");
              }
              d2.weight = weight(*it, ipath);
              c.indicators.push_back(r.indicators.size());
              r.indicators.push_back(std::move(d2));
            }
          }
          d.children.push_back(std::move(c));
        }
      }
      r.dimensions.push_back(std::move(d));
    }
  }
  // Formulas: references must exist; no cycles; evaluation order.
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < r.indicators.size(); ++i) by_id[r.indicators[i].id] = i;
  std::vector<int> state(r.indicators.size(), 0);  // 0 new, 1 visiting, 2 done
  // Depth-first: a dependency met again while its own dependencies are being visited
  // closes a cycle, reported once with its path.
  std::function<void(std::size_t, std::vector<std::string>&)> visit = [&](std::size_t i,
                                                                          std::vector<std::string>& path) {
    state[i] = 1;
    path.push_back(r.indicators[i].id);
    if (r.indicators[i].source.kind == SourceKind::formula) {
      try {
        const auto formula = Formula::parse(r.indicators[i].source.name);
        for (const auto& v : formula.variables()) {
          const auto it = by_id.find(v);
          if (it == by_id.end()) {
            problems.add({label, r.indicators[i].line, 0, r.indicators[i].id + ".source"},
                         fmt::format("the formula uses '{}', which is no indicator of this référentiel", v));
          } else if (state[it->second] == 1) {
            const auto from = std::find(path.begin(), path.end(), v);
            std::vector<std::string> cycle(from, path.end());
            cycle.push_back(v);
            problems.add({label, r.indicators[i].line, 0, r.indicators[i].id + ".source"},
                         fmt::format("cycle in formulas: {}", fmt::join(cycle, " → ")));
          } else if (state[it->second] == 0) {
            visit(it->second, path);
          }
        }
      } catch (const std::invalid_argument&) {  // already reported
      }
      r.formula_order.push_back(i);
    }
    path.pop_back();
    state[i] = 2;
  };
  for (std::size_t i = 0; i < r.indicators.size(); ++i) {
    std::vector<std::string> path;
    if (state[i] == 0) visit(i, path);
  }
  problems.throw_if_any();
  return r;
}

Referential Referential::load(const std::string& path) { return parse(io::read_file(path), path); }

const Referential& Referential::builtin() {
  static const Referential r = [] {
    for (const auto& [name, text] : embedded_referential_files()) {
      if (name == "referential.toml") return parse(std::string(text), "data/referential.toml");
    }
    throw Error(ExitCode::failure, "the built-in référentiel is missing");
  }();
  return r;
}

std::optional<std::size_t> Referential::find(const std::string& indicator_id) const {
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    if (indicators[i].id == indicator_id) return i;
  }
  return std::nullopt;
}

ScoringInput Referential::scoring_skeleton() const {
  ScoringInput in;
  for (const auto& ind : indicators) in.methods.push_back(ind.method);
  in.weighting = weighting;
  in.aggregation = aggregation;
  std::vector<std::pair<std::size_t, double>> dims;
  for (const auto& d : dimensions) {
    std::vector<std::pair<std::size_t, double>> crits;
    for (const auto& c : d.children) {
      ScoreNode n;
      n.id = c.id;
      for (const auto i : c.indicators) n.indicators.emplace_back(i, indicators[i].weight);
      crits.emplace_back(in.nodes.size(), c.weight);
      in.nodes.push_back(std::move(n));
    }
    ScoreNode dn;
    dn.id = d.id;
    dn.children = std::move(crits);
    dims.emplace_back(in.nodes.size(), d.weight);
    in.nodes.push_back(std::move(dn));
  }
  ScoreNode root;
  root.id = "total";
  root.children = std::move(dims);
  in.nodes.push_back(std::move(root));
  return in;
}

std::vector<std::string> Referential::node_ids() const {
  std::vector<std::string> out;
  for (const auto& n : scoring_skeleton().nodes) out.push_back(n.id);
  return out;
}

}  // namespace fabscope::referential
