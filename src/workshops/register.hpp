// The workshop register in the store: import a source (parse, place, replace that
// source's workshops atomically), list, show.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sources/catalog.hpp"
#include "store/store.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/model.hpp"
#include "workshops/placement.hpp"
#include "workshops/repository.hpp"

namespace fabscope::workshops {

struct PlacedWorkshop {
  Workshop workshop;
  Placement placement;
};

struct RegisterImportReport {
  std::string source;
  bool unchanged = false;
  std::size_t workshops = 0;
  std::map<std::string, std::size_t> by_method;  // placement method -> count
  std::size_t with_warnings = 0;
  std::vector<std::pair<std::string, std::string>> unplaced;  // id + name, reason
  std::vector<std::pair<std::string, std::string>> warnings;  // id + name, warning
  std::vector<Message> notes;                                 // about the inputs (texts: placement_messages())
};

struct RegisterImportOptions {
  std::filesystem::path data_dir;
  std::optional<std::filesystem::path> file;  // default: the catalog's file in data_dir
  bool force = false;
  bool verify_checksum = true;
  // A file with fewer than half the workshops the register has in the store is refused
  // (ShrinkError, nothing written) unless this is set (--allow-shrink).
  bool allow_shrink = false;
  std::optional<DuplicateDecisions> duplicates;  // default: data/workshop_duplicates.toml
};

// Workshops read from one source, ready to be placed and written.
struct RegisterBatch {
  std::string source, vintage, file_name, sha256;
  std::vector<Workshop> workshops;
};

// Places every workshop of the batch and replaces that source's workshops in one
// transaction, then refreshes duplicates and laureate matches.
RegisterImportReport write_register(store::Store& store, const sources::Catalog& catalog, const RegisterBatch& batch,
                                    const RegisterImportOptions& options);

// Reads the source, places every workshop, and replaces that source's workshops in one
// transaction. Unchanged file (same SHA-256 as last import) = no-op.
RegisterImportReport import_register(store::Store& store, const sources::Catalog& catalog, const std::string& source,
                                     const RegisterImportOptions& options);

// Imports any CSV/XLSX through a column mapping (workshops/mapped.hpp) as register `source`.
RegisterImportReport import_mapped(store::Store& store, const sources::Catalog& catalog, const std::string& source,
                                   const std::filesystem::path& file, const std::filesystem::path& mapping,
                                   const RegisterImportOptions& options);

std::string to_json(const Workshop& w);
Workshop workshop_from_json(const std::string& json);

}  // namespace fabscope::workshops
