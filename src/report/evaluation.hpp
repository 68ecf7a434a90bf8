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

std::vector<io::XlsxSheet> evaluation_sheets(const referential::Referential& r, const referential::Evaluation& e,
                                             const std::optional<referential::UncertaintyResult>& unc, Lang lang);

}  // namespace fabscope::report
