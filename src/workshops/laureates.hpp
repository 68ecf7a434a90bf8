// The 2013 call's laureates (data/laureates_2013.toml), matched to register entries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "workshops/repository.hpp"

namespace fabscope::workshops {

struct Laureate {
  std::string id, name, carrier, commune, departement;
  std::vector<std::string> aliases, register_ids;
  bool mobile = false;
};

struct LaureateMatch {
  std::string laureate_id;
  std::optional<std::string> workshop_id;  // distinct (canonical) register entry
  double score = 0;
  std::string method;  // confirmed (listed in the file), name_in_commune, name_in_departement, none
  std::string note;
};

std::vector<Laureate> parse_laureates(const std::string& toml, const std::string& label);
const std::vector<Laureate>& builtin_laureates();

// Matches every laureate to the register in the store and records the result.
std::vector<LaureateMatch> match_laureates(store::Store& store, const std::vector<Laureate>& laureates);

}  // namespace fabscope::workshops
