// Importing the official datasets into the store and rebuilding the indicators: the one
// operation behind `fabscope import` and the main job.
#pragma once

#include "core/message.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "sources/catalog.hpp"
#include "store/store.hpp"

namespace fabscope::pipeline {

struct ImportOptions {
  std::filesystem::path data_dir;
  std::vector<std::string> datasets;  // empty = every dataset that has an importer
  bool force = false;                 // re-import even when the file is unchanged
  bool verify_checksum = true;        // refuse a file whose SHA-256 differs from the catalog
  unsigned threads = 0;               // 0 = hardware concurrency
  // A dataset whose new file has fewer than half the rows it has in the store is refused
  // (ShrinkError, nothing written) unless this is set (--allow-shrink).
  bool allow_shrink = false;
};

// absent: an optional dataset whose file is not in the data directory (a note says so).
enum class Outcome { imported, unchanged, absent };

struct DatasetReport {
  std::string id;
  Outcome outcome = Outcome::unchanged;
  std::int64_t rows = 0;
  double seconds = 0;
  std::string sha256;
  std::vector<Message> notes;  // texts: territory::import_messages()
};

struct ImportReport {
  std::vector<DatasetReport> datasets;
  bool indicators_rebuilt = false;
  double indicator_seconds = 0;
  double total_seconds = 0;
  std::vector<std::size_t> units_per_level;  // by territory::Level
  std::size_t values_computed = 0;           // non-missing indicator values, all levels
  std::vector<Message> notes;                // texts: territory::import_messages()
  // Wall time of each phase: checksums, parse, write, indicators, commit.
  std::vector<std::pair<std::string, double>> phases;
};

// Parses every requested file (in parallel), then writes all of them and the rebuilt
// indicators in one transaction: if any file is bad, nothing in the store changes.
ImportReport import_datasets(store::Store& store, const sources::Catalog& catalog, const ImportOptions& options);

}  // namespace fabscope::pipeline
