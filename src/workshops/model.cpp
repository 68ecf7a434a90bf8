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

bool is_kind(std::string_view id) {
  return std::any_of(std::begin(kKindIds), std::end(kKindIds), [&](std::string_view k) { return k == id; });
}

}  // namespace fabscope::workshops
