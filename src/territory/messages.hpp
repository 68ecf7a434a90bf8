// French and English texts of the notes of an import: importers' summaries, COG
// reconciliation, aggregation, pipeline (core/message.hpp).
#pragma once

#include <vector>

#include "core/message.hpp"

namespace fabscope::territory {

const std::vector<MessageText>& import_messages();

}  // namespace fabscope::territory
