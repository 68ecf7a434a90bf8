// The about page (/a-propos: what fabscope is for, the data and their dates) and the method
// page (/methode: how the figures are made, with a glossary), linked from every page.
#include <fmt/format.h>

#include "referential/referential.hpp"
#include "sources/catalog.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

// The glossary: term, then its definition, in both languages (the words of the pages).
struct Term {
  std::string_view id, term_fr, term_en, def_fr, def_en;
};

constexpr Term kGlossary[] = {
    {"2sfca", "Accessibilité (2SFCA)", "Accessibility (2SFCA)",
     "Méthode « two-step floating catchment area » : chaque atelier offre des places (sa capacité, 1 à défaut) "
     "partagées entre les habitants à moins de 30 km ; l'accessibilité d'une commune est la somme des places par "
     "habitant des ateliers à sa portée, exprimée pour 100 000 habitants.",
     "Two-step floating catchment area: each workshop offers places (its capacity, 1 when unknown) shared among the "
     "inhabitants within 30 km; a commune's accessibility is the sum of the places per inhabitant of the workshops "
     "within its reach, per 100,000 inhabitants."},
    {"white-zone", "Zone blanche", "White zone",
     "Commune dont l'atelier le plus proche est à plus de 30 km (à vol d'oiseau, entre centroïdes).",
     "A commune whose nearest workshop is more than 30 km away (as the crow flies, between centroids)."},
    {"coverage", "Couverture", "Coverage",
     "Part du poids d'un score qui repose sur des données connues. Sous la règle de couverture du référentiel "
     "(65 % par défaut) le score est « non évaluable » : ni publié ni classé.",
     "The share of a score's weight that rests on known data. Below the référentiel's coverage rule (65 % by "
     "default) the score is 'not evaluable': neither published nor ranked."},
    {"interval", "Intervalle 5–95 %", "5–95 % interval",
     "Étendue des scores (ou des rangs) obtenus en faisant varier au hasard les choix incertains (poids, "
     "normalisation, imputation, agrégation, un indicateur retiré) : 90 % des variantes tombent dedans ; il est "
     "élargi jusqu'au score publié quand toutes les variantes le déplacent dans le même sens.",
     "The range of scores (or ranks) obtained by drawing the uncertain choices at random (weights, normalisation, "
     "imputation, aggregation, one indicator left out): 90 % of the variants fall in it; it is widened to the "
     "published score when every variant moves it the same way."},
    {"percentile", "Centile", "Percentile",
     "Position d'un territoire parmi ceux de même maille : au centile 90, 90 % d'entre eux ont une valeur plus "
     "basse (rang moyen en cas d'égalité).",
     "A territory's position among those of the same zoning: at the 90th percentile, 90 % of them have a lower "
     "value (mid-rank for ties)."},
    {"lq", "Quotient de localisation (LQ)", "Location quotient (LQ)",
     "Part d'un secteur dans les établissements du territoire divisée par sa part en France : au-dessus de 1, le "
     "secteur y est sur-représenté.",
     "A sector's share of the territory's establishments divided by its share in France: above 1, the sector is "
     "over-represented there."},
    {"krugman", "Indice de Krugman", "Krugman index",
     "Somme des écarts absolus entre les parts sectorielles du territoire et celles de la France : 0 = même "
     "structure que la France, 2 = aucune activité commune.",
     "The sum of the absolute differences between the territory's sector shares and France's: 0 = the same "
     "structure as France, 2 = nothing in common."},
    {"ze", "Zone d'emploi", "Employment zone",
     "Espace où la plupart des actifs résident et travaillent (INSEE, zonage 2020).",
     "An area where most workers both live and work (INSEE, 2020 zoning)."},
    {"epci", "EPCI", "EPCI",
     "Établissement public de coopération intercommunale à fiscalité propre : métropole, communauté urbaine, "
     "d'agglomération ou de communes.",
     "A French inter-municipal body with its own taxation: metropolis, urban, agglomeration or municipal "
     "community."},
    {"density", "Grille de densité", "Density grid",
     "Classement INSEE des communes en 7 niveaux, des grands centres urbains (1) au rural très peu dense (7).",
     "INSEE's grid of communes in 7 levels, from large urban centres (1) to very sparsely populated rural (7)."},
    {"scenario", "Scénario de pondération", "Weight scenario",
     "Les mêmes données notées avec d'autres poids, pour voir ce qui fait bouger un classement.",
     "The same data scored with other weights, to see what moves a ranking."},
};

std::string glossary(Lang lang) {
  std::string out = R"(<dl id="glossary" class="glossary">)";
  for (const auto& t : kGlossary) {
    out += fmt::format(R"(<dt id="{}">{}</dt><dd>{}</dd>)", t.id, esc(pick(lang, t.term_fr, t.term_en)),
                       esc(pick(lang, t.def_fr, t.def_en)));
  }
  return out + "</dl>";
}

}  // namespace

Reply about_page(const PageRequest& r) {
  std::string body = fmt::format("<p>{}</p><p>{}</p>", esc(tr(r.lang, "about.what")), esc(tr(r.lang, "about.who")));
  body += fmt::format("<h2>{}</h2><table id=\"datasets\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
                      "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
                      esc(tr(r.lang, "about.data")), esc(tr(r.lang, "about.dataset")), esc(tr(r.lang, "about.publisher")),
                      esc(tr(r.lang, "about.vintage")), esc(tr(r.lang, "about.licence")));
  for (const auto& d : sources::Catalog::builtin().datasets()) {
    body += fmt::format(R"(<tr><td><a href="{}">{}</a> <span class="muted">({})</span></td><td>{}</td><td>{}</td><td>{}</td></tr>)",
                        esc(d.url), esc(d.title), esc(d.id), esc(d.publisher), esc(d.vintage), esc(d.licence));
  }
  body += "</tbody></table>";
  body += fmt::format(R"(<p>{} <a href="{}">{}</a>.</p>)", esc(tr(r.lang, "about.more")), esc(href(r.lang, "/methode")),
                      esc(tr(r.lang, "nav.method")));
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "nav.about"), body), {}, {}};
}

Reply method_page(const PageRequest& r) {
  const auto& ref = referential::Referential::active();
  std::string body;
  for (const auto* key : {"method.territory", "method.register", "method.scores", "method.uncertainty"}) {
    body += fmt::format("<p>{}</p>", esc(fmt::format(fmt::runtime(tr(r.lang, key)),
                                                     number(r.lang, 100 * ref.min_coverage, 0))));
  }
  body += fmt::format(R"(<p><a href="{}">{}</a> · <a href="{}">{}</a></p>)", esc(href(r.lang, "/referentiel")),
                      esc(tr(r.lang, "nav.referential")), esc(href(r.lang, "/scenario")),
                      esc(tr(r.lang, "scenario.title")));
  body += fmt::format("<h2>{}</h2>", esc(tr(r.lang, "method.glossary"))) + glossary(r.lang);
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "nav.method"), body), {}, {}};
}

}  // namespace fabscope::web
