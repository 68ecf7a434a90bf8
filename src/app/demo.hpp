// The demonstration campaign (docs/collect/demo.md): real survey answers are not public,
// so `fabscope demo` fills a campaign with FICTITIOUS answers from a seeded generator,
// conditioned on the real workshops (kind, opening year) and their territories (population
// within 30 km, density, industry), so that the pages, the scores and the analyses have
// something to show. Every answer is stored with fictitious = 1 and origin "demo", and
// every page and export built on them says so.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "store/store.hpp"

namespace fabscope::app {

struct DemoOptions {
  std::filesystem::path instruments = "data/instruments";  // the default questionnaires
  std::uint64_t seed = 20261207;
  std::size_t workshops = 60;                // invited (the placed workshops, in a seeded order)
  double response_rate = 0.7;                // share of the invited managers who answer
  std::size_t users_min = 3, users_max = 8;  // user questionnaires per answering workshop
  std::string campaign = "Démonstration (réponses fictives)";
};

struct DemoResult {
  bool already = false;  // the campaign exists: nothing was added
  std::size_t invited = 0, managers = 0, users = 0, documents = 0;
};

// Adds the campaign and its answers in one transaction. Throws Error(missing_data) when the
// register has no placed workshop or the questionnaires are not in `instruments`.
DemoResult make_demo(store::Store& store, const DemoOptions& options);

}  // namespace fabscope::app
