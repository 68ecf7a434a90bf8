// The workshops' texts in the one catalog (core/catalog.hpp), registered by
// core/catalog.cpp: data only.
#pragma once

#include <span>

#include "core/catalog.hpp"

namespace fabscope::workshops {

// The placement warnings and reasons (messages, core/message.hpp; the ids are stored, never
// renamed).
inline constexpr MessageText kPlacementMessages[] = {
    {"postcode_4_digits", "le code postal « {0} » a 4 chiffres (zéro initial perdu ?) : lu comme 0{0}",
     "postcode '{0}' has 4 digits (a lost leading zero?): read as 0{0}"},
    {"postcode_unknown", "le code postal {0} ne correspond à aucune commune", "postcode {0} belongs to no commune"},
    {"polygon_postcode_mismatch", "les coordonnées tombent dans {0} ({1}), que le code postal {2} ne dessert pas",
     "the coordinates fall in {0} ({1}), which postcode {2} does not serve"},
    {"postcode_inconsistent",
     "le code postal {0} contredit les coordonnées : aucune commune de ce code à moins de {1} km ; placé par les "
     "coordonnées "
     "dans {2} ({3}), à {4} km de son centre",
     "postcode {0} is inconsistent with the coordinates: no commune of that postcode within {1} km; placed by "
     "coordinates in "
     "{2} ({3}), {4} km from its centre"},
    {"no_postcode_check", "pas de code postal pour confirmer les coordonnées ; {0} ({1}) est à {2} km",
     "no postcode to confirm the coordinates; {0} ({1}) is {2} km away"},
    {"cedex_city",
     "le code postal {0} ne dessert aucune commune (code CEDEX ?) : placé par le nom de ville « {1} » dans le "
     "département {2}",
     "postcode {0} serves no commune (a CEDEX code?): placed by the city name '{1}' in département {2}"},
    {"too_far", "les coordonnées ({0}, {1}) sont à plus de {2} km de tout centre de commune",
     "coordinates ({0}, {1}) are more than {2} km from every commune centre"},
    {"geometry_skipped", "{0} : géométrie vide ou dégénérée, laissée de côté (placement par les autres méthodes)",
     "{0}: empty or degenerate geometry, left out (placement by the other methods)"},
    {"nothing_to_place", "ni coordonnées ni code postal", "no coordinates and no postcode"},
    {"cedex_no_city",
     "pas de coordonnées ; le code postal {0} ne dessert aucune commune et la ville « {1} » correspond à {2} "
     "commune(s) du département {3}",
     "no coordinates; postcode {0} serves no commune and the city '{1}' matches {2} commune(s) of département {3}"},
    {"postcode_ambiguous",
     "pas de coordonnées ; le code postal {0} dessert {1} communes ({2}) et la ville « {3} » ne correspond à aucune",
     "no coordinates; postcode {0} serves {1} communes ({2}) and the city '{3}' matches none of them"},
};
constexpr std::span<const MessageText> placement_messages() { return kPlacementMessages; }

// Why two records are (or may be) the same workshop (messages; stored ids).
inline constexpr MessageText kDuplicateMessages[] = {
    {"decision_file", "fichier de décisions", "decision file"},
    {"same_website", "même site web ({0})", "same website ({0})"},
    {"same_name_km", "même nom, à {0} km", "same name, {0} km apart"},
    {"same_name_commune", "même nom, même commune", "same name, same commune"},
    {"similar_names_km", "noms proches, à {0} km", "similar names, {0} km apart"},
    {"similar_names_commune", "noms proches, même commune", "similar names, same commune"},
    {"same_website_elsewhere", "même site web, pas au même endroit (sites d'un réseau ?)",
     "same website, not at the same place (a network's sites?)"},
    {"same_website_far", "même site web, loin l'un de l'autre", "same website, far apart"},
    {"similar_names_nearby", "noms assez proches, à proximité", "somewhat similar names nearby"},
};
constexpr std::span<const MessageText> duplicate_messages() { return kDuplicateMessages; }

}  // namespace fabscope::workshops
