// Finding the same workshop listed by several sources (or twice in one): normalised name,
// distance, website. Pairs are merged when the evidence is strong, listed as candidates
// for review when it is not; a decisions file overrides both.
#pragma once

#include "core/message.hpp"

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"
#include "workshops/model.hpp"
#include "workshops/repository.hpp"

namespace fabscope::workshops {

struct DuplicateDecisions {
  std::vector<std::pair<std::string, std::string>> same, different;
  static DuplicateDecisions parse(const std::string& toml, const std::string& label);
  static DuplicateDecisions builtin();  // data/workshop_duplicates.toml
};

struct PairMatch {
  std::string a, b;
  std::string decision;  // merged, candidate, forced_same, forced_different
  double score = 0;      // name similarity
  std::optional<double> distance_km;
  Message reason;  // texts: duplicate_messages() (core/texts/workshops.hpp)
};

// Name tokens without accents, case, punctuation and generic words (fablab, lab, le…).
// `ignore`: further tokens to leave out (e.g. the city's name, which says nothing about
// whether two places in that city are the same).
std::set<std::string> name_tokens(std::string_view name, const std::set<std::string>& ignore = {});
// Overlap of the name tokens relative to the shorter name (0..1)…
double name_similarity(std::string_view a, std::string_view b, const std::set<std::string>& ignore = {});
// …and relative to both (Jaccard), to break ties between equally overlapping names.
double name_jaccard(std::string_view a, std::string_view b);
// "http://www.Fablab-Lannion.org/" -> "fablab-lannion.org"
std::string website_key(std::string_view url);

struct PlacedRecord {
  Workshop w;
  std::optional<std::string> commune;
};

// Pairs that match, and for each record the canonical id it merges into ("" = itself).
// Only pairs that can match are tested (neighbours within 5 km, same commune, same
// website, named in the decisions): about linear in the number of records.
std::vector<PairMatch> find_duplicates(const std::vector<PlacedRecord>& records, const DuplicateDecisions& decisions);
// The same by testing every pair (quadratic): the reference of the tests.
std::vector<PairMatch> find_duplicates_all_pairs(const std::vector<PlacedRecord>& records,
                                                 const DuplicateDecisions& decisions);

// Recomputes duplicates over the whole register in the store (pairs and merged_into), and
// with them the stored accessibility, whose supply is the distinct workshops.
std::vector<PairMatch> refresh_duplicates(store::Store& store, const DuplicateDecisions& decisions);

// One view of a merged workshop: the canonical record's fields, completed by the others',
// each field keeping its own provenance.
Workshop merge_records(const std::vector<Workshop>& members);

}  // namespace fabscope::workshops
