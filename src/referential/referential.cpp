#include "referential/referential.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <list>
#include <mutex>
#include <atomic>
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
const std::vector<std::pair<std::string, MissingInScore>> kMissingInScore = {
    {"reweight", MissingInScore::reweight}, {"zero", MissingInScore::zero}, {"median", MissingInScore::median}};
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

// Reads a référentiel's TOML tree phase by phase: the header, then each dimension, its
// criteria and their indicators (each checked as it is read), then the formulas'
// references and order. Every problem goes to one list, thrown at the end.
class Reader {
 public:
  explicit Reader(const std::string& label) : m_label(label), m_load(label, m_problems) { m_r.label = label; }

  Referential read(const toml::table& root) {
    header(root);
    dimensions(root);
    order_formulas();
    m_problems.throw_if_any();
    return std::move(m_r);
  }

 private:
  // A key naming one of `values` (the enum keeps its default when the key is absent).
  template <class E>
  void enum_key(const toml::table& t, const char* key, const std::string& path, E& out,
                const std::vector<std::pair<std::string, E>>& values) {
    if (const auto s = m_load.str(t, key, path, false); !s.empty()) {
      if (const auto v = parse_enum(s, values)) {
        out = *v;
      } else {
        std::vector<std::string> names;
        names.reserve(values.size());
        for (const auto& [k, e] : values) names.push_back(k);
        m_load.problem(*t.get(key), path + (path.empty() ? "" : ".") + key,
                       fmt::format("'{}' is not one of {}", s, fmt::join(names, ", ")));
      }
    }
  }
  // Ids are unique across dimensions, criteria and indicators.
  void check_id(const toml::table& t, const std::string& id, const std::string& path) {
    if (id.empty()) return;
    if (!m_ids.insert(id).second) m_load.problem(t, path + ".id", fmt::format("duplicate id '{}'", id));
  }
  double weight(const toml::table& t, const std::string& path) {
    const auto w = m_load.num(t, "weight", path).value_or(1.0);
    if (!(w > 0)) m_load.problem(*t.get("weight"), path + ".weight", "a weight must be > 0 (remove the item instead)");
    return w;
  }
  // A minimum coverage: a share in [0, 1].
  std::optional<double> coverage_rule(const toml::table& t, const std::string& path) {
    const auto v = m_load.num(t, "min_coverage", path);
    if (v && (*v < 0 || *v > 1)) {
      m_load.problem(*t.get("min_coverage"), path + (path.empty() ? "" : ".") + "min_coverage",
                     fmt::format("{} is not a share between 0 and 1 (e.g. 0.65 for 65 %)", *v));
      return std::nullopt;
    }
    return v;
  }
  // The fields a dimension and a criterion share.
  NodeDef node(const toml::table& t, const std::string& path) {
    NodeDef n;
    n.id = m_load.str(t, "id", path, true);
    n.label_fr = m_load.str(t, "label_fr", path, true);
    n.label_en = m_load.str(t, "label_en", path, true);
    n.definition = m_load.str(t, "definition", path, false);
    n.weight = weight(t, path);
    n.min_coverage = coverage_rule(t, path);
    n.line = io::toml_line(t);
    check_id(t, n.id, path);
    return n;
  }

  void header(const toml::table& root) {
    m_load.check_keys(root, "",
                      {"id", "version", "title_fr", "title_en", "aggregation", "weighting", "min_coverage",
                       "missing_in_score", "levels", "level_labels_fr", "level_labels_en", "dimension"});
    m_r.id = m_load.str(root, "id", "", true);
    m_r.version = m_load.str(root, "version", "", true);
    m_r.title_fr = m_load.str(root, "title_fr", "", true);
    m_r.title_en = m_load.str(root, "title_en", "", true);
    enum_key(root, "aggregation", "", m_r.aggregation, kAggregations);
    enum_key(root, "weighting", "", m_r.weighting, kWeightings);
    enum_key(root, "missing_in_score", "", m_r.missing_in_score, kMissingInScore);
    m_r.min_coverage = coverage_rule(root, "").value_or(kDefaultMinCoverage);
    if (const auto* lv = root.get_as<toml::array>("levels")) {
      for (const auto& x : *lv) {
        if (const auto v = x.value<double>()) m_r.levels.push_back(*v);
      }
      if (!std::is_sorted(m_r.levels.begin(), m_r.levels.end())) {
        m_load.problem(*lv, "levels", "thresholds must be increasing");
      }
    }
    for (const char* key : {"level_labels_fr", "level_labels_en"}) {
      if (const auto* a = root.get_as<toml::array>(key)) {
        auto& out = std::string_view(key) == "level_labels_fr" ? m_r.level_labels_fr : m_r.level_labels_en;
        for (const auto& x : *a) {
          if (x.is_string()) out.push_back(x.as_string()->get());
        }
        if (out.size() != m_r.levels.size() + 1) {
          m_load.problem(*a, key,
                         fmt::format("expected {} labels for {} thresholds", m_r.levels.size() + 1, m_r.levels.size()));
        }
      }
    }
  }

  void dimensions(const toml::table& root) {
    const auto* dims = root.get_as<toml::array>("dimension");
    if (dims == nullptr || dims->empty()) m_load.problem(root, "dimension", "no [[dimension]]");
    if (dims == nullptr) return;
    std::size_t di = 0;
    for (const auto& dn : *dims) {
      const auto* dt = dn.as_table();
      const std::string dpath = fmt::format("dimension[{}]", di++);
      if (dt == nullptr) continue;
      m_r.dimensions.push_back(dimension(*dt, dpath));
    }
  }

  NodeDef dimension(const toml::table& dt, const std::string& dpath) {
    m_load.check_keys(dt, dpath, {"id", "label_fr", "label_en", "definition", "weight", "min_coverage", "criterion"});
    NodeDef d = node(dt, dpath);
    const auto* crits = dt.get_as<toml::array>("criterion");
    if (crits == nullptr || crits->empty()) {
      m_load.problem(dt, dpath + ".criterion", "a dimension without [[dimension.criterion]]");
    }
    if (crits == nullptr) return d;
    std::size_t ci = 0;
    for (const auto& cn : *crits) {
      const auto* ct = cn.as_table();
      const std::string cpath = fmt::format("{}.criterion[{}]", dpath, ci++);
      if (ct == nullptr) continue;
      d.children.push_back(criterion(*ct, cpath));
    }
    return d;
  }

  NodeDef criterion(const toml::table& ct, const std::string& cpath) {
    m_load.check_keys(ct, cpath, {"id", "label_fr", "label_en", "definition", "weight", "min_coverage", "indicator"});
    NodeDef c = node(ct, cpath);
    const auto* inds = ct.get_as<toml::array>("indicator");
    if (inds == nullptr || inds->empty()) m_load.problem(ct, cpath + ".indicator", "a criterion without indicators");
    if (inds == nullptr) return c;
    std::size_t ii = 0;
    for (const auto& in : *inds) {
      const auto* it = in.as_table();
      const std::string ipath = fmt::format("{}.indicator[{}]", cpath, ii++);
      if (it == nullptr) continue;
      c.indicators.push_back(m_r.indicators.size());
      m_r.indicators.push_back(indicator(*it, ipath));
    }
    return c;
  }

  IndicatorDef indicator(const toml::table& it, const std::string& ipath) {
    m_load.check_keys(
        it, ipath,
        {"id", "label_fr", "label_en", "definition", "describes", "impact_area", "impact_level", "source", "unit",
         "direction", "normalisation", "goalposts", "reference", "winsorise", "weight", "missing"});
    IndicatorDef d;
    d.id = m_load.str(it, "id", ipath, true);
    d.label_fr = m_load.str(it, "label_fr", ipath, true);
    d.label_en = m_load.str(it, "label_en", ipath, true);
    d.definition = m_load.str(it, "definition", ipath, false);
    d.unit = m_load.str(it, "unit", ipath, false);
    d.line = io::toml_line(it);
    check_id(it, d.id, ipath);
    classification(it, ipath, d);
    if (const auto src = m_load.str(it, "source", ipath, true); !src.empty()) d.source = source(it, ipath, src);
    method(it, ipath, d.method);
    d.weight = weight(it, ipath);
    return d;
  }

  // What the indicator describes and, for an impact, its area and level.
  void classification(const toml::table& it, const std::string& ipath, IndicatorDef& d) {
    d.describes = m_load.str(it, "describes", ipath, true);
    if (!d.describes.empty() && kDescribes.count(d.describes) == 0) {
      m_load.problem(*it.get("describes"), ipath + ".describes",
                     "expected territorial_context, workshop_model, success or impact");
    }
    d.impact_area = m_load.str(it, "impact_area", ipath, d.describes == "impact");
    d.impact_level = m_load.str(it, "impact_level", ipath, d.describes == "impact");
    if (!d.impact_area.empty() && kImpactAreas.count(d.impact_area) == 0) {
      m_load.problem(*it.get("impact_area"), ipath + ".impact_area",
                     "expected employment_skills, diversity_networking, digital_diffusion or attractiveness");
    }
    if (!d.impact_level.empty() && kImpactLevels.count(d.impact_level) == 0) {
      m_load.problem(*it.get("impact_level"), ipath + ".impact_level", "expected direct, indirect or induced");
    }
  }

  // `kind:name`, the name checked against what the kind can name.
  Source source(const toml::table& it, const std::string& ipath, const std::string& src) {
    static const std::vector<std::pair<std::string, SourceKind>> kKinds = {
        {"territory", SourceKind::territory}, {"workshop", SourceKind::workshop}, {"survey", SourceKind::survey},
        {"interview", SourceKind::interview}, {"document", SourceKind::document}, {"formula", SourceKind::formula}};
    Source s;
    const auto& at_source = *it.get("source");
    const std::string key = ipath + ".source";
    const auto colon = src.find(':');
    const auto kind = colon == std::string::npos ? std::nullopt : parse_enum(src.substr(0, colon), kKinds);
    if (!kind) {
      m_load.problem(
          at_source, key,
          fmt::format("'{}': expected territory:, workshop:, survey:, interview:, document: or formula:", src));
      return s;
    }
    s.kind = *kind;
    s.name = text::trim(src.substr(colon + 1));
    if (*kind == SourceKind::territory) {
      auto at = s.name.find('@');
      s.level = at == std::string::npos ? "commune" : s.name.substr(at + 1);
      if (at != std::string::npos) s.name = s.name.substr(0, at);
      if (!territory::indicator_index(s.name)) {
        m_load.problem(at_source, key, fmt::format("unknown territorial indicator '{}' (docs/indicators.md)", s.name));
      }
      if (s.level != "commune" && s.level != "epci" && s.level != "ze" && s.level != "dep" && s.level != "reg") {
        m_load.problem(at_source, key, fmt::format("unknown level '{}'", s.level));
      }
    } else if (*kind == SourceKind::workshop) {
      const auto& f = workshop_source_fields();
      if (std::find(f.begin(), f.end(), s.name) == f.end()) {
        m_load.problem(at_source, key,
                       fmt::format("unknown workshop field '{}' (fields: {})", s.name, fmt::join(f, ", ")));
      }
    } else if (*kind == SourceKind::formula) {
      try {
        (void)Formula::parse(s.name);
      } catch (const std::invalid_argument& e) {
        m_load.problem(at_source, key, e.what());
      }
    } else if (s.name.empty()) {
      m_load.problem(at_source, key, "the question, code or item is missing");
    }
    return s;
  }

  // Direction, normalisation and its parameters, missing-data policy.
  void method(const toml::table& it, const std::string& ipath, IndicatorMethod& m) {
    enum_key(it, "direction", ipath, m.direction, kDirections);
    enum_key(it, "normalisation", ipath, m.normalisation, kNormalisations);
    enum_key(it, "missing", ipath, m.missing, kMissing);
    m.goalposts = m_load.pair(it, "goalposts", ipath);
    m.reference = m_load.num(it, "reference", ipath);
    m.winsorise = m_load.pair(it, "winsorise", ipath);
    if (m.normalisation == Normalisation::goalposts && (!m.goalposts || !(m.goalposts->first < m.goalposts->second))) {
      m_load.problem(it, ipath + ".goalposts",
                     "normalisation \"goalposts\" needs goalposts = [low, high] with low < high");
    }
    if (m.normalisation == Normalisation::distance_to_reference && !m.reference) {
      m_load.problem(it, ipath + ".reference", "normalisation \"distance_to_reference\" needs reference = <value>");
    }
    if (m.winsorise &&
        !(m.winsorise->first >= 0 && m.winsorise->first < m.winsorise->second && m.winsorise->second <= 1)) {
      m_load.problem(*it.get("winsorise"), ipath + ".winsorise",
                     "expected [p_low, p_high] with 0 ≤ p_low < p_high ≤ 1");
    }
  }

  // Formulas: references must exist; no cycles; evaluation order (dependencies first).
  void order_formulas() {
    for (std::size_t i = 0; i < m_r.indicators.size(); ++i) m_by_id[m_r.indicators[i].id] = i;
    m_state.assign(m_r.indicators.size(), 0);
    for (std::size_t i = 0; i < m_r.indicators.size(); ++i) {
      std::vector<std::string> path;
      if (m_state[i] == 0) visit(i, path);
    }
  }

  // Depth-first: a dependency met again while its own dependencies are being visited
  // closes a cycle, reported once with its path.
  void visit(std::size_t i, std::vector<std::string>& path) {
    const auto& ind = m_r.indicators[i];
    m_state[i] = 1;
    path.push_back(ind.id);
    if (ind.source.kind == SourceKind::formula) {
      try {
        const auto formula = Formula::parse(ind.source.name);
        for (const auto& v : formula.variables()) {
          const auto it = m_by_id.find(v);
          if (it == m_by_id.end()) {
            m_problems.add({m_label, ind.line, 0, ind.id + ".source"},
                           fmt::format("the formula uses '{}', which is no indicator of this référentiel", v));
          } else if (m_state[it->second] == 1) {
            const auto from = std::find(path.begin(), path.end(), v);
            std::vector<std::string> cycle(from, path.end());
            cycle.push_back(v);
            m_problems.add({m_label, ind.line, 0, ind.id + ".source"},
                           fmt::format("cycle in formulas: {}", fmt::join(cycle, " → ")));
          } else if (m_state[it->second] == 0) {
            visit(it->second, path);
          }
        }
      } catch (const std::invalid_argument&) {  // already reported
      }
      m_r.formula_order.push_back(i);
    }
    path.pop_back();
    m_state[i] = 2;
  }

  std::string m_label;
  ProblemList m_problems;
  Loader m_load;
  Referential m_r;
  std::set<std::string> m_ids;
  std::map<std::string, std::size_t> m_by_id;
  std::vector<int> m_state;  // per indicator: 0 new, 1 visiting, 2 done
};

}  // namespace

Referential Referential::parse(const std::string& toml_text, const std::string& label) {
  const toml::table root = io::parse_toml(toml_text, label);
  auto r = Reader(label).read(root);
  r.text = toml_text;
  return r;
}

Referential Referential::load(const std::string& path) { return parse(io::read_file(path), path); }

const Referential& Referential::builtin() {
  static const Referential r = [] {
    for (const auto& [name, content] : embedded_referential_files()) {
      if (name == "referential.toml") return parse(std::string(content), "data/referential.toml");
    }
    throw Error(ExitCode::failure, "the built-in référentiel is missing");
  }();
  return r;
}

namespace {
// The référentiels set active, never freed (a reader may hold a reference to an earlier
// one); the last one is the active one. Set before serving: cheap to read.
struct ActiveSlot {
  std::mutex mutex;
  std::list<Referential> kept;
  std::atomic<const Referential*> current{nullptr};
};
ActiveSlot& active_slot() {
  static ActiveSlot slot;
  return slot;
}

// The lines of one TOML item (from its [[header]] to the next): with `weight` replaced when
// its id is overridden (any weight line dropped, the new one right after the id).
void rewrite_item(std::vector<std::string>& item, const std::map<std::string, double>& weights, std::string& out) {
  static const std::regex kId(R"re(^\s*id\s*=\s*"([^"]*)")re");
  static const std::regex kWeight(R"(^\s*weight\s*=)");
  std::optional<double> w;
  for (const auto& line : item) {
    std::smatch m;
    if (std::regex_search(line, m, kId)) {
      const auto it = weights.find(m[1].str());
      if (it != weights.end()) w = it->second;
    }
  }
  for (const auto& line : item) {
    if (w && std::regex_search(line, kWeight)) continue;
    out += line + "\n";
    if (w && std::regex_search(line, kId)) out += fmt::format("weight = {}\n", *w);
  }
  item.clear();
}
}  // namespace

const Referential& Referential::active() {
  const auto* p = active_slot().current.load(std::memory_order_acquire);
  return p != nullptr ? *p : builtin();
}

void Referential::set_active(Referential r) {
  auto& slot = active_slot();
  const std::lock_guard<std::mutex> lock(slot.mutex);
  slot.kept.push_back(std::move(r));
  slot.current.store(&slot.kept.back(), std::memory_order_release);
}

Referential Referential::with_weights(const std::map<std::string, double>& weights) const {
  std::string out;
  std::vector<std::string> item;
  bool in_item = false;
  std::size_t p = 0;
  while (p < text.size()) {
    const auto q = std::min(text.find('\n', p), text.size());
    const std::string line = text.substr(p, q - p);
    p = q + 1;
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] == '[') {
      rewrite_item(item, weights, out);  // the previous item (nothing before the first header)
      in_item = true;
    }
    if (in_item) {
      item.push_back(line);
    } else {
      out += line + "\n";
    }
  }
  rewrite_item(item, weights, out);
  return parse(out, label);
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
  in.missing_in_score = missing_in_score;
  std::vector<std::pair<std::size_t, double>> dims;
  for (const auto& d : dimensions) {
    std::vector<std::pair<std::size_t, double>> crits;
    for (const auto& c : d.children) {
      ScoreNode n;
      n.id = c.id;
      n.min_coverage = c.min_coverage.value_or(0.0);
      for (const auto i : c.indicators) n.indicators.emplace_back(i, indicators[i].weight);
      crits.emplace_back(in.nodes.size(), c.weight);
      in.nodes.push_back(std::move(n));
    }
    ScoreNode dn;
    dn.id = d.id;
    dn.min_coverage = d.min_coverage.value_or(min_coverage);
    dn.children = std::move(crits);
    dims.emplace_back(in.nodes.size(), d.weight);
    in.nodes.push_back(std::move(dn));
  }
  ScoreNode root;
  root.id = "total";
  root.min_coverage = min_coverage;
  root.children = std::move(dims);
  in.nodes.push_back(std::move(root));
  return in;
}

std::vector<std::string> Referential::node_ids() const {
  std::vector<std::string> out;
  for (const auto& n : scoring_skeleton().nodes) out.push_back(n.id);
  return out;
}

std::string Referential::node_label(const std::string& node, Lang lang) const {
  if (node == "total") return lang == Lang::fr ? "Score global" : "Total score";
  for (const auto& d : dimensions) {
    if (d.id == node) return pick(lang, d.label_fr, d.label_en);
    for (const auto& c : d.children) {
      if (c.id == node) return pick(lang, c.label_fr, c.label_en);
    }
  }
  return node;
}


namespace {
template <class E>
std::string_view key_of(E e, const std::vector<std::pair<std::string, E>>& values) {
  for (const auto& [k, v] : values) {
    if (v == e) return k;
  }
  return "";
}
}  // namespace

std::string_view name_of(MissingInScore m) { return key_of(m, kMissingInScore); }
std::string_view name_of(MissingPolicy m) { return key_of(m, kMissing); }
std::string_view name_of(Normalisation n) { return key_of(n, kNormalisations); }
std::string_view name_of(Direction d) { return key_of(d, kDirections); }

std::string source_text(const IndicatorDef& d) {
  static const char* kinds[] = {"territory", "workshop", "survey", "interview", "document", "formula"};
  std::string s = fmt::format("{}:{}", kinds[static_cast<int>(d.source.kind)], d.source.name);
  if (d.source.kind == SourceKind::territory && d.source.level != "commune") s += "@" + d.source.level;
  return s;
}

}  // namespace fabscope::referential
