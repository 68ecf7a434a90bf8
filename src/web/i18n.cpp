#include "web/i18n.hpp"

#include "core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace fabscope::web {
namespace {

struct Message {
  std::string_view key, fr, en;
};

constexpr std::array kMessages = {
    Message{"site.tagline", "Ateliers de fabrication numérique et territoires",
            "Digital fabrication workshops and their territories"},
    Message{"nav.home", "Carte", "Map"},
    Message{"nav.workshops", "Ateliers", "Workshops"},
    Message{"nav.territories", "Territoires", "Territories"},
    Message{"nav.referential", "Référentiel", "Framework"},
    Message{"nav.api", "API", "API"},
    Message{"footer.sources",
            "Sources : INSEE (comparateur de territoires 2022, grille de densité 2024, appartenance géographique "
            "2022), COG 2026 (Etalab), La Poste, IGN (contours simplifiés), fablabs.io, MapLabBZH. Chaque chiffre "
            "renvoie à sa source.",
            "Sources: INSEE (comparateur de territoires 2022, density grid 2024, geographic membership 2022), COG 2026 "
            "(Etalab), La Poste, IGN (simplified boundaries), fablabs.io, MapLabBZH. Every figure is traceable to its "
            "source."},
    Message{"home.title", "Carte des territoires et des ateliers", "Map of territories and workshops"},
    Message{"home.indicator", "Indicateur", "Indicator"},
    Message{"home.level", "Maille", "Zoning"},
    Message{"home.method", "Seuils", "Thresholds"},
    Message{"home.classes", "Classes", "Classes"},
    Message{"home.breaks", "Seuils manuels (séparés par des espaces)", "Manual thresholds (space-separated)"},
    Message{"home.show", "Afficher", "Show"},
    Message{"home.quantile", "Quantiles (effectifs égaux)", "Quantiles (equal counts)"},
    Message{"home.equal", "Intervalles égaux", "Equal intervals"},
    Message{"home.manual", "Seuils manuels", "Manual thresholds"},
    Message{"home.points", "Ateliers colorés par type", "Workshops coloured by kind"},
    Message{"home.points_score", "Ateliers colorés par score total", "Workshops coloured by total score"},
    Message{"home.points_label", "Points", "Points"},
    Message{"home.points_kind", "Type d'atelier", "Kind of workshop"},
    Message{"home.commune_note", "Communes : contours disponibles pour la Bretagne seulement.",
            "Communes: boundaries available for Bretagne only."},
    Message{"home.download_svg", "Carte (SVG)", "Map (SVG)"},
    Message{"home.download_png", "Carte (PNG)", "Map (PNG)"},
    Message{"home.download_geojson", "Données de la carte (GeoJSON)", "Map data (GeoJSON)"},
    Message{"home.download_csv", "Tableau (CSV)", "Table (CSV)"},
    Message{"home.workshops", "ateliers distincts recensés", "distinct workshops in the register"},
    Message{"home.laureates", "lauréats de l'appel de 2013 retrouvés", "laureates of the 2013 call found"},
    Message{"home.communes", "communes accueillent un atelier", "communes host a workshop"},
    Message{"home.white", "de la population à plus de 30 km de tout atelier",
            "of the population farther than 30 km from any workshop"},
    Message{"level.commune", "Communes", "Communes"},
    Message{"level.epci", "EPCI", "EPCI"},
    Message{"level.ze", "Zones d'emploi", "Employment zones"},
    Message{"level.dep", "Départements", "Départements"},
    Message{"level.reg", "Régions", "Regions"},
    Message{"map.missing", "Donnée manquante", "No data"},
    Message{
        "map.source",
        "Source : INSEE, COG 2026 ; contours IGN simplifiés ; ateliers fablabs.io et MapLabBZH ; projection Lambert-93",
        "Source: INSEE, COG 2026; IGN simplified boundaries; workshops from fablabs.io and MapLabBZH; Lambert-93 "
        "projection"},
    Message{"workshops.title", "Ateliers", "Workshops"},
    Message{"workshops.filter", "Filtrer", "Filter"},
    Message{"workshops.all", "Tous", "All"},
    Message{"workshops.name", "Nom", "Name"},
    Message{"workshops.kind", "Type", "Kind"},
    Message{"workshops.commune", "Commune", "Commune"},
    Message{"workshops.commune_code", "Code commune", "Commune code"},
    Message{"workshops.dep", "Dép.", "Dép."},
    Message{"workshops.density", "Densité (1 = très dense, 7 = rural très peu dense)",
            "Density (1 = very dense, 7 = very sparse rural)"},
    Message{"workshops.density_short", "Densité", "Density"},
    Message{"workshops.score", "Score", "Score"},
    Message{"workshops.score_min", "Score min.", "Min. score"},
    Message{"workshops.score_max", "Score max.", "Max. score"},
    Message{"workshops.coverage", "Couverture", "Coverage"},
    Message{"workshops.rank", "Rang", "Rank"},
    Message{"workshops.laureate", "Lauréat 2013", "2013 laureate"},
    Message{"workshops.laureates_only", "Lauréats 2013 seulement", "2013 laureates only"},
    Message{"workshops.search", "Nom contient", "Name contains"},
    Message{"workshops.sort", "Tri", "Sort"},
    Message{"workshops.sort_score", "Score décroissant", "Score, highest first"},
    Message{"workshops.sort_name", "Nom", "Name"},
    Message{"workshops.sort_dep", "Département", "Département"},
    Message{"workshops.count", "ateliers", "workshops"},
    Message{"workshops.download", "Télécharger", "Download"},
    Message{"workshop.identity", "Identité et provenance", "Identity and provenance"},
    Message{"workshop.field", "Champ", "Field"},
    Message{"workshop.value", "Valeur", "Value"},
    Message{"workshop.source", "Source", "Source"},
    Message{"workshop.merged", "Fiches fusionnées (doublons)", "Merged records (duplicates)"},
    Message{"workshop.placement", "Localisation", "Placement"},
    Message{"workshop.context", "Contexte territorial", "Territorial context"},
    Message{"workshop.context_chart", "Position de la commune parmi les communes de France (centiles)",
            "Where the commune stands among French communes (percentiles)"},
    Message{"workshop.fit", "Adéquation au territoire", "Fit with the territory"},
    Message{"workshop.sector_fit", "Adéquation sectorielle (1 = comme la France)", "Sector fit (1 = like France)"},
    Message{"workshop.access", "Accessibilité (places pour 100 000 hab., 2SFCA 30 km)",
            "Accessibility (places per 100,000 inhabitants, 2SFCA 30 km)"},
    Message{"workshop.nearest", "Atelier le plus proche (km)", "Nearest other workshop (km)"},
    Message{"workshop.typicality", "Part des ateliers du même type dans cette classe de densité",
            "Share of workshops of the same kind in this density class"},
    Message{"workshop.scores_source", "fabscope, data/referential.toml ; Monte Carlo {} × 7 tirages, graine 1",
            "fabscope, data/referential.toml; Monte Carlo {} × 7 draws, seed 1"},
    Message{"workshop.radar", "Dimensions : l'atelier et la médiane du panel",
            "Dimensions: the workshop and the panel's median"},
    Message{"workshop.panel_median", "Médiane du panel", "Panel median"},
    Message{"territory.distribution",
            "Distribution parmi les territoires de même maille (échelle logarithmique) ; en rouge, ce territoire",
            "Distribution among territories of the same zoning (log scale); in red, this territory"},
    Message{"workshop.scores", "Scores du référentiel", "Framework scores"},
    Message{"workshop.scores_chart", "Scores par dimension, intervalle 5–95 % (Monte Carlo)",
            "Scores by dimension, 5–95 % interval (Monte Carlo)"},
    Message{"workshop.rank_interval", "Rang (intervalle 5–95 %)", "Rank (5–95 % interval)"},
    Message{"workshop.level", "Niveau", "Level"},
    Message{"workshop.no_score", "Pas encore de score : trop peu de données.", "No score yet: too little data."},
    Message{"workshop.not_found", "Aucun atelier avec cet identifiant.", "No workshop with this id."},
    Message{"workshop.later", "Archétype, pairs, impacts et recommandations : à venir.",
            "Archetype, peers, impacts and recommendations: coming."},
    Message{"territories.title", "Territoires", "Territories"},
    Message{"territories.search", "Commune, EPCI, zone d'emploi, département ou région (nom ou code)",
            "Commune, EPCI, employment zone, département or region (name or code)"},
    Message{"territories.results", "Résultats", "Results"},
    Message{"territories.none", "Aucun territoire trouvé.", "No territory found."},
    Message{"territory.profile", "Profil", "Profile"},
    Message{"territory.indicator", "Indicateur", "Indicator"},
    Message{"territory.value", "Valeur", "Value"},
    Message{"territory.percentile", "Centile en France", "Percentile in France"},
    Message{"territory.percentile_chart", "Position parmi les territoires de même maille en France (centiles)",
            "Where it stands among territories of the same zoning in France (percentiles)"},
    Message{"territory.workshops", "Ateliers du territoire", "Workshops in the territory"},
    Message{"territory.access", "Accessibilité et zones blanches", "Accessibility and white zones"},
    Message{"territory.white_share", "Part de la population à plus de 30 km d'un atelier",
            "Share of the population farther than 30 km from a workshop"},
    Message{"territory.missing", "communes sans donnée", "communes without data"},
    Message{"territory.not_found", "Aucun territoire avec ce code à cette maille.",
            "No territory with this code at this zoning."},
    Message{"territory.parent_dep", "Son département", "Its département"},
    Message{"territory.parent_reg", "Sa région", "Its region"},
    Message{"territory.communes", "communes", "communes"},
    Message{"territory.commune", "Commune", "Commune"},
    Message{"referential.title", "Référentiel d'évaluation", "Evaluation framework"},
    Message{"referential.weight", "poids", "weight"},
    Message{"referential.source", "source", "source"},
    Message{"referential.intro",
            "Dimensions, critères et indicateurs, avec leurs définitions et leurs sources (data/referential.toml).",
            "Dimensions, criteria and indicators, with their definitions and sources (data/referential.toml)."},
    Message{"error.title", "Erreur", "Error"},
    Message{"error.bad_request", "Requête incorrecte", "Bad request"},
    Message{"error.not_found", "Page introuvable", "Page not found"},
    Message{"error.no_data", "Pas encore de données", "No data yet"},
    Message{"error.internal", "Erreur interne", "Internal error"},
    Message{"error.preparing",
            "Les données sont en cours de préparation (quelques secondes au démarrage) : la page se recharge seule.",
            "The data are being prepared (a few seconds at start-up): the page reloads by itself."},
    Message{"report.generated", "Rapport produit par fabscope", "Report produced by fabscope"},
    Message{"report.panel", "Classement du panel d'ateliers", "Ranking of the workshop panel"},
    Message{"placement.polygon", "dans le contour de la commune (coordonnées de la source)",
            "inside the commune's boundary (coordinates of the source)"},
    Message{"placement.postcode_nearest", "centroïde le plus proche parmi les communes du code postal",
            "nearest centroid among the communes of the postcode"},
    Message{"placement.nearest_centroid", "centroïde de commune le plus proche des coordonnées",
            "commune centroid nearest to the coordinates"},
    Message{"placement.postcode_only", "code postal desservant une seule commune", "postcode serving a single commune"},
    Message{"placement.postcode_city", "code postal et nom de la ville", "postcode and city name"},
    Message{"placement.departement_city", "département et nom de la ville (code CEDEX ?)",
            "département and city name (CEDEX code?)"},
    Message{"placement.unplaced", "non localisé", "not placed"},
    Message{"kind.unknown", "Type inconnu", "Unknown kind"},
    Message{"common.yes", "oui", "yes"},
    Message{"common.no", "non", "no"},
    Message{"common.missing", "pas de donnée", "no data"},
};

}  // namespace

Lang parse_lang(std::string_view s) { return s == "en" ? Lang::en : Lang::fr; }
std::string_view lang_id(Lang l) { return l == Lang::en ? "en" : "fr"; }

std::string tr(Lang lang, std::string_view key) {
  for (const auto& m : kMessages) {
    if (m.key == key) return std::string(lang == Lang::en ? m.en : m.fr);
  }
  return std::string(key);
}

std::vector<std::string_view> message_keys() {
  std::vector<std::string_view> out;
  for (const auto& m : kMessages) out.push_back(m.key);
  return out;
}

std::string number(Lang lang, double v, int decimals) {
  return std::isnan(v) ? "—" : text::group_digits(v, decimals, lang == Lang::fr);
}

}  // namespace fabscope::web
