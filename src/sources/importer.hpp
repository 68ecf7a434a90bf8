// Importers of official datasets, one table of them (registry.cpp). Each dataset parses
// and validates a whole file as published (every problem as file:line:column), owns its
// tables in the store (writes them, reads them back) and, when it is an input of the
// territorial indicators, fills its part of TerritorySources. Parsing never touches the
// store: the pipeline writes every parsed dataset in one transaction.
//
// Adding a dataset: one file here (its parser, its Dataset and its make function, its
// tables' CREATE statements as `schema`), one line in registry.cpp, its entry in
// data/catalog.toml (docs/architecture.md, "Adding a dataset").
#pragma once

#include "core/message.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstddef>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sources/records.hpp"
#include "store/store.hpp"

namespace fabscope::sources {

struct ImportSummary {
  std::size_t rows = 0;        // rows (or entries) read
  std::vector<Message> notes;  // what a user should know (skipped rows…); texts: territory::import_messages()
};

// One import of one dataset: parse() on a worker thread, then write() in the store's
// transaction; load() reads its tables back instead of the file.
class Dataset {
 public:
  // `file` is the catalog's path in the data directory: a file, or a directory for a
  // dataset published as several files (its checksum covers every file, core/sha256.hpp).
  Dataset() = default;
  virtual ~Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  virtual ImportSummary parse(const std::filesystem::path& file) = 0;
  // Fills its tables, which the store has just emptied.
  virtual void write(SQLite::Database& db) const = 0;
  virtual void load(SQLite::Database& db) = 0;
};

struct Importer {
  std::string_view dataset_id;      // catalog id
  std::string_view description;     // one line, English
  std::vector<std::string> tables;  // the store tables it owns
  // CREATE TABLE IF NOT EXISTS statements of its tables when they are not in the store's
  // migrations (datasets added since schema 3); empty otherwise.
  std::string_view schema;
  bool indicator_input = false;  // read by the territorial indicators (TerritorySources)
  // A dataset that reads into (and writes from) its part of `territory` when it is an
  // indicator input; other datasets keep their rows themselves.
  std::unique_ptr<Dataset> (*make)(TerritorySources& territory) = nullptr;
  // An optional dataset whose file (or directory) is absent is left out with a note
  // instead of failing the import (the commune polygons: maps of all France).
  bool optional = false;
};

// The Dataset of an indicator input: its rows are its part of TerritorySources, and its
// parse, write and load are three functions over that part.
class TerritoryDataset final : public Dataset {
 public:
  using Parse = ImportSummary (*)(const std::filesystem::path&, TerritorySources&);
  using Write = void (*)(SQLite::Database&, const TerritorySources&);
  using Load = void (*)(SQLite::Database&, TerritorySources&);
  TerritoryDataset(TerritorySources& territory, Parse parser, Write writer, Load loader)
      : m_territory(territory), m_parse(parser), m_write(writer), m_load(loader) {}
  ImportSummary parse(const std::filesystem::path& file) override { return m_parse(file, m_territory); }
  void write(SQLite::Database& db) const override { m_write(db, m_territory); }
  void load(SQLite::Database& db) override { m_load(db, m_territory); }

 private:
  TerritorySources& m_territory;
  Parse m_parse;
  Write m_write;
  Load m_load;
};

// The one table of importers (registry.cpp), in import order.
const std::vector<Importer>& importers();
const Importer* find_importer(std::string_view dataset_id);

// Reads back every table the territorial indicators need (for recomputing them without
// re-reading the files).
TerritorySources load_territory(store::Store& store);
// The COG 2026 communes, communes déléguées/associées and arrondissements, from the store.
std::vector<CogCommune> load_cog_communes(store::Store& store);

// Parsers of the indicator inputs, one per dataset (one file each), and the makers of
// every dataset.
ImportSummary parse_cog_etalab(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_grille_densite(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_appartenance(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_comparateur(const std::filesystem::path& file, TerritorySources& out);
ImportSummary parse_laposte(const std::filesystem::path& file, TerritorySources& out);
std::unique_ptr<Dataset> make_cog_etalab(TerritorySources& territory);
std::unique_ptr<Dataset> make_grille_densite(TerritorySources& territory);
std::unique_ptr<Dataset> make_appartenance(TerritorySources& territory);
std::unique_ptr<Dataset> make_comparateur(TerritorySources& territory);
std::unique_ptr<Dataset> make_laposte(TerritorySources& territory);
std::unique_ptr<Dataset> make_france_services(TerritorySources& territory);
std::unique_ptr<Dataset> make_ign_communes(TerritorySources& territory);

// Shared validation helpers.
bool is_commune_code(std::string_view code);  // 5 characters: digits, or 2A/2B + 3 digits
bool is_digits(std::string_view s, std::size_t n);

}  // namespace fabscope::sources
