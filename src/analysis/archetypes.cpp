// Archetypes (docs/analysis/archetypes.md).
#include "analysis/archetypes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "io/toml.hpp"

namespace fabscope::analysis {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_analysis_files();

namespace {

const std::vector<std::string> kCategories = {"kind", "legal_form"};
const std::vector<std::string> kSets = {"equipment", "networks", "offer", "publics"};

std::string join(const std::set<std::string>& s) { return fmt::format("{}", fmt::join(s, ", ")); }

// The similarity of one known variable to what the archetype shows, in [0, 1].
double similarity(const ArchetypeFeature& f, const Profile& u, std::string& value) {
  using M = ArchetypeFeature::Match;
  if (f.match == M::range) {
    const double x = u.numbers.at(f.variable);
    value = fmt::format("{:.4g}", x);
    const double gap = x < f.min ? f.min - x : x > f.max ? x - f.max : 0;
    return std::max(0.0, 1 - gap / f.scale);
  }
  std::set<std::string> have;
  if (const auto c = u.categories.find(f.variable); c != u.categories.end()) {
    have = {c->second};
  } else {
    have = u.sets.at(f.variable);
  }
  value = join(have);
  const std::set<std::string> want(f.values.begin(), f.values.end());
  if (f.match == M::one_of) {
    return std::any_of(have.begin(), have.end(), [&](const auto& v) { return want.count(v) != 0; }) ? 1 : 0;
  }
  std::size_t both = 0;
  for (const auto& v : have) both += want.count(v);
  const auto either = have.size() + want.size() - both;
  return either == 0 ? 1 : static_cast<double>(both) / static_cast<double>(either);
}

bool known(const ArchetypeFeature& f, const Profile& u) {
  if (f.match == ArchetypeFeature::Match::range) {
    const auto it = u.numbers.find(f.variable);
    return it != u.numbers.end() && !std::isnan(it->second);
  }
  return u.categories.count(f.variable) != 0 || u.sets.count(f.variable) != 0;
}

}  // namespace

ArchetypeSet parse_archetypes(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  ArchetypeSet out;
  ProblemList problems;
  const auto number = [&](const toml::table& t, const char* key, double fallback) {
    if (const auto* v = t.get(key)) {
      if (const auto d = v->value<double>()) return *d;
      problems.add({label, static_cast<std::int64_t>(v->source().begin.line), 0, key}, "must be a number");
    }
    return fallback;
  };
  const auto str = [](const toml::table& t, const char* key) {
    const auto* v = t.get_as<std::string>(key);
    return v != nullptr ? v->get() : std::string();
  };
  out.min_coverage = number(root, "min_coverage", 0.5);
  out.min_variables = static_cast<std::size_t>(number(root, "min_variables", 2));
  out.sure_margin = number(root, "sure_margin", 0.2);
  out.probable_margin = number(root, "probable_margin", 0.1);
  if (const auto* s = root.get_as<toml::table>("source")) out.study = str(*s, "study");
  const auto* list = root.get_as<toml::array>("archetype");
  if (list == nullptr) problems.add({label, 0, 0, "archetype"}, "no [[archetype]] table");
  std::set<std::string> ids;
  for (std::size_t a = 0; list != nullptr && a < list->size(); ++a) {
    const auto* t = (*list)[a].as_table();
    const auto line = static_cast<std::int64_t>((*list)[a].source().begin.line);
    if (t == nullptr) continue;
    Archetype arc;
    arc.id = str(*t, "id");
    arc.name_fr = str(*t, "name_fr");
    arc.name_en = str(*t, "name_en");
    arc.summary_fr = str(*t, "summary_fr");
    arc.summary_en = str(*t, "summary_en");
    const auto key = fmt::format("archetype[{}]", a);
    if (arc.id.empty() || arc.name_fr.empty() || arc.name_en.empty()) {
      problems.add({label, line, 0, key}, "needs an id, a name_fr and a name_en");
    } else if (!ids.insert(arc.id).second) {
      problems.add({label, line, 0, key + ".id"}, fmt::format("'{}' is repeated", arc.id));
    }
    if (const auto* ss = t->get_as<toml::array>("statement")) {
      for (const auto& n : *ss) {
        if (const auto* st = n.as_table()) {
          ArchetypeStatement s{str(*st, "about"), str(*st, "text_fr"), str(*st, "text_en"), str(*st, "source")};
          if (s.source.empty() || s.text_fr.empty() || s.text_en.empty()) {
            problems.add({label, static_cast<std::int64_t>(n.source().begin.line), 0, key + ".statement"},
                         "a statement needs text_fr, text_en and its source");
          }
          arc.statements.push_back(std::move(s));
        }
      }
    }
    const auto* fs = t->get_as<toml::array>("feature");
    if (fs == nullptr || fs->empty()) problems.add({label, line, 0, key + ".feature"}, "no [[archetype.feature]]");
    for (std::size_t k = 0; fs != nullptr && k < fs->size(); ++k) {
      const auto* ft = (*fs)[k].as_table();
      const auto fline = static_cast<std::int64_t>((*fs)[k].source().begin.line);
      if (ft == nullptr) continue;
      const auto fkey = fmt::format("{}.feature[{}]", key, k);
      ArchetypeFeature f;
      f.variable = str(*ft, "variable");
      f.basis = str(*ft, "basis");
      f.weight = number(*ft, "weight", 1);
      const auto match = str(*ft, "match");
      if (const auto* vs = ft->get_as<toml::array>("values")) {
        for (const auto& v : *vs) {
          if (v.is_string()) f.values.push_back(v.as_string()->get());
        }
      }
      const bool category = std::find(kCategories.begin(), kCategories.end(), f.variable) != kCategories.end();
      const bool set = std::find(kSets.begin(), kSets.end(), f.variable) != kSets.end();
      if (match == "one_of" || match == "set") {
        f.match = match == "set" ? ArchetypeFeature::Match::set : ArchetypeFeature::Match::one_of;
        if (!category && !set) {
          problems.add({label, fline, 0, fkey + ".variable"},
                       fmt::format("'{}' is not a categorical or set variable ({}, {})", f.variable,
                                   fmt::join(kCategories, ", "), fmt::join(kSets, ", ")));
        }
        if (f.values.empty()) problems.add({label, fline, 0, fkey + ".values"}, "needs the expected values");
      } else if (match == "range") {
        f.match = ArchetypeFeature::Match::range;
        f.min = number(*ft, "min", 0);
        f.max = number(*ft, "max", 0);
        f.scale = number(*ft, "scale", 1);
        if (category || set || f.variable.empty()) {
          problems.add({label, fline, 0, fkey + ".variable"}, fmt::format("'{}' is not a number", f.variable));
        }
        if (!(f.min <= f.max) || !(f.scale > 0)) {
          problems.add({label, fline, 0, fkey}, "a range needs min <= max and scale > 0");
        }
      } else {
        problems.add({label, fline, 0, fkey + ".match"},
                     fmt::format("'{}' is not a match (one_of, set or range)", match));
      }
      if (!(f.weight > 0)) problems.add({label, fline, 0, fkey + ".weight"}, "a weight is positive");
      if (f.basis != "study" && f.basis != "fabscope") {
        problems.add({label, fline, 0, fkey + ".basis"}, "basis is \"study\" or \"fabscope\"");
      }
      arc.features.push_back(std::move(f));
    }
    out.archetypes.push_back(std::move(arc));
  }
  if (!(out.min_coverage > 0 && out.min_coverage <= 1)) problems.add({label, 0, 0, "min_coverage"}, "in (0, 1]");
  problems.throw_if_any();
  return out;
}

const ArchetypeSet& builtin_archetypes() {
  static const ArchetypeSet set = [] {
    for (const auto& [name, text] : embedded_analysis_files()) {
      if (name == "archetypes.toml") return parse_archetypes(std::string(text), "data/archetypes.toml");
    }
    throw Error(ExitCode::failure, "the built-in archetypes are missing");
  }();
  return set;
}

Assignment assign(const ArchetypeSet& set, const Profile& unit) {
  Assignment a;
  for (const auto& arc : set.archetypes) {
    ArchetypeFit fit;
    fit.id = arc.id;
    double total = 0, weight = 0, sum = 0;
    std::size_t count = 0;  // known variables of this archetype
    for (const auto& f : arc.features) {
      total += f.weight;
      if (!known(f, unit)) {
        fit.unknown.push_back(f.variable);
        continue;
      }
      Evidence e;
      e.variable = f.variable;
      e.basis = f.basis;
      e.weight = f.weight;
      e.similarity = similarity(f, unit, e.value);
      e.expected = f.match == ArchetypeFeature::Match::range ? fmt::format("{:g}–{:g}", f.min, f.max)
                                                             : fmt::format("{}", fmt::join(f.values, ", "));
      sum += f.weight * e.similarity;
      weight += f.weight;
      ++count;
      fit.evidence.push_back(std::move(e));
    }
    fit.coverage = total > 0 ? weight / total : 0;
    fit.similarity = weight > 0 ? sum / weight : 0;
    fit.eligible = fit.coverage + 1e-12 >= set.min_coverage && count > 0;
    a.fits.push_back(std::move(fit));
  }
  std::stable_sort(a.fits.begin(), a.fits.end(), [](const ArchetypeFit& x, const ArchetypeFit& y) {
    if (x.eligible != y.eligible) return x.eligible;
    return x.similarity > y.similarity;
  });
  // The unit's known variables among those any archetype reads.
  std::set<std::string> read, known_here;
  for (const auto& arc : set.archetypes) {
    for (const auto& f : arc.features) {
      read.insert(f.variable);
      if (known(f, unit)) known_here.insert(f.variable);
    }
  }
  if (a.fits.empty() || !a.fits.front().eligible || known_here.size() < set.min_variables) {
    a.certainty = "not_determinable";
    std::set<std::string> missing;
    for (const auto& f : a.fits) missing.insert(f.unknown.begin(), f.unknown.end());
    a.reason = known_here.size() < set.min_variables
                   ? fmt::format("too little is known: {} of the {} variables the archetypes read ({}), fewer than {}",
                                 known_here.size(), read.size(), join(known_here), set.min_variables)
                   : fmt::format(
                         "too little is known: for no archetype do the known variables carry {:.0f} % of its "
                         "weight (unknown: {})",
                         100 * set.min_coverage, join(missing));
    return a;
  }
  const auto& best = a.fits.front();
  a.archetype = best.id;
  a.similarity = best.similarity;
  a.coverage = best.coverage;
  double second = 0;
  for (std::size_t k = 1; k < a.fits.size(); ++k) {
    if (a.fits[k].eligible) {
      second = a.fits[k].similarity;
      break;
    }
  }
  a.margin = best.similarity - second;
  a.certainty = a.margin >= set.sure_margin ? "sure" : a.margin >= set.probable_margin ? "probable" : "uncertain";
  return a;
}

std::vector<Profile> profiles_of(const DataSet& data) {
  std::vector<Profile> out(data.rows());
  for (const auto& c : data.columns) {
    const bool category = std::find(kCategories.begin(), kCategories.end(), c.name) != kCategories.end();
    const bool set = std::find(kSets.begin(), kSets.end(), c.name) != kSets.end();
    for (std::size_t i = 0; i < data.rows(); ++i) {
      if (c.quantitative) {
        if (!std::isnan(c.values[i]) && !category && !set) out[i].numbers[c.name] = c.values[i];
        continue;
      }
      const auto& v = c.labels[i];
      if (v.empty()) continue;
      if (category) {
        out[i].categories[c.name] = v;
      } else if (set) {
        auto& items = out[i].sets[c.name];
        std::size_t from = 0;
        for (std::size_t k = 0; k <= v.size(); ++k) {
          if (k == v.size() || v[k] == ';' || v[k] == '|') {
            auto item = v.substr(from, k - from);
            while (!item.empty() && item.front() == ' ') item.erase(item.begin());
            while (!item.empty() && item.back() == ' ') item.pop_back();
            if (!item.empty()) items.insert(item);
            from = k + 1;
          }
        }
      }
    }
  }
  return out;
}

std::vector<ClusterArchetype> assign_clusters(const std::vector<int>& clust, const std::vector<Assignment>& units) {
  std::map<int, ClusterArchetype> by;
  for (std::size_t i = 0; i < clust.size() && i < units.size(); ++i) {
    auto& c = by[clust[i]];
    c.cluster = clust[i];
    ++c.members;
    if (!units[i].archetype.empty()) {
      ++c.determinable;
      ++c.counts[units[i].archetype];
    }
  }
  std::vector<ClusterArchetype> out;
  for (auto& [k, c] : by) {
    for (const auto& [id, n] : c.counts) {
      if (n > c.agreeing) {
        c.agreeing = n;
        c.archetype = id;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace fabscope::analysis
