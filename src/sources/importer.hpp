// Importers of official datasets: each parses and validates a whole file as published,
// reports every problem as file:line:column, and fills its part of TerritorySources. An
// importer never touches the store: the caller writes what it returns in one transaction.
#pragma once

#include "core/message.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sources/records.hpp"

namespace fabscope::sources {

struct ImportSummary {
  std::size_t rows = 0;        // rows (or entries) read
  std::vector<Message> notes;  // what a user should know (skipped rows…); texts: territory::import_messages()
};

struct Importer {
  std::string_view dataset_id;   // catalog id
  std::string_view description;  // one line, English
  ImportSummary (*parse)(const std::filesystem::path& file, TerritorySources& out);
};

// The one table of importers (registry.cpp), in import order.
const std::vector<Importer>& importers();
const Importer* find_importer(std::string_view dataset_id);

// Parsers, one per dataset (one file each).
ImportSummary parse_cog_etalab(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_grille_densite(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_appartenance(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_comparateur(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_laposte(const std::filesystem::path& file, TerritorySources& out);

// Shared validation helpers.
bool is_commune_code(std::string_view code);  // 5 characters: digits, or 2A/2B + 3 digits
bool is_digits(std::string_view s, std::size_t n);

}  // namespace fabscope::sources
