// A workshop's fiche, its analyses part: its archetype with the evidence (each variable, its
// value, what the archetype expects, how close), and its peers with its percentiles among
// them and the territorial fit within its archetype (app::PanelAnalyses).
#include <fmt/format.h>

#include <cmath>

#include "referential/referential.hpp"
#include "territory/indicators.hpp"
#include "web/page_parts.hpp"
#include "workshops/fields.hpp"
#include "workshops/model.hpp"

namespace fabscope::web {
namespace {

std::string name_of(Lang lang, const std::string& id) {
  for (const auto& a : analysis::builtin_archetypes().archetypes) {
    if (a.id == id) return lang == Lang::fr ? a.name_fr : a.name_en;
  }
  return id;
}

// A variable's label: a workshop field, a territorial indicator, a référentiel indicator or
// score, else its id.
std::string variable_label(Lang lang, const std::string& id) {
  if (workshops::find_field(id) != nullptr) return workshops::field_label(id, lang);
  if (const auto k = territory::indicator_index(id)) return indicator_label(lang, *k);
  const auto& ref = referential::Referential::active();
  for (const auto& ind : ref.indicators) {
    if (ind.id == id) return lang == Lang::fr ? ind.label_fr : ind.label_en;
  }
  if (id.rfind("score_", 0) == 0) return ref.node_label(id.substr(6), lang);
  return id;
}

// Equipment and kinds in words.
std::string values_label(Lang lang, const std::string& variable, const std::string& values) {
  if (variable != "equipment" && variable != "kind") return values;
  std::string out;
  std::size_t from = 0;
  for (std::size_t k = 0; k <= values.size(); ++k) {
    if (k < values.size() && values[k] != ',') continue;
    auto item = values.substr(from, k - from);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (!out.empty()) out += ", ";
    out += variable == "kind" ? kind_label(lang, item) : std::string(workshops::equipment_label(item, lang));
    from = k + 1;
  }
  return out;
}

std::string archetype_part(const PageRequest& r, const analysis::Assignment& a) {
  std::string out = fmt::format(R"(<h3>{}</h3>)", esc(tr(r.lang, "fiche.archetype")));
  if (a.archetype.empty()) {
    return out +
           fmt::format(R"(<p id="archetype">{} — {}</p>)", esc(tr(r.lang, "analyses.not_determinable")), esc(a.reason));
  }
  out += fmt::format(R"(<p id="archetype"><strong>{}</strong> — {}</p>)", esc(name_of(r.lang, a.archetype)),
                     esc(fmt::format(fmt::runtime(tr(r.lang, "fiche.archetype_how")),
                                     tr(r.lang, "fiche.certainty." + a.certainty), number(r.lang, a.similarity, 2),
                                     number(r.lang, a.margin, 2), number(r.lang, 100 * a.coverage, 0))));
  std::string rows;
  for (const auto& e : a.fits.front().evidence) {
    rows += fmt::format(
        R"(<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>)",
        esc(variable_label(r.lang, e.variable)), esc(values_label(r.lang, e.variable, e.value)),
        esc(values_label(r.lang, e.variable, e.expected)), number(r.lang, e.similarity, 2), number(r.lang, e.weight, 1),
        esc(tr(r.lang, "fiche.basis." + e.basis)));
  }
  for (const auto& u : a.fits.front().unknown) {
    rows += fmt::format(R"(<tr><th scope="row">{}</th><td colspan="5" class="muted">{}</td></tr>)",
                        esc(variable_label(r.lang, u)), esc(tr(r.lang, "common.missing")));
  }
  out += fmt::format(
      R"(<table id="archetype-evidence"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "fiche.variable")), esc(tr(r.lang, "fiche.value")), esc(tr(r.lang, "fiche.expected")),
      esc(tr(r.lang, "fiche.similarity")), esc(tr(r.lang, "fiche.weight")), esc(tr(r.lang, "fiche.basis")), rows);
  if (a.fits.size() > 1 && a.fits[1].eligible) {
    out += fmt::format(R"(<p class="muted">{}</p>)",
                       esc(fmt::format(fmt::runtime(tr(r.lang, "fiche.second")), name_of(r.lang, a.fits[1].id),
                                       number(r.lang, a.fits[1].similarity, 2))));
  }
  return out;
}

std::string peers_part(const PageRequest& r, const Snapshot& snap, const analysis::PeerResult& p, std::size_t unit) {
  const auto& u = p.units[unit];
  std::string out = fmt::format(R"(<h3>{}</h3>)", esc(tr(r.lang, "fiche.peers")));
  std::string rows;
  for (const auto& peer : u.peers) {
    const auto& id = p.input.names[peer.unit];
    const auto* w = snap.workshop(id);
    const auto name = w != nullptr ? w->row.name : id;
    const auto cell = [&](double v) { return std::isnan(v) ? std::string("–") : number(r.lang, v, 3); };
    rows += fmt::format(
        R"(<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
        esc(href(r.lang, "/ateliers/" + url_encode(id))), esc(name),
        esc(w != nullptr && w->row.commune_name ? *w->row.commune_name : std::string()), cell(peer.distance),
        cell(peer.model), cell(peer.territory));
  }
  out += fmt::format(
      R"(<table id="peers"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "workshops.name")), esc(tr(r.lang, "fiche.commune")), esc(tr(r.lang, "fiche.distance")),
      esc(tr(r.lang, "fiche.model_part")), esc(tr(r.lang, "fiche.territory_part")), rows);
  std::string pct;
  for (std::size_t k = 0; k < p.input.indicator_names.size(); ++k) {
    if (std::isnan(u.percentile[k])) continue;
    pct += fmt::format(R"(<li>{} : {}</li>)", esc(variable_label(r.lang, p.input.indicator_names[k])),
                       number(r.lang, u.percentile[k], 0));
  }
  if (!pct.empty()) {
    out += fmt::format(R"(<p>{}</p><ul id="peer-percentiles" class="columns">{}</ul>)",
                       esc(tr(r.lang, "fiche.percentiles")), pct);
  }
  if (!std::isnan(u.fit_percentile)) {
    out += fmt::format(
        R"(<p id="territorial-fit">{}</p>)",
        esc(fmt::format(fmt::runtime(tr(r.lang, "fiche.territorial_fit")), name_of(r.lang, p.input.archetype[unit]),
                        number(r.lang, u.fit_percentile, 0), u.same_archetype)));
  }
  return out;
}

}  // namespace

std::string analyses_section(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w) {
  if (!w.unit) return {};
  const auto& a = snap.analyses;
  const auto unit = *w.unit;
  std::string out = fmt::format(R"(<section id="analyses"><h2>{}</h2><p class="muted">{} <a href="{}">{}</a></p>)",
                                esc(tr(r.lang, "fiche.analyses")), esc(tr(r.lang, "fiche.analyses_intro")),
                                esc(href(r.lang, "/analyses")), esc(tr(r.lang, "analyses.title")));
  if (unit < a.archetypes.size()) out += archetype_part(r, a.archetypes[unit]);
  if (a.peers && unit < a.peers->units.size()) out += peers_part(r, snap, *a.peers, unit);
  return out + "</section>";
}

}  // namespace fabscope::web
