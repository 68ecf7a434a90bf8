// Peers and territorial fit (docs/analysis/peers.md): for each workshop its k most similar
// workshops on its model and its territory (a Gower distance), its percentile among them on
// each indicator, and how typical its territory is of the workshops of its archetype. Pure.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"

namespace fabscope::analysis {

struct PeerInput {
  std::vector<std::string> names;
  std::vector<std::string> kind;                 // "" unknown; empty vector: not used
  std::vector<std::set<std::string>> equipment;  // empty set unknown; empty vector: not used
  std::vector<std::string> territory_names;
  std::vector<std::vector<double>> territory;  // [variable][unit], NaN unknown
  std::vector<std::string> indicator_names;
  std::vector<std::vector<double>> indicators;  // [indicator][unit], NaN unknown
  std::vector<std::string> archetype;           // "" unknown; empty vector: no fit
};

struct PeerOptions {
  std::size_t k = 5;
  double model_weight = 1, territory_weight = 1;
};

struct Peer {
  std::size_t unit = 0;
  double distance = 0, model = 0, territory = 0;  // a part NaN when undefined
};

struct UnitPeers {
  std::vector<Peer> peers;
  std::vector<double> percentile;               // per indicator, NaN when undefined
  double fit_distance = 0, fit_percentile = 0;  // NaN when undefined
  std::size_t same_archetype = 0;               // the others of its archetype
};

struct PeerResult {
  PeerInput input;
  PeerOptions options;
  std::vector<UnitPeers> units;
};

PeerResult peers(PeerInput input, const PeerOptions& options);

// The input from a data set: model columns kind (category) and equipment (';' or '|' list),
// territory and indicator columns by name (numbers), the archetype column (category).
PeerInput peer_input(const DataSet& data, const std::vector<std::string>& model,
                     const std::vector<std::string>& territory, const std::vector<std::string>& indicators,
                     const std::string& archetype);

}  // namespace fabscope::analysis
