#include "workshops/fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fabscope::workshops {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

const std::vector<FieldDef>& workshop_fields() {
  using W = Workshop;
  // id, member, French, English, unit (French, English), mappable, non-negative
  static const std::vector<FieldDef> table = {
      {"id", &W::id, "Identifiant", "Identifier", "", "", false, false},
      {"source", &W::source, "Source", "Source", "", "", false, false},
      {"source_key", &W::source_key, "Clé dans la source", "Key in the source", "", "", false, false},
      {"name", &W::name, "Nom", "Name", "", "", true, false},
      {"aliases", &W::aliases, "Autres noms", "Other names", "", "", false, false},
      {"website", &W::website, "Site web", "Website", "", "", true, false},
      {"address", &W::address, "Adresse", "Address", "", "", true, false},
      {"postcode", &W::postcode, "Code postal", "Postcode", "", "", true, false},
      {"city", &W::city, "Ville", "City", "", "", true, false},
      {"email", &W::email, "Courriel", "Email", "", "", true, false},
      {"phone", &W::phone, "Téléphone", "Phone", "", "", true, false},
      {"latitude", &W::latitude, "Latitude", "Latitude", "°", "°", true, false},
      {"longitude", &W::longitude, "Longitude", "Longitude", "°", "°", true, false},
      {"opening_year", &W::opening_year, "Année d'ouverture", "Opening year", "", "", true, false},
      {"closing_year", &W::closing_year, "Année de fermeture", "Closing year", "", "", true, false},
      {"status", &W::status, "Statut", "Status", "", "", true, false},
      {"networks", &W::networks, "Réseaux", "Networks", "", "", false, false},
      {"laureate_2013", &W::laureate_2013, "Lauréat de l'appel 2013", "Laureate of the 2013 call", "", "", true, false},
      {"kind", &W::kind, "Type", "Kind", "", "", true, false},
      {"kind_in_source", &W::kind_in_source, "Type selon la source", "Kind in the source", "", "", false, false},
      {"surface_m2", &W::surface_m2, "Surface", "Area", "m²", "m²", true, true},
      {"opening_hours", &W::opening_hours, "Horaires", "Opening hours", "", "", true, false},
      {"capacity", &W::capacity, "Capacité d'accueil", "Capacity", "personnes", "people", true, true},
      {"equipment", &W::equipment, "Équipements", "Equipment", "", "", true, false},
      {"staff_fte", &W::staff_fte, "Équipe salariée", "Paid staff", "ETP", "FTE", true, true},
      {"volunteers", &W::volunteers, "Bénévoles", "Volunteers", "", "", true, true},
      {"has_fabmanager", &W::has_fabmanager, "Fabmanager", "Fab manager", "", "", true, false},
      {"budget_eur", &W::budget_eur, "Budget de fonctionnement", "Operating budget", "€", "€", true, true},
      {"revenues_eur", &W::revenues_eur, "Recettes par origine", "Revenues by source", "€", "€", false, false},
      {"business_model", &W::business_model, "Modèle économique", "Business model", "", "", true, false},
      {"offer", &W::offer, "Offre de services", "Service offer", "", "", true, false},
      {"publics", &W::publics, "Publics", "Publics", "", "", true, false},
      {"legal_form", &W::legal_form, "Forme juridique", "Legal form", "", "", true, false},
      {"governance", &W::governance, "Gouvernance", "Governance", "", "", true, false},
      {"description", &W::description, "Description", "Description", "", "", true, false},
  };
  return table;
}

const FieldDef* find_field(std::string_view id) {
  const auto& t = workshop_fields();
  const auto it = std::find_if(t.begin(), t.end(), [&](const FieldDef& f) { return f.id == id; });
  return it == t.end() ? nullptr : &*it;
}

std::string field_label(const FieldDef& field, Lang lang) {
  const auto label = pick(lang, field.label_fr, field.label_en);
  const auto unit = pick(lang, field.unit_fr, field.unit_en);
  return unit.empty() ? std::string(label) : std::string(label) + " (" + std::string(unit) + ")";
}

std::string field_label(std::string_view id, Lang lang) { return field_label(*find_field(id), lang); }

const std::vector<NumericField>& numeric_fields() {
  static const std::vector<NumericField> table = [] {
    std::vector<NumericField> t;
    for (const std::string_view id :
         {"surface_m2", "staff_fte", "volunteers", "budget_eur", "capacity", "opening_year"}) {
      const auto& member = find_field(id)->member;
      if (const auto* m = std::get_if<std::optional<double> Workshop::*>(&member)) {
        t.push_back({id, [m = *m](const Workshop& w) { return (w.*m) ? *(w.*m) : kNaN; }});
      } else {
        const auto y = std::get<std::optional<int> Workshop::*>(member);
        t.push_back({id, [y](const Workshop& w) { return (w.*y) ? static_cast<double>(*(w.*y)) : kNaN; }});
      }
    }
    auto count = [](const std::optional<std::set<std::string>>& s) {
      return s ? static_cast<double>(s->size()) : kNaN;
    };
    t.push_back({"equipment_count", [count](const Workshop& w) { return count(w.equipment); }});
    t.push_back({"network_count", [](const Workshop& w) { return static_cast<double>(w.networks.size()); }});
    t.push_back({"fab_charter", [](const Workshop& w) { return w.networks.count("fab_charter") != 0 ? 1.0 : 0.0; }});
    t.push_back(
        {"laureate_2013", [](const Workshop& w) { return w.laureate_2013 ? (*w.laureate_2013 ? 1.0 : 0.0) : kNaN; }});
    t.push_back({"offer_count", [count](const Workshop& w) { return count(w.offer); }});
    t.push_back({"publics_count", [count](const Workshop& w) { return count(w.publics); }});
    for (std::size_t k = 0; k < std::size(kRevenueSources); ++k) {
      t.push_back({kRevenueIds[k], [s = std::string(kRevenueSources[k])](const Workshop& w) {
                     const auto it = w.revenues_eur.find(s);
                     return it == w.revenues_eur.end() ? kNaN : it->second;
                   }});
    }
    return t;
  }();
  return table;
}

const NumericField* find_numeric_field(std::string_view id) {
  const auto& t = numeric_fields();
  const auto it = std::find_if(t.begin(), t.end(), [&](const NumericField& f) { return f.id == id; });
  return it == t.end() ? nullptr : &*it;
}

}  // namespace fabscope::workshops
