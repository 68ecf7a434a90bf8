#include "workshops/model.hpp"

#include <algorithm>

namespace fabscope::workshops {

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> table = {
      {"fablab", "Fablab", "Fab lab"},
      {"mini_fablab", "Mini-fablab", "Mini fab lab"},
      {"makerspace", "Makerspace", "Makerspace"},
      {"hackerspace", "Hackerspace", "Hackerspace"},
      {"tiers_lieu", "Tiers-lieu avec atelier", "Third place with a workshop"},
      {"digital_mediation", "Espace de médiation numérique", "Digital-mediation space"},
      {"university_lab", "Atelier d'université ou d'école", "University or school lab"},
      {"company_workshop", "Atelier de prototypage d'entreprise", "Company prototyping workshop"},
      {"mobile_workshop", "Atelier mobile", "Mobile workshop"},
      {"training_space", "Espace de formation au numérique", "Digital training space"},
      {"innovation_hub", "Lieu d'innovation (French Tech, accélérateur)", "Innovation hub"},
      {"other", "Autre", "Other"},
  };
  return table;
}

const std::vector<KindInfo>& equipment_kinds() {
  static const std::vector<KindInfo> table = {
      {"3d_printing", "Impression 3D", "3D printing"},
      {"laser_cutting", "Découpe laser", "Laser cutting"},
      {"cnc_milling", "Fraiseuse numérique (CNC)", "CNC milling"},
      {"precision_milling", "Fraisage de précision", "Precision milling"},
      {"vinyl_cutting", "Découpe vinyle", "Vinyl cutting"},
      {"electronics", "Électronique", "Electronics"},
      {"textile", "Textile (brodeuse, machine à coudre)", "Textile (embroidery, sewing)"},
      {"wood_metal", "Bois et métal", "Wood and metal"},
      {"scanning", "Numérisation 3D", "3D scanning"},
      {"computers", "Postes informatiques", "Computers"},
  };
  return table;
}

std::string_view equipment_label(std::string_view id, Lang lang) {
  for (const auto& e : equipment_kinds()) {
    if (e.id == id) return lang == Lang::fr ? e.label_fr : e.label_en;
  }
  return id;
}

bool is_kind(std::string_view id) {
  return std::any_of(std::begin(kKindIds), std::end(kKindIds), [&](std::string_view k) { return k == id; });
}

}  // namespace fabscope::workshops
