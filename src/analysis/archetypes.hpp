// The six archetypes of the national study (data/archetypes.toml, docs/analysis/archetypes.md)
// and the mapping of a workshop, or a cluster of workshops, to the nearest one with its
// evidence: which variables, how close, how sure, or "not determinable" when too little is
// known. Pure: the archetypes and what is known of a unit -> the assignment.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "core/lang.hpp"

namespace fabscope::analysis {

struct ArchetypeFeature {
  enum class Match { one_of, set, range };
  std::string variable;
  Match match = Match::one_of;
  std::vector<std::string> values;
  double min = 0, max = 0, scale = 1;
  double weight = 1;
  std::string basis;  // study or fabscope
};

struct ArchetypeStatement {
  std::string about, text_fr, text_en, source;
};

struct Archetype {
  std::string id, name_fr, name_en, summary_fr, summary_en;
  std::vector<ArchetypeStatement> statements;
  std::vector<ArchetypeFeature> features;
};

struct ArchetypeSet {
  std::vector<Archetype> archetypes;
  double min_coverage = 0.5, sure_margin = 0.2, probable_margin = 0.1;
  std::size_t min_variables = 2;
  std::string study;  // the public source the "study" statements come from
  // The archetype's name in `lang`, or `id` itself when no archetype has it.
  [[nodiscard]] std::string name(const std::string& id, Lang lang) const {
    for (const auto& a : archetypes) {
      if (a.id == id) return pick(lang, a.name_fr, a.name_en);
    }
    return id;
  }
};

// Throws InputError naming the file, the line and the key.
ArchetypeSet parse_archetypes(const std::string& toml, const std::string& label);
const ArchetypeSet& builtin_archetypes();  // data/archetypes.toml

// What is known of a unit: categories (kind, legal_form), sets (equipment, networks, offer,
// publics) and numbers (density_class, lq_be …). A variable absent here is unknown.
struct Profile {
  std::map<std::string, std::string> categories;
  std::map<std::string, std::set<std::string>> sets;
  std::map<std::string, double> numbers;  // NaN counts as unknown
};

struct Evidence {
  std::string variable, value, expected, basis;
  double similarity = 0, weight = 0;
};

struct ArchetypeFit {
  std::string id;
  double similarity = 0;  // weighted mean over the known variables
  double coverage = 0;    // known weight / total weight
  bool eligible = false;  // coverage and number of known variables reach the rules
  std::vector<Evidence> evidence;
  std::vector<std::string> unknown;
};

struct Assignment {
  std::string archetype;  // "" when not determinable
  std::string certainty;  // sure, probable, uncertain, not_determinable
  double similarity = 0, margin = 0, coverage = 0;
  std::vector<ArchetypeFit> fits;  // every archetype, nearest first
  std::string reason;              // why not determinable
};

Assignment assign(const ArchetypeSet& set, const Profile& unit);

// The profiles of a data set's rows: columns kind and legal_form are categories; equipment,
// networks, offer and publics are lists separated by ';' or '|'; numeric columns are numbers;
// an empty cell is unknown.
std::vector<Profile> profiles_of(const DataSet& data);

// A cluster's archetype: the one most of its determinable members map to, with the counts.
struct ClusterArchetype {
  int cluster = 0;
  std::string archetype;  // "" when no member is determinable
  std::size_t members = 0, determinable = 0, agreeing = 0;
  std::map<std::string, std::size_t> counts;
};
std::vector<ClusterArchetype> assign_clusters(const std::vector<int>& clust, const std::vector<Assignment>& units);

}  // namespace fabscope::analysis
