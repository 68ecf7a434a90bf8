// The evaluation panel as the analyses read it (`fabscope analyze … --panel`,
// docs/analysis/panel.md): one row per distinct placed workshop, named by its id.
#pragma once

#include <string>

#include "analysis/archetypes.hpp"
#include "analysis/dataset.hpp"
#include "analysis/peers.hpp"
#include "referential/panel.hpp"
#include "store/store.hpp"

namespace fabscope::referential {

// Columns: kind (categorical), laureate_2013 (1 for a workshop matched to a laureate of the
// 2013 call, else 0), the territorial context (kContext), every indicator of the référentiel
// known for at least half of the workshops (its id), and the scores (score_<dimension>,
// score_total; empty when not evaluable).
analysis::DataSet analysis_panel(store::Store& store, const Referential& ref, const Evaluation& e);

// What the archetypes can read of a workshop: kind, legal_form; equipment, networks, offer,
// publics (when known); its commune's context numbers.
analysis::Profile profile_of(const PanelUnit& unit);

// Each panel unit's archetype (the built-in archetypes).
std::vector<analysis::Assignment> panel_archetypes(const Evaluation& e);

// The peers' input on the panel: model = kind and equipment of the records, territory = the
// context variables, indicators = every other number of `data` (analysis_panel) but
// laureate_2013, archetype = `archetypes` (panel_archetypes).
analysis::PeerInput panel_peer_input(const Evaluation& e, const analysis::DataSet& data,
                                     const std::vector<analysis::Assignment>& archetypes);

}  // namespace fabscope::referential
