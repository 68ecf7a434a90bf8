// Archetypes: the built-in file parses (six archetypes, every statement sourced); a unit maps
// to the nearest archetype with its evidence; contradicting and missing variables; "not
// determinable"; clusters by their members; broken files are errors naming line and key.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/archetypes.hpp"
#include "support/test_support.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

std::string error_of(const std::string& toml) {
  return test::error_text([&] { (void)analysis::parse_archetypes(toml, "a.toml"); });
}

TEST(Archetypes, BuiltinFileHasTheStudysSix) {
  const auto& set = analysis::builtin_archetypes();
  ASSERT_EQ(set.archetypes.size(), 6U);
  EXPECT_EQ(set.archetypes[0].id, "mediation");
  EXPECT_EQ(set.archetypes[5].id, "training_space");
  EXPECT_NE(set.study.find("La dynamique des ateliers de fabrication numérique en France"), std::string::npos);
  for (const auto& a : set.archetypes) {
    EXPECT_FALSE(a.statements.empty()) << a.id;
    for (const auto& f : a.features) EXPECT_TRUE(f.basis == "study" || f.basis == "fabscope") << a.id;
  }
}

TEST(Archetypes, NearestArchetypeWithItsEvidence) {
  const auto& set = analysis::builtin_archetypes();
  analysis::Profile fablab;
  fablab.categories["kind"] = "fablab";
  fablab.sets["equipment"] = {"3d_printing", "laser_cutting", "electronics"};
  fablab.numbers["density_class"] = 2;
  const auto a = analysis::assign(set, fablab);
  EXPECT_EQ(a.archetype, "generic_fablab");
  EXPECT_EQ(a.certainty, "sure");
  // kind 1 (weight 3), equipment Jaccard 3/5 (weight 1), networks unknown: (3 + 0.6) / 4.
  EXPECT_NEAR(a.similarity, 3.6 / 4, 1e-12);
  EXPECT_NEAR(a.coverage, 4 / 4.5, 1e-12);
  ASSERT_EQ(a.fits.front().evidence.size(), 2U);
  EXPECT_EQ(a.fits.front().evidence[1].variable, "equipment");
  EXPECT_NEAR(a.fits.front().evidence[1].similarity, 0.6, 1e-12);
  EXPECT_EQ(a.fits.front().unknown, std::vector<std::string>{"networks"});

  // A company workshop in an industrial EPCI with professional machines.
  analysis::Profile office;
  office.categories["kind"] = "company_workshop";
  office.sets["equipment"] = {"cnc_milling", "precision_milling", "laser_cutting"};
  office.numbers["lq_be"] = 1.5;
  office.numbers["density_class"] = 3;
  const auto o = analysis::assign(set, office);
  EXPECT_EQ(o.archetype, "design_office");
  // kind 3×1, equipment 3/7, lq_be 1 (inside 1.2–10); offer and legal form unknown.
  EXPECT_NEAR(o.similarity, (3 + 3.0 / 7 + 1) / 5, 1e-12);

  // A tiers-lieu in a rural commune (density class 6): village 4.0; in a dense one it stays
  // the nearest but the density counts against it.
  analysis::Profile village;
  village.categories["kind"] = "tiers_lieu";
  village.numbers["density_class"] = 6;
  EXPECT_NEAR(analysis::assign(set, village).similarity, 1.0, 1e-12);
  village.numbers["density_class"] = 1;
  const auto v = analysis::assign(set, village);
  EXPECT_EQ(v.archetype, "village_4_0");
  EXPECT_NEAR(v.similarity, 3.0 / 4, 1e-12);  // density 3 below the range, scale 3: 0
}

TEST(Archetypes, TooLittleKnownIsNotDeterminable) {
  const auto& set = analysis::builtin_archetypes();
  analysis::Profile only_kind;
  only_kind.categories["kind"] = "fablab";
  const auto a = analysis::assign(set, only_kind);
  EXPECT_EQ(a.certainty, "not_determinable");
  EXPECT_TRUE(a.archetype.empty());
  EXPECT_NE(a.reason.find("1 of the"), std::string::npos) << a.reason;
  analysis::Profile numbers;
  numbers.numbers["density_class"] = 3;
  numbers.numbers["lq_be"] = 0.8;
  const auto b = analysis::assign(set, numbers);
  EXPECT_EQ(b.certainty, "not_determinable");
  EXPECT_NE(b.reason.find("carry 50 % of its weight"), std::string::npos) << b.reason;
}

TEST(Archetypes, ClustersTakeTheirMembersMajority) {
  std::vector<analysis::Assignment> units(5);
  units[0].archetype = "generic_fablab";
  units[1].archetype = "generic_fablab";
  units[2].archetype = "mediation";
  units[3].archetype = "";
  units[4].archetype = "mediation";
  const auto c = analysis::assign_clusters({1, 1, 1, 1, 2}, units);
  ASSERT_EQ(c.size(), 2U);
  EXPECT_EQ(c[0].archetype, "generic_fablab");
  EXPECT_EQ(c[0].members, 4U);
  EXPECT_EQ(c[0].determinable, 3U);
  EXPECT_EQ(c[0].agreeing, 2U);
  EXPECT_EQ(c[1].archetype, "mediation");
}

TEST(Archetypes, CsvProfilesSplitLists) {
  const auto d = analysis::read_csv(
      "name,kind,equipment,density_class\na,fablab,3d_printing; laser_cutting|electronics,2\n"
      "b,,,\n",
      "t.csv");
  const auto p = analysis::profiles_of(d);
  ASSERT_EQ(p.size(), 2U);
  EXPECT_EQ(p[0].categories.at("kind"), "fablab");
  EXPECT_EQ(p[0].sets.at("equipment"), (std::set<std::string>{"3d_printing", "electronics", "laser_cutting"}));
  EXPECT_EQ(p[0].numbers.at("density_class"), 2);
  EXPECT_TRUE(p[1].categories.empty());
  EXPECT_TRUE(p[1].numbers.empty());
}

TEST(Archetypes, BrokenFilesNameLineAndKey) {
  const std::string head = "[[archetype]]\nid = \"a\"\nname_fr = \"A\"\nname_en = \"A\"\n";
  EXPECT_NE(error_of(head + "  [[archetype.feature]]\n  variable = \"kind\"\n  match = \"near\"\n  values = [\"x\"]\n  "
                            "basis = \"study\"\n")
                .find("a.toml:5 (archetype[0].feature[0].match): 'near' is not a match"),
            std::string::npos)
      << error_of(head + "  [[archetype.feature]]\n  variable = \"kind\"\n  match = \"near\"\n");
  EXPECT_NE(error_of(head + "  [[archetype.feature]]\n  variable = \"colour\"\n  match = \"set\"\n  values = [\"x\"]\n "
                            " basis = \"study\"\n")
                .find("'colour' is not a categorical or set variable"),
            std::string::npos);
  EXPECT_NE(error_of(head + "  [[archetype.feature]]\n  variable = \"lq_be\"\n  match = \"range\"\n  min = 2\n  max = "
                            "1\n  basis = \"fabscope\"\n")
                .find("min <= max"),
            std::string::npos);
  EXPECT_NE(error_of("[[archetype]]\nid = \"a\"\n").find("needs an id, a name_fr and a name_en"), std::string::npos);
  EXPECT_NE(error_of(head + "  [[archetype.statement]]\n  text_fr = \"x\"\n  text_en = \"x\"\n").find("its source"),
            std::string::npos);
}

}  // namespace
}  // namespace fabscope
