// The one table of workshop fields: every member of Workshop is in it once, JSON goes
// through it both ways without loss, and the référentiel's workshop sources come from it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "referential/referential.hpp"
#include "workshops/fields.hpp"
#include "workshops/mapped.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {
namespace {

Workshop full_workshop() {
  Workshop w;
  w.id = "manual:1";
  w.source = "manual";
  w.source_key = "1";
  w.name = "Atelier complet";
  w.aliases = {"AC", "L'atelier"};
  w.website = "https://example.org";
  w.address = "1 rue de la Forge";
  w.postcode = "22300";
  w.city = "Lannion";
  w.email = "a@example.org";
  w.phone = "02 00 00 00 00";
  w.latitude = 48.73;
  w.longitude = -3.46;
  w.opening_year = 2014;
  w.closing_year = 2020;
  w.status = "closed";
  w.networks = {"fab_charter", "maplabbzh"};
  w.laureate_2013 = true;
  w.kind = "fablab";
  w.kind_in_source = "Fab Lab";
  w.surface_m2 = 250.5;
  w.opening_hours = "Mo-Fr 09:00-18:00";
  w.capacity = 20;
  w.equipment = std::set<std::string>{"3d_printing", "laser_cutting"};
  w.staff_fte = 2.5;
  w.volunteers = 12;
  w.has_fabmanager = false;
  w.budget_eur = 150000;
  w.revenues_eur = {{"public_subsidies", 90000}, {"services", 60000}};
  w.business_model = "associatif";
  w.offer = std::set<std::string>{"open_access", "training"};
  w.publics = std::set<std::string>{"students"};
  w.legal_form = "association";
  w.governance = "collégiale";
  w.description = "Un atelier « complet », avec des guillemets \" et des accents.";
  w.set_source("surface_m2", {"manual", "2026-12-06"});
  return w;
}

TEST(WorkshopFields, IdsAreUniqueAndLabelled) {
  std::set<std::string_view> ids;
  for (const auto& f : workshop_fields()) {
    EXPECT_TRUE(ids.insert(f.id).second) << f.id;
    EXPECT_FALSE(f.label_fr.empty()) << f.id;
    EXPECT_FALSE(f.label_en.empty()) << f.id;
  }
  EXPECT_EQ(ids.size(), 35U);
  EXPECT_EQ(find_field("surface_m2")->unit_fr, "m²");
  EXPECT_EQ(field_label("capacity", Lang::fr), "Capacité d'accueil (personnes)");
  EXPECT_EQ(field_label("staff_fte", Lang::en), "Paid staff (FTE)");
  EXPECT_EQ(field_label("kind", Lang::en), "Kind");
  EXPECT_EQ(find_field("nope"), nullptr);
}

// Every field set, through the JSON of the register and back: nothing lost, and each
// field's id is the JSON key.
TEST(WorkshopFields, JsonRoundTripsEveryField) {
  const auto w = full_workshop();
  const auto json = to_json(w);
  for (const auto& f : workshop_fields()) {
    EXPECT_NE(json.find("\"" + std::string(f.id) + "\":"), std::string::npos) << f.id;
  }
  const auto back = workshop_from_json(json);
  EXPECT_EQ(to_json(back), json);
  EXPECT_EQ(back.aliases, w.aliases);
  EXPECT_EQ(back.revenues_eur, w.revenues_eur);
  EXPECT_EQ(*back.equipment, *w.equipment);
  EXPECT_EQ(*back.has_fabmanager, false);
  EXPECT_EQ(*back.opening_year, 2014);
  EXPECT_EQ(back.provenance.at("surface_m2").date, "2026-12-06");
  // Unknown stays unknown (absent keys), never a default.
  Workshop empty;
  empty.id = "x:1";
  empty.source = "x";
  empty.source_key = "1";
  empty.name = "X";
  EXPECT_EQ(to_json(empty), R"({"id":"x:1","source":"x","source_key":"1","name":"X","provenance":{}})");
  const auto e = workshop_from_json(to_json(empty));
  EXPECT_FALSE(e.surface_m2.has_value());
  EXPECT_FALSE(e.equipment.has_value());
}

// A mapping file may target "key", every mappable field of the table and each revenue
// source; the non-negative fields are numbers.
TEST(WorkshopFields, MappingTargetsComeFromTheTable) {
  const auto& targets = mappable_fields();
  EXPECT_EQ(targets.front(), "key");
  std::size_t mappable = 0;
  for (const auto& f : workshop_fields()) {
    const bool listed = std::find(targets.begin(), targets.end(), f.id) != targets.end();
    EXPECT_EQ(listed, f.mappable) << f.id;
    mappable += f.mappable ? 1 : 0;
    if (f.non_negative) {
      EXPECT_TRUE(std::holds_alternative<std::optional<double> Workshop::*>(f.member)) << f.id;
    }
  }
  EXPECT_EQ(targets.size(), 1 + mappable + std::size(kRevenueIds));
  EXPECT_EQ(targets.back(), "revenue_private_partners");
}

TEST(WorkshopFields, NumericSourcesOfTheReferential) {
  const auto w = full_workshop();
  auto value = [&](std::string_view id) { return find_numeric_field(id)->value(w); };
  EXPECT_DOUBLE_EQ(value("surface_m2"), 250.5);
  EXPECT_DOUBLE_EQ(value("opening_year"), 2014);
  EXPECT_DOUBLE_EQ(value("equipment_count"), 2);
  EXPECT_DOUBLE_EQ(value("network_count"), 2);
  EXPECT_DOUBLE_EQ(value("fab_charter"), 1);
  EXPECT_DOUBLE_EQ(value("laureate_2013"), 1);
  EXPECT_DOUBLE_EQ(value("revenue_services"), 60000);
  EXPECT_TRUE(std::isnan(value("revenue_training")));
  EXPECT_TRUE(std::isnan(find_numeric_field("staff_fte")->value(Workshop{})));
  // The référentiel accepts exactly these and the contextual ones, in this order.
  const auto& sources = referential::workshop_source_fields();
  ASSERT_EQ(sources.size(), numeric_fields().size() + std::size(referential::kContextualWorkshopSources));
  EXPECT_EQ(sources.front(), "surface_m2");
  EXPECT_EQ(sources[numeric_fields().size()], "sector_fit_commune");
  EXPECT_EQ(sources.back(), "nearest_other_km");
}

}  // namespace
}  // namespace fabscope::workshops
