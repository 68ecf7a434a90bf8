// The national Table Schema of lieux de médiation numérique (../shared/data/reference/
// mediation_schema): the valid example read field by field and round-tripped through the
// register's model, every kind of invalid value located at its line and column, and the
// export of workshops of other registers (what the schema would refuse is left out, with why).
#include <gtest/gtest.h>

#include "support/test_support.hpp"
#include "workshops/mediation.hpp"

namespace fabscope {
namespace {

std::string example() { return test::read_file(test::data_dir() / "reference/mediation_schema/exemple-valide.csv"); }

TEST(MediationSchema, ReadsTheNationalSchema) {
  const auto schema = workshops::mediation_schema(test::data_dir());
  EXPECT_EQ(schema.name, "standard-mediation-num");
  EXPECT_EQ(schema.version, "v1.0.2");
  EXPECT_EQ(schema.fields.size(), 32U);
  EXPECT_EQ(schema.primary_key, "id");
  const auto* pivot = schema.field("pivot");
  ASSERT_NE(pivot, nullptr);
  EXPECT_TRUE(pivot->required);
  EXPECT_EQ(pivot->pattern, "^[a-zA-Z0-9]{9,14}$");
  EXPECT_EQ(schema.field("presentation_resume")->max_length, 280U);
  EXPECT_EQ(schema.field("date_maj")->type, "date");
}

TEST(MediationSchema, ValidExampleRoundTrips) {
  const auto schema = workshops::mediation_schema(test::data_dir());
  std::string vintage;
  const auto ws = workshops::parse_mediation(example(), "exemple-valide.csv", schema, vintage);
  ASSERT_EQ(ws.size(), 1U);
  const auto& w = ws.front();
  EXPECT_EQ(vintage, "2024-04-02");
  EXPECT_EQ(w.id, "mediation_numerique:structure-1");
  EXPECT_EQ(w.name, "Anonymal");
  EXPECT_EQ(w.postcode, "51100");
  EXPECT_EQ(w.email, "contact@laquincaillerie.tl");
  EXPECT_EQ(w.kind, "tiers_lieu");  // typologie TIERS_LIEUX|ASSO
  EXPECT_EQ(w.publics, (std::set<std::string>{"young_people", "women"}));
  ASSERT_TRUE(w.latitude.has_value());
  EXPECT_DOUBLE_EQ(*w.latitude, 43.52609);
  EXPECT_EQ(w.provenance.at("name").date, "2024-04-02");
  // Through the register's JSON and back out in the schema: the same values, field by field.
  const auto stored = workshops::workshop_from_json(workshops::to_json(w));
  const auto e = workshops::export_mediation({stored}, schema, "2026-12-06");
  ASSERT_EQ(e.rows.size(), 1U);
  EXPECT_TRUE(e.left_out.empty());
  const auto again = io::read_with_schema(io::write_with_schema(e.rows, schema), "export.csv", schema);
  const auto original = io::read_with_schema(example(), "exemple-valide.csv", schema);
  EXPECT_EQ(again.front().values, original.front().values);
}

TEST(MediationSchema, InvalidValuesAreLocated) {
  const auto schema = workshops::mediation_schema(test::data_dir());
  const std::string csv =
      "id,pivot,nom,commune,code_postal,adresse,date_maj,telephone,presentation_resume,frais_a_charge,colonne\n"
      "a,123,Lieu A,Lannion,2230,1 rue X,2024-02-30,0296000000," +
      std::string(281, 'x') +
      ",Gratuit,\n"
      "a,12345678901234,,Lannion,22300,1 rue X,2024-01-15,+33296000000,,Payant|Cher,\n";
  std::string all;
  try {
    (void)io::read_with_schema(csv, "lieux.csv", schema);
  } catch (const InputError& e) {
    for (const auto& p : e.problems()) all += p.to_string() + "\n";
  }
  EXPECT_NE(all.find("lieux.csv:1:11 (colonne): « colonne » is not a field of the schema standard-mediation-num"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("lieux.csv:2:2 (pivot): « 123 » does not match ^[a-zA-Z0-9]{9,14}$"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:2:5 (code_postal): « 2230 » does not match"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:2:7 (date_maj): « 2024-02-30 » is not a date (YYYY-MM-DD)"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:2:8 (telephone): « 0296000000 » does not match"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:2:9 (presentation_resume): 281 characters, at most 280"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:3:1 (id): « a » appears twice (unique)"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:3:3 (nom): required, empty"), std::string::npos) << all;
  EXPECT_NE(all.find("lieux.csv:3:10 (frais_a_charge): « Payant|Cher » does not match"), std::string::npos) << all;
  // A value far longer than any place's is refused before its pattern is tried (std::regex
  // recurses along the text).
  const auto long_value = io::check_value(*schema.field("services"), std::string(100'000, 'a'));
  EXPECT_EQ(long_value.substr(0, 40), "100000 bytes, too long to check against ");
  // A file without a required column says which.
  try {
    (void)io::read_with_schema("id,nom\nx,y\n", "short.csv", schema);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.problems().front().to_string(), "short.csv:1 (pivot): a required field has no column");
  }
}

TEST(MediationSchema, OtherRegistersAreExportedWhenTheSchemaAcceptsThem) {
  const auto schema = workshops::mediation_schema(test::data_dir());
  workshops::Workshop w;
  w.id = "fablabs_io:lab";
  w.source = "fablabs_io_fr_2017";
  w.name = "Lab";
  w.city = "Lannion";
  w.postcode = "22300";
  w.address = "1 rue de la Mer";
  w.phone = "02 96 00 00 00";
  w.kind = "fablab";
  w.description = std::string(400, 'a');
  const auto e = workshops::export_mediation({w}, schema, "2026-12-06");
  ASSERT_TRUE(e.rows.empty());
  ASSERT_EQ(e.left_out.size(), 1U);
  EXPECT_EQ(e.left_out.front().second, "pivot: required, empty");  // the phone and summary were made valid
  w.extra["mediation:pivot"] = "unused";  // only a workshop imported from the schema keeps its fields
  EXPECT_EQ(workshops::export_mediation({w}, schema, "2026-12-06").left_out.size(), 1U);
}

}  // namespace
}  // namespace fabscope
