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

std::string PageRequest::param(const std::string& name, const std::string& fallback) const {
  const auto it = params.find(name);
  return it == params.end() || it->second.empty() ? fallback : it->second;
}

Reply referential_page(const PageRequest& r) {
  const auto& ref = referential::Referential::builtin();
  if (!r.param("format").empty()) {
    Table t;
    t.sheet = "referentiel";
    t.columns = {"dimension", "criterion", "indicator", "label_fr",  "label_en",
                 "weight",    "source",    "unit",      "definition"};
    static constexpr const char* kinds[] = {"territory", "workshop", "survey", "interview", "document", "formula"};
    for (const auto& d : ref.dimensions) {
      for (const auto& c : d.children) {
        for (const auto i : c.indicators) {
          const auto& ind = ref.indicators[i];
          t.rows.push_back({text_cell(d.id), text_cell(c.id), text_cell(ind.id), text_cell(ind.label_fr),
                            text_cell(ind.label_en), number_cell(ind.weight, ""),
                            text_cell(std::string(kinds[static_cast<int>(ind.source.kind)]) + ":" + ind.source.name),
                            text_cell(ind.unit), text_cell(ind.definition)});
        }
      }
    }
    return download(t, r.param("format"), "referentiel");
  }
  std::string body = fmt::format(R"(<p class="muted">{} — {} {}</p>)", esc(tr(r.lang, "referential.intro")),
                                 esc(ref.id), esc(ref.version));
  body += downloads(r);
  body += R"(<ul id="referential-tree" class="tree">)";
  auto source_text = [](const referential::Source& s) {
    static constexpr const char* kinds[] = {"territory", "workshop", "survey", "interview", "document", "formula"};
    return fmt::format("{}:{}{}", kinds[static_cast<int>(s.kind)], s.name, s.level.empty() ? "" : "@" + s.level);
  };
  for (const auto& d : ref.dimensions) {
    body += fmt::format(
        R"(<li class="dimension"><details open><summary><b>{}</b> <span class="muted">({}, {} {})</span></summary><div class="def">{}</div><ul class="tree">)",
        esc(pick(r.lang, d.label_fr, d.label_en)), esc(d.id), esc(tr(r.lang, "referential.weight")),
        number(r.lang, d.weight, 2), esc(d.definition));
    for (const auto& c : d.children) {
      body += fmt::format(
          R"(<li class="criterion"><details><summary>{} <span class="muted">({}, {} {})</span></summary><div class="def">{}</div><ul class="tree">)",
          esc(pick(r.lang, c.label_fr, c.label_en)), esc(c.id), esc(tr(r.lang, "referential.weight")),
          number(r.lang, c.weight, 2), esc(c.definition));
      for (const auto i : c.indicators) {
        const auto& ind = ref.indicators[i];
        body += fmt::format(
            R"(<li class="indicator" id="ind-{}">{} <span class="muted">({} · {} {} · {} {})</span><div class="def">{}</div></li>)",
            esc(ind.id), esc(pick(r.lang, ind.label_fr, ind.label_en)), esc(ind.id),
            esc(tr(r.lang, "referential.source")), esc(source_text(ind.source)), esc(tr(r.lang, "referential.weight")),
            number(r.lang, ind.weight, 2), esc(ind.definition));
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
