// The national standard of lieux de médiation numérique (LaMednum / ANCT, Table Schema
// "standard-mediation-num", the format of ANCT's national map): the register imports a
// file in this schema, checked field by field, and exports its workshops in it
// (docs/commands/workshops-export.md).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/table_schema.hpp"
#include "sources/catalog.hpp"
#include "store/store.hpp"
#include "workshops/model.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {

// The register id of workshops imported from a file in the schema.
inline constexpr std::string_view kMediationSource = "mediation_numerique";
// Where the schema is read from in the data directory.
inline constexpr std::string_view kMediationSchemaPath = "reference/mediation_schema/schema.json";

io::TableSchema mediation_schema(const std::filesystem::path& data_dir);

// The workshops of a CSV in the schema (every row checked first: InputError with each
// problem at its line and column). Every field is also kept as given in Workshop::extra
// ("mediation:<field>"), so that the export gives the same values back. `vintage`: the
// latest date_maj.
std::vector<Workshop> parse_mediation(const std::string& csv, const std::string& label, const io::TableSchema& schema,
                                      std::string& vintage);

// Reads `file`, places the workshops and replaces the register mediation_numerique.
RegisterImportReport import_mediation(store::Store& store, const sources::Catalog& catalog,
                                      const std::filesystem::path& file, const RegisterImportOptions& options);

struct MediationExport {
  std::vector<io::SchemaRow> rows;                            // valid in the schema
  std::vector<std::pair<std::string, std::string>> left_out;  // workshop id, why (field: problem)
};

// Each workshop as a row of the schema: its own values when it came from a file in the
// schema, else built from the register's fields (docs/commands/workshops-export.md); a row that
// the schema would refuse (no SIRET/RNA for `pivot`, no address…) is left out with why.
// `today`: date_maj of the rows built by fabscope (YYYY-MM-DD).
MediationExport export_mediation(const std::vector<Workshop>& workshops, const io::TableSchema& schema,
                                 const std::string& today);

}  // namespace fabscope::workshops
