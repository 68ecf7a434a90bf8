// The référentiel page (/referentiel), the pages' script and the error page.
#include "web/page_parts.hpp"

#include <fmt/format.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "graphics/charts.hpp"
#include "graphics/map.hpp"
#include "graphics/raster.hpp"
#include "graphics/scale.hpp"
#include "referential/referential.hpp"
#include "store/store.hpp"
#include "territory/indicators.hpp"
#include "app/snapshot.hpp"
#include "web/table.hpp"
#include "workshops/fit.hpp"

namespace fabscope::web {

std::string PageRequest::field(const std::string& name) const {
  const auto it = std::find_if(form.begin(), form.end(), [&](const auto& p) { return p.first == name; });
  return it == form.end() ? std::string() : it->second;
}

std::string PageRequest::param(const std::string& name, const std::string& fallback) const {
  const auto it = params.find(name);
  return it == params.end() || it->second.empty() ? fallback : it->second;
}

namespace {

// How many workshops of the panel have each indicator (empty while the first snapshot is
// being built, or before any import).
std::optional<std::pair<std::vector<std::size_t>, std::size_t>> indicator_counts(const PageRequest& r) {
  try {
    const auto snap = app::snapshot(r.store_path);
    return std::make_pair(snap->evaluation.panel.with_data, snap->evaluation.panel.units.size());
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string direction_text(Lang lang, referential::Direction d) {
  switch (d) {
    case referential::Direction::higher_better:
      return tr(lang, "referential.higher_better");
    case referential::Direction::lower_better:
      return tr(lang, "referential.lower_better");
    case referential::Direction::neutral:
      return tr(lang, "referential.neutral");
  }
  return "";
}

// The data an indicator has: "n / N ateliers", or why none (not collected yet).
std::string with_data_text(Lang lang, const referential::IndicatorDef& ind, std::optional<std::size_t> have,
                           std::size_t panel) {
  if (!have) return "—";
  if (*have > 0) return fmt::format(fmt::runtime(tr(lang, "referential.with_data")), *have, panel);
  const bool collected_later = ind.source.kind == referential::SourceKind::survey ||
                               ind.source.kind == referential::SourceKind::interview ||
                               ind.source.kind == referential::SourceKind::document;
  return tr(lang, collected_later ? "referential.not_collected" : "referential.no_data");
}

Reply referential_download(const PageRequest& r, const referential::Referential& ref) {
  const auto counts = indicator_counts(r);
  Table t;
  t.sheet = "referentiel";
  t.columns = {"dimension", "criterion", "indicator",  "label_fr", "label_en",           "weight",
               "source",    "unit",      "direction",  "normalisation", "missing", "workshops_with_data",
               "definition"};
  for (const auto& d : ref.dimensions) {
    for (const auto& c : d.children) {
      for (const auto i : c.indicators) {
        const auto& ind = ref.indicators[i];
        const double have = counts ? static_cast<double>(counts->first[i]) : std::nan("");
        t.rows.push_back({text_cell(d.id), text_cell(c.id), text_cell(ind.id), text_cell(ind.label_fr),
                          text_cell(ind.label_en), number_cell(ind.weight, ""), text_cell(referential::source_text(ind)),
                          text_cell(ind.unit), text_cell(std::string(referential::name_of(ind.method.direction))),
                          text_cell(std::string(referential::name_of(ind.method.normalisation))),
                          text_cell(std::string(referential::name_of(ind.method.missing))), number_cell(have, ""),
                          text_cell(ind.definition)});
      }
    }
  }
  return download(t, r.param("format"), "referentiel");
}

// One indicator: its label, then what it is, where it comes from, how it is scored, and how
// many workshops have it.
std::string indicator_item(const PageRequest& r, const referential::IndicatorDef& ind, std::optional<std::size_t> have,
                           std::size_t panel) {
  const bool scored = ind.method.direction != referential::Direction::neutral;
  std::string meta = fmt::format("<dt>{}</dt><dd><code>{}</code></dd>", esc(tr(r.lang, "referential.source")),
                                 esc(referential::source_text(ind)));
  meta += fmt::format("<dt>{}</dt><dd>{}</dd>", esc(tr(r.lang, "referential.direction")),
                      esc(direction_text(r.lang, ind.method.direction)));
  if (scored) {
    meta += fmt::format("<dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>", esc(tr(r.lang, "referential.normalisation")),
                        esc(referential::name_of(ind.method.normalisation)), esc(tr(r.lang, "referential.missing")),
                        esc(referential::name_of(ind.method.missing)));
    meta += fmt::format("<dt>{}</dt><dd>{}</dd>", esc(tr(r.lang, "referential.weight")),
                        have && *have == 0 ? esc(tr(r.lang, "referential.weight_unused"))
                                           : number(r.lang, ind.weight, 2));
  }
  meta += fmt::format(R"(<dt>{}</dt><dd class="{}">{}</dd>)", esc(tr(r.lang, "referential.data")),
                      have && *have == 0 ? "muted" : "", esc(with_data_text(r.lang, ind, have, panel)));
  return fmt::format(R"(<li class="indicator" id="ind-{}"><b>{}</b> <span class="muted">({}{})</span>)"
                     R"(<div class="def">{}</div><dl class="meta">{}</dl></li>)",
                     esc(ind.id), esc(pick(r.lang, ind.label_fr, ind.label_en)), esc(ind.id),
                     ind.unit.empty() ? "" : " · " + esc(ind.unit), esc(ind.definition), meta);
}

// A node's weight and its coverage rule when it has one.
std::string node_meta(const PageRequest& r, const referential::NodeDef& n, std::optional<double> rule) {
  std::string out = fmt::format("{}, {} {}", esc(n.id), esc(tr(r.lang, "referential.weight")), number(r.lang, n.weight, 2));
  if (rule && *rule > 0) {
    out += fmt::format(", {} {}", esc(tr(r.lang, "referential.min_coverage")), pct(r.lang, 100 * *rule, 0));
  }
  return out;
}

}  // namespace

Reply referential_page(const PageRequest& r) {
  const auto& ref = referential::Referential::active();
  if (!r.param("format").empty()) return referential_download(r, ref);
  const auto counts = indicator_counts(r);
  std::string body = fmt::format(R"(<p class="muted">{} — {} {}</p>)", esc(tr(r.lang, "referential.intro")),
                                 esc(ref.id), esc(ref.version));
  body += fmt::format("<p>{}</p>", esc(fmt::format(fmt::runtime(tr(r.lang, "score.rules")),
                                                   number(r.lang, 100 * ref.min_coverage, 0),
                                                   tr(r.lang, "score.policy." +
                                                                  std::string(referential::name_of(ref.missing_in_score))))));
  body += downloads(r);
  body += fmt::format(R"(<p><a id="scenario-link" href="{}">{}</a></p>)", esc(href(r.lang, "/scenario")),
                      esc(tr(r.lang, "scenario.link")));
  body += R"(<ul id="referential-tree" class="tree">)";
  for (const auto& d : ref.dimensions) {
    body += fmt::format(
        R"(<li class="dimension"><details open><summary><b>{}</b> <span class="muted">({})</span></summary><div class="def">{}</div><ul class="tree">)",
        esc(pick(r.lang, d.label_fr, d.label_en)), node_meta(r, d, d.min_coverage.value_or(ref.min_coverage)),
        esc(d.definition));
    for (const auto& c : d.children) {
      body += fmt::format(
          R"(<li class="criterion"><details><summary>{} <span class="muted">({})</span></summary><div class="def">{}</div><ul class="tree">)",
          esc(pick(r.lang, c.label_fr, c.label_en)), node_meta(r, c, c.min_coverage), esc(c.definition));
      for (const auto i : c.indicators) {
        body += indicator_item(r, ref.indicators[i], counts ? std::optional<std::size_t>(counts->first[i]) : std::nullopt,
                               counts ? counts->second : 0);
      }
      body += "</ul></details></li>";
    }
    body += "</ul></details></li>";
  }
  body += "</ul>";
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "referential.title"), body), {}, {}};
}

Reply static_script(const PageRequest&) {
  Reply r;
  r.content_type = "application/javascript; charset=utf-8";
  r.body = asset("app.js");
  r.cache_control = "public, max-age=3600";
  return r;
}

std::string error_page(Lang lang, int status, const std::string& message) {
  PageRequest r;
  r.lang = lang;
  r.path = "/";
  const std::string key = status == 404   ? "error.not_found"
                          : status == 503 ? "error.no_data"
                          : status >= 500 ? "error.internal"
                                          : "error.bad_request";
  return layout(r, fmt::format("{} {}", status, tr(lang, key)),
                fmt::format(R"(<p class="error">{}</p>)", esc(message)));
}

}  // namespace fabscope::web
