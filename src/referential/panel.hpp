// The panel of an evaluation: the distinct, placed workshops of the register, with the
// value of every indicator of the référentiel resolved from its source.
#pragma once

#include <string>
#include <vector>

#include "core/lang.hpp"
#include "referential/referential.hpp"
#include "referential/scoring.hpp"
#include "store/store.hpp"
#include "workshops/fit.hpp"

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

// `access`: the accessibility of every commune (workshops::access_context), for a caller that
// has it already; the overloads without it read it from the store.
Panel build_panel(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                  const PanelFilter& filter = {});
Panel build_panel(store::Store& store, const Referential& ref, const PanelFilter& filter = {});

// The panel scored: the one result type the CLI, the pages, the API and the reports read.
struct Evaluation {
  Panel panel;
  ScoringResult result;
  std::vector<std::string> nodes;  // node ids (criteria, dimensions, "total")

  [[nodiscard]] std::size_t total_node() const { return nodes.size() - 1; }
  [[nodiscard]] double score(std::size_t unit, std::size_t node) const {
    return result.score(unit, node, nodes.size());
  }
  [[nodiscard]] double total(std::size_t unit) const { return score(unit, total_node()); }
  [[nodiscard]] double coverage(std::size_t unit, std::size_t node) const {
    return result.coverage[unit * nodes.size() + node];
  }
  // The ranked units, best first (ties keep the panel's order); with `with_unranked`, the
  // units without a rank follow in the panel's order.
  [[nodiscard]] std::vector<std::size_t> ranking(bool with_unranked = false) const;
};

Evaluation evaluate(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                    const PanelFilter& filter = {});
Evaluation evaluate(store::Store& store, const Referential& ref, const PanelFilter& filter = {});

// The verbal level of a score (level_labels of the référentiel), "" when none.
std::string verbal_level(const Referential& ref, double score, Lang lang);

}  // namespace fabscope::referential
