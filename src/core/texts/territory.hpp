// The territory's texts in the one catalog (core/catalog.hpp), registered by
// core/catalog.cpp: data only, this header is included there and nowhere else.
#pragma once

#include <span>

#include "core/catalog.hpp"

namespace fabscope::territory {

// The notes of an import: importers' summaries, COG reconciliation, aggregation, pipeline
// (messages, core/message.hpp; the ids are stored, never renamed).
inline constexpr MessageText kImportMessages[] = {
    {"cog_counts", "{0} communes et arrondissements, {1} EPCI, {2} départements, {3} régions",
     "{0} communes and arrondissements, {1} EPCI, {2} départements, {3} régions"},
    {"appartenance_counts", "{0} communes et arrondissements, {1} zones supra-communales",
     "{0} communes and arrondissements, {1} supra-communal zones"},
    {"laposte_without_coordinates", "{0} lignes sans coordonnées", "{0} rows without coordinates"},
    {"france_services_without_commune", "{0} sites sans code commune (non localisés)",
     "{0} sites without a commune code (not located)"},
    {"unmapped_codes", "{0} : {1} ligne(s) dont le code ne correspond à aucune commune du COG 2026, écartée(s) : {2}",
     "{0}: {1} row(s) with a code that maps to no COG 2026 commune, dropped: {2}"},
    {"comparateur_merged",
     "insee_comparateur_2022 : {0} communes de 2026 regroupent plusieurs communes du fichier (effectifs "
     "additionnés), {1} n'ont "
     "aucune ligne (manquantes)",
     "insee_comparateur_2022: {0} communes of 2026 merge several communes of the file (counts summed), {1} have no "
     "row (missing)"},
    {"density_disagreements",
     "insee_grille_densite_2024 : {0} communes fusionnées dont les parties ont des niveaux de densité différents "
     "(celui du "
     "chef-lieu est retenu)",
     "insee_grille_densite_2024: {0} merged communes whose parts have different density levels (the chef-lieu's "
     "level is kept)"},
    {"appartenance_disagreements",
     "insee_appartenance_2022 : {0} valeurs de classe de communes fusionnées diffèrent entre parties (celle du "
     "chef-lieu est "
     "retenue)",
     "insee_appartenance_2022: {0} class values of merged communes disagreed between parts (the chef-lieu's value is "
     "kept)"},
    {"laposte_centroids",
     "laposte_hexasmal : {0} communes placées par des codes anciens ou délégués, {1} sans centroïde",
     "laposte_hexasmal: {0} communes placed through older or delegated codes, {1} without a centroid"},
    {"unit_without_name", "{0} {1} : un code utilisé par des communes mais absent de la liste des unités (sans nom)",
     "{0} {1}: a code used by communes but absent from the list of units (no name)"},
    {"communes_without_unit", "{0} communes n'appartiennent à aucun(e) {1}", "{0} communes belong to no {1}"},
    {"indicators_not_computed", "indicateurs non calculés : importer d'abord {0}",
     "indicators not computed: import {0} first"},
    {"geo_features_skipped", "{0} entités sans géométrie utilisable écartées", "{0} features without a usable geometry left out"},
    {"dataset_absent", "{0} : {1} absent, jeu facultatif non importé (cartes de la France entière indisponibles)",
     "{0}: {1} absent, optional dataset not imported (maps of all France unavailable)"},
    {"boundaries_built",
     "contours dissous (GEOS) : {0} communes, {1} EPCI, {2} zones d'emploi, {3} départements, {4} régions ; {5} communes "
     "sans polygone : {6}",
     "boundaries dissolved (GEOS): {0} communes, {1} EPCI, {2} employment zones, {3} départements, {4} régions; {5} "
     "communes without a polygon: {6}"},
};
constexpr std::span<const MessageText> import_messages() { return kImportMessages; }

// The territory's own words.
inline constexpr MessageText kTexts[] = {
    // level_label(): the name of one unit's level.
    {"territory.level_label.commune", "Commune", "Municipality"},
    {"territory.level_label.epci", "Intercommunalité (EPCI)", "Inter-municipality (EPCI)"},
    {"territory.level_label.ze", "Zone d'emploi 2020", "Employment zone 2020"},
    {"territory.level_label.dep", "Département", "Département"},
    {"territory.level_label.reg", "Région", "Region"},
    {"territory.level_label.fr", "France (ensemble des communes)", "France (every commune)"},
};
constexpr std::span<const MessageText> texts() { return kTexts; }

}  // namespace fabscope::territory
