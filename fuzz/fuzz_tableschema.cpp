// A CSV checked against a Table Schema (src/io/table_schema.cpp) and read as workshops in
// the national schema of lieux de médiation numérique (src/workshops/mediation.cpp), then
// exported back: any input is read or rejected with located problems, never a crash; the
// schema is fixed (a copy of the national one's patterns, types and constraints: a schema
// is a trusted file, its patterns are not fuzzed).
// Input: the CSV.
#include "fuzz.hpp"
#include "workshops/mediation.hpp"

using namespace fabscope;

namespace {
constexpr const char* kSchema =
    R"json({"name": "standard-mediation-num", "version": "fuzz", "primaryKey": "id", "fields": [
 {"name": "id", "type": "string", "constraints": {"required": true, "unique": true}},
 {"name": "pivot", "type": "string", "constraints": {"required": true, "pattern": "^[a-zA-Z0-9]{9,14}$"}},
 {"name": "nom", "type": "string", "constraints": {"required": true}},
 {"name": "commune", "type": "string", "constraints": {"required": true}},
 {"name": "code_postal", "type": "string", "constraints": {"required": true, "pattern": "^\\d{5}$"}},
 {"name": "adresse", "type": "string", "constraints": {"required": true}},
 {"name": "latitude", "type": "number"},
 {"name": "longitude", "type": "number"},
 {"name": "typologie", "type": "string"},
 {"name": "courriels", "type": "string"},
 {"name": "site_web", "type": "string"},
 {"name": "telephone", "type": "string", "constraints": {"pattern": "^(\\+33|\\+590|\\+594|\\+262)(\\d){6,9}$"}},
 {"name": "presentation_resume", "type": "string", "constraints": {"maxLength": 280}},
 {"name": "date_maj", "type": "date", "constraints": {"required": true}},
 {"name": "publics_specifiquement_adresses", "type": "string", "constraints": {"pattern": "(?:(?:^|\\|)(Jeunes|Étudiants|Familles et/ou enfants|Seniors|Femmes))+$"}},
 {"name": "frais_a_charge", "type": "string", "constraints": {"pattern": "(?:(?:^|\\|)(Gratuit|Gratuit sous condition|Payant))+$"}},
 {"name": "nombre", "type": "integer"},
 {"name": "actif", "type": "boolean"}]})json";
}  // namespace

FABSCOPE_FUZZ_TARGET(tableschema) {
  static const auto schema = io::parse_table_schema(kSchema, "fuzz-schema.json");
  fuzz::expect_located("tableschema", [&] {
    std::string vintage;
    const auto ws = workshops::parse_mediation(std::string(input), "fuzz.csv", schema, vintage);
    for (const auto& w : ws) {
      if (w.id.empty() || w.name.empty()) fuzz::fail("tableschema", "a workshop without an id or a name");
    }
    const auto e = workshops::export_mediation(ws, schema, "2026-12-06");
    if (e.rows.size() + e.left_out.size() != ws.size()) fuzz::fail("tableschema", "a workshop lost on export");
    (void)io::write_with_schema(e.rows, schema);
  });
}
