// The workbook of an evaluation (`fabscope evaluate --format xlsx`): the ranking in rank
// order (the unranked last) with every dimension's score and coverage, the indicator values
// (raw and normalised), the référentiel's definitions, the sources, and with Monte Carlo
// draws the rank and score intervals and the sensitivity indices.
#pragma once

#include <optional>
#include <vector>

#include "core/lang.hpp"
#include "io/xlsx_writer.hpp"
#include "referential/panel.hpp"
#include "referential/referential.hpp"
#include "referential/uncertainty.hpp"

namespace fabscope::report {

// The one table of an evaluation (CSV, JSON and the workbook's ranking sheet), in ranking
// order (Evaluation::ranking_node), the unranked last. Stable column ids:
//   rank, ranked_on, id, name, commune, level, then for the total and each dimension
//   <node>, <node>_p05, <node>_p95 (Monte Carlo, empty without it), <node>_coverage,
//   <node>_min_coverage, <node>_known, <node>_indicators, <node>_state, <node>_rank,
//   <node>_rank_p05, <node>_rank_p95, <node>_missing (ids of the scored indicators it lacks,
//   separated by spaces), then for each criterion <node> and <node>_coverage.
io::XlsxSheet ranking_table(const referential::Referential& r, const referential::Evaluation& e,
                            const std::optional<referential::UncertaintyResult>& unc, Lang lang);
std::string table_csv(const io::XlsxSheet& table);
// {"referential", "version", "ranked_on", "missing_in_score", "units": [{column: value}]}
// (with Monte Carlo: "assumptions" and "sensitivity" too).
std::string table_json(const referential::Referential& r, const referential::Evaluation& e,
                       const std::optional<referential::UncertaintyResult>& unc, const io::XlsxSheet& table);

std::vector<io::XlsxSheet> evaluation_sheets(const referential::Referential& r, const referential::Evaluation& e,
                                             const std::optional<referential::UncertaintyResult>& unc, Lang lang);

}  // namespace fabscope::report
