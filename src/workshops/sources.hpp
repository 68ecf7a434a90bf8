// Importers of workshop registers: each reads a published list and returns workshops with
// the provenance of every field. They validate and never write; placement is separate.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "sources/catalog.hpp"
#include "workshops/model.hpp"

namespace fabscope::workshops {

struct RegisterSource {
  std::string_view dataset_id;
  std::string_view description;
  std::vector<Workshop> (*parse)(const std::filesystem::path& file, const sources::DatasetInfo& dataset);
};

// The one table of register importers.
const std::vector<RegisterSource>& register_sources();
const RegisterSource* find_register_source(std::string_view dataset_id);

std::vector<Workshop> parse_fablabs_io(const std::filesystem::path& file, const sources::DatasetInfo& dataset);
std::vector<Workshop> parse_maplabbzh(const std::filesystem::path& file, const sources::DatasetInfo& dataset);

}  // namespace fabscope::workshops
