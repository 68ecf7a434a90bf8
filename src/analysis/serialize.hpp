// Results of the analyses as documents: JSON with FactoMineR's names (eig, ind.coord …), a
// tidy CSV (element, name, dim, value) and a text summary for the terminal.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "analysis/archetypes.hpp"
#include "analysis/famd.hpp"
#include "analysis/hcpc.hpp"
#include "analysis/matching.hpp"
#include "analysis/mca.hpp"
#include "analysis/pca.hpp"
#include "analysis/peers.hpp"
#include "analysis/qca.hpp"
#include "analysis/regression.hpp"

namespace fabscope::analysis {

nlohmann::ordered_json to_json(const PcaResult& r);
// One line per number: element (eig, ind.coord, var.cos2, quali.sup.v.test …), name (row,
// variable, category or "comp 1"), dim (Dim.1 … or eigenvalue / percent / cumulative, or
// dist), value with 15 significant digits.
std::string to_csv(const PcaResult& r);
// Eigenvalues and the first dimensions of variables, for people.
std::string to_text(const PcaResult& r);

// MCA: as the PCA's, with var.eta2, quali.sup.eta2 and eig.corrected (Benzécri, Greenacre).
nlohmann::ordered_json to_json(const McaResult& r);
std::string to_csv(const McaResult& r);
std::string to_text(const McaResult& r);

// FAMD: eig, ind, var (cor² or η²), quanti.var, quali.var.
nlohmann::ordered_json to_json(const FamdResult& r);
std::string to_csv(const FamdResult& r);
std::string to_text(const FamdResult& r);

// Regressions: coefficients (R's summary columns, intervals, odds ratios, bootstrap) and the
// fit; CSV: one line per coefficient.
nlohmann::ordered_json to_json(const RegressionResult& r);
std::string to_csv(const RegressionResult& r);
std::string to_text(const RegressionResult& r);

// HCPC: data.clust (name -> cluster), call.t (inert.gain, within, quot, nb.clust, min, max),
// the clusters' centres and sizes, desc.var (quanti), desc.ind (para, dist), stability.
nlohmann::ordered_json to_json(const Typology& t);
std::string to_csv(const HcpcResult& r);  // name,clust
inline std::string to_csv(const Typology& t) { return to_csv(t.clusters); }
std::string to_text(const Typology& t);

// QCA: truth_table (row, configuration, OUT, n, incl, PRI, cases), necessity (inclN, RoN,
// covN), solutions (conservative, parsimonious, intermediate: models M1 … with the terms'
// inclS, PRI, covS, covU and cases, SA, easy, difficult), warnings. CSV: one line per term
// and per model.
nlohmann::ordered_json to_json(const QcaResult& r);
std::string to_csv(const QcaResult& r);
std::string to_text(const QcaResult& r);

// Matching: MatchIt's names (model, caliper, nn, sum.all, sum.matched, effect, units),
// the statement and warnings; CSV: one line per unit (distance, weight, matched control).
nlohmann::ordered_json to_json(const MatchResult& r);
std::string to_csv(const MatchResult& r);
std::string to_text(const MatchResult& r);

// Archetypes: each unit's archetype, certainty and evidence (JSON: every archetype's fit).
struct ArchetypeReport {
  const ArchetypeSet* set = nullptr;
  std::vector<std::string> names;
  std::vector<Assignment> assignments;
};
nlohmann::ordered_json to_json(const ArchetypeReport& r);
std::string to_csv(const ArchetypeReport& r);
std::string to_text(const ArchetypeReport& r);

// Peers: each unit's peers, percentiles and territorial fit; `only` keeps one unit ("" all).
nlohmann::ordered_json to_json(const PeerResult& r, const std::string& only = "");
std::string to_csv(const PeerResult& r, const std::string& only = "");
std::string to_text(const PeerResult& r, const std::string& only = "");

}  // namespace fabscope::analysis
