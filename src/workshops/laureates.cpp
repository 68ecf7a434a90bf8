#include "workshops/laureates.hpp"

#include <fmt/format.h>
#include "io/toml.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_workshop_files();

std::vector<Laureate> parse_laureates(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  std::vector<Laureate> out;
  ProblemList problems;
  const auto* arr = root.get_as<toml::array>("laureate");
  if (arr == nullptr) problems.add({label, 0, 0, "laureate"}, "no [[laureate]] table");
  std::size_t i = 0;
  if (arr != nullptr) {
    for (const auto& node : *arr) {
      const auto* t = node.as_table();
      const auto line = static_cast<std::int64_t>(node.source().begin.line);
      Laureate l;
      auto str = [&](const char* key) {
        return t->get_as<std::string>(key) ? t->get_as<std::string>(key)->get() : std::string();
      };
      auto list = [&](const char* key) {
        std::vector<std::string> v;
        if (const auto* a = t->get_as<toml::array>(key)) {
          for (const auto& x : *a) {
            if (x.is_string()) v.push_back(x.as_string()->get());
          }
        }
        return v;
      };
      l.id = str("id");
      l.name = str("name");
      l.carrier = str("carrier");
      l.commune = str("commune");
      l.departement = str("departement");
      l.aliases = list("aliases");
      l.register_ids = list("register");
      l.mobile = t->get_as<bool>("mobile") && t->get_as<bool>("mobile")->get();
      if (l.id.empty() || l.name.empty())
        problems.add({label, line, 0, fmt::format("laureate[{}]", i)}, "needs an id and a name");
      ++i;
      out.push_back(std::move(l));
    }
  }
  problems.throw_if_any();
  return out;
}

const std::vector<Laureate>& builtin_laureates() {
  static const std::vector<Laureate> l = [] {
    for (const auto& [name, text] : embedded_workshop_files()) {
      if (name == "laureates_2013.toml") return parse_laureates(std::string(text), "data/laureates_2013.toml");
    }
    throw Error(ExitCode::failure, "the built-in laureate list is missing");
  }();
  return l;
}

std::vector<LaureateMatch> match_laureates(store::Store& store, const std::vector<Laureate>& laureates) {
  using Entry = MatchEntry;
  const auto entries = laureate_candidates(store);
  std::vector<LaureateMatch> out;
  for (const auto& l : laureates) {
    LaureateMatch m;
    m.laureate_id = l.id;
    if (!l.register_ids.empty()) {
      m.workshop_id = l.register_ids.front();
      m.method = "confirmed";
      m.score = 1;
      m.note = "listed in the laureates file";
      out.push_back(m);
      continue;
    }
    std::vector<std::string> names = {l.name};
    names.insert(names.end(), l.aliases.begin(), l.aliases.end());
    const bool by_dep = l.commune.empty();
    // (overlap, Jaccard) of the best-matching pair of names.
    std::vector<std::pair<std::pair<double, double>, const Entry*>> scored;
    for (const auto& e : entries) {
      const bool here = by_dep ? (!l.departement.empty() && e.dep == l.departement) : e.commune == l.commune;
      if (!here) continue;
      std::pair<double, double> best{0, 0};
      for (const auto& n : names) {
        best = std::max(best, {name_similarity(n, e.name), name_jaccard(n, e.name)});
        for (const auto& a : e.aliases) best = std::max(best, {name_similarity(n, a), name_jaccard(n, a)});
      }
      if (best.first >= 0.5) scored.emplace_back(best, &e);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (l.commune.empty() && l.departement.empty()) {
      m.method = "none";
      m.note = "no city in the sources";
    } else if (scored.empty()) {
      m.method = "none";
      m.note = fmt::format("no register entry with a similar name in {} {}", by_dep ? "département" : "commune",
                           by_dep ? l.departement : l.commune);
    } else if (scored.size() > 1 && scored[0].first == scored[1].first) {
      m.method = "none";
      m.note = fmt::format("ambiguous: {} and {} match equally", scored[0].second->id, scored[1].second->id);
    } else {
      m.workshop_id = scored[0].second->id;
      m.score = scored[0].first.first;
      m.method = by_dep ? "name_in_departement" : "name_in_commune";
      m.note = fmt::format("'{}' ~ '{}'", l.name, scored[0].second->name);
    }
    out.push_back(m);
  }
  std::vector<std::string> names;
  names.reserve(laureates.size());
  for (const auto& l : laureates) names.push_back(l.name);
  save_laureate_matches(store, out, names);
  return out;
}

}  // namespace fabscope::workshops
