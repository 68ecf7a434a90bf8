// The panel of an evaluation: the distinct, placed workshops of the register, with the
// value of every indicator of the référentiel resolved from its source.
#pragma once

#include <string>
#include <vector>

#include "referential/referential.hpp"
#include "referential/scoring.hpp"
#include "store/store.hpp"

namespace fabscope::referential {

struct PanelUnit {
  std::string id, name, commune, commune_name, kind;
};

struct Panel {
  std::vector<PanelUnit> units;
  std::vector<double> values;          // units × indicators; NaN = missing
  std::vector<std::size_t> with_data;  // per indicator: units with a value
};

struct PanelFilter {
  std::string source;  // only workshops of this register ("" = all)
  std::string dep;     // only this département
};

Panel build_panel(store::Store& store, const Referential& ref, const PanelFilter& filter = {});

struct Evaluation {
  Panel panel;
  ScoringResult result;
  std::vector<std::string> nodes;  // node ids (criteria, dimensions, "total")
};

Evaluation evaluate(store::Store& store, const Referential& ref, const PanelFilter& filter = {});

// The verbal level of a score (level_labels of the référentiel), "" when none.
std::string verbal_level(const Referential& ref, double score, bool fr);

}  // namespace fabscope::referential
