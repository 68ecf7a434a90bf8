// The codebook of qualitative coding derived from a référentiel (docs/collect/coding.md):
// themes = its dimensions, codes = their criteria, sub-codes = the indicators, each with its
// definition. Shared by `fabscope code codebook`, `code import` and the coding pages.
#pragma once

#include <string>
#include <vector>

#include "collect/coding.hpp"
#include "core/lang.hpp"
#include "referential/referential.hpp"

namespace fabscope::app {

std::vector<collect::CodebookCode> referential_codebook(const referential::Referential& ref, Lang lang);
// Every code id of a codebook, depth first.
std::vector<std::string> codebook_ids(const std::vector<collect::CodebookCode>& book);

}  // namespace fabscope::app
