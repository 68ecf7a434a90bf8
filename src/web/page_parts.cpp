// What every page shares: templates, layout, tables and downloads, links, indicator labels.
#include "web/page_parts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>

#include "collect/campaign.hpp"
#include "core/catalog.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "graphics/charts.hpp"
#include "graphics/map.hpp"
#include "graphics/raster.hpp"
#include "graphics/scale.hpp"
#include "referential/referential.hpp"
#include "sources/catalog.hpp"

#include "app/snapshot.hpp"
#include "store/store.hpp"
#include "territory/indicators.hpp"
#include "web/table.hpp"
#include "workshops/fit.hpp"

namespace fabscope::web {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string asset(std::string_view name) {
  for (const auto& [n, content] : embedded_templates()) {
    if (n == name) return std::string(content);
  }
  throw Error(ExitCode::failure, fmt::format("template {} is not embedded", name));
}

std::string esc(std::string_view s) { return text::xml_escape(s); }

std::string url_encode(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// A link that keeps the language.
std::string href(Lang lang, const std::string& path, std::map<std::string, std::string> params) {
  if (lang == Lang::en) params["lang"] = "en";
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    out += sep + url_encode(k) + "=" + url_encode(v);
    sep = '&';
  }
  return out;
}

// A download's file name from an id ("fablabs_io:lab" -> "fablabs_io-lab").
std::string file_stem(const std::string& id) {
  std::string out;
  for (const unsigned char c : id) out += std::isalnum(c) || c == '_' || c == '-' ? static_cast<char>(c) : '-';
  return out;
}

std::string lang_url(const PageRequest& r, Lang target) {
  auto p = r.params;
  p.erase("lang");
  p.erase("format");
  // r.path is decoded: encode each segment again (an id may hold any character).
  std::string path;
  std::size_t start = 1;
  while (start <= r.path.size()) {
    auto end = r.path.find('/', start);
    if (end == std::string::npos) end = r.path.size();
    path += "/" + url_encode(r.path.substr(start, end - start));
    start = end + 1;
  }
  if (path.empty()) path = "/";
  return href(target, path, p);
}

std::string layout(const PageRequest& r, const std::string& title, const std::string& body, bool report) {
  thread_local mustache tmpl{asset("layout.mustache")};
  data d;
  d.set("lang", std::string(lang_id(r.lang)));
  d.set("title", title);
  d.set("css", asset("style.css"));
  d.set("body", body);
  d.set("tagline", tr(r.lang, "site.tagline"));
  d.set("footer", tr(r.lang, "footer.sources"));
  d.set("home_href", href(r.lang, "/"));
  d.set("workshops_href", href(r.lang, "/ateliers"));
  d.set("territories_href", href(r.lang, "/territoires"));
  d.set("referential_href", href(r.lang, "/referentiel"));
  d.set("compare_href", href(r.lang, "/comparer"));
  d.set("analyses_href", href(r.lang, "/analyses"));
  d.set("impacts_href", href(r.lang, "/impacts"));
  d.set("recommendations_href", href(r.lang, "/recommandations"));
  d.set("opportunities_href", href(r.lang, "/opportunites"));
  d.set("about_href", href(r.lang, "/a-propos"));
  d.set("skip", tr(r.lang, "nav.skip"));
  d.set("method_href", href(r.lang, "/methode"));
  d.set("nav_about", tr(r.lang, "nav.about"));
  d.set("nav_method", tr(r.lang, "nav.method"));
  for (const auto* k : {"home", "workshops", "territories", "compare", "analyses", "impacts", "recommendations", "opportunities",
                        "referential", "api"})
    d.set(std::string("nav_") + k, tr(r.lang, std::string("nav.") + k));
  d.set("url_fr", lang_url(r, Lang::fr));
  d.set("url_en", lang_url(r, Lang::en));
  d.set("is_fr", r.lang == Lang::fr);
  d.set("report", report);
  if (report) {
    // The date of the day (fixed with FABSCOPE_DETERMINISTIC=1, for golden files).
    d.set("generated", fmt::format("{} ({}) — {}", tr(r.lang, "report.generated"), store::now_iso8601().substr(0, 10),
                                   r.store_path.filename().string()));
  }
  return tmpl.render(d);
}

std::string render_table(const Table& t) {
  thread_local mustache tmpl{asset("table.mustache")};
  data d;
  d.set("id", t.id);
  data labels{data::type::list};
  for (std::size_t i = 0; i < t.labels.size(); ++i) {
    data c;
    c.set("text", t.labels[i]);
    c.set("num", !t.rows.empty() && t.rows.front().size() > i && t.rows.front()[i].numeric);
    labels.push_back(c);
  }
  d.set("labels", labels);
  data rows{data::type::list};
  for (std::size_t ri = 0; ri < t.rows.size(); ++ri) {
    data row;
    if (ri < t.row_ids.size()) row.set("row_id", t.row_ids[ri]);
    data cells{data::type::list};
    for (std::size_t ci = 0; ci < t.rows[ri].size(); ++ci) {
      const auto& c = t.rows[ri][ci];
      data cell;
      cell.set("text", c.text);
      cell.set("num", c.numeric);
      if (!c.href.empty()) cell.set("href", c.href);
      if (!c.href.empty() && t.id == "workshops") cell.set("cls", "fiche");
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  d.set("rows", rows);
  return tmpl.render(d);
}

Reply download(const Table& t, const std::string& format, const std::string& stem) {
  return download(std::vector<Table>{t}, format, stem);
}

Reply download(const std::vector<Table>& tables, const std::string& format, const std::string& stem) {
  const Table& t = tables.front();
  Reply rep;
  if (format == "csv") {
    rep.content_type = "text/csv; charset=utf-8";
    rep.body = to_csv(t);
    rep.filename = stem + ".csv";
  } else if (format == "xlsx") {
    rep.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    rep.body = to_xlsx(tables);
    rep.filename = stem + ".xlsx";
  } else {
    throw PageError{400, fmt::format("format must be csv or xlsx, not '{}'", format)};
  }
  return rep;
}

std::string downloads(const PageRequest& r, const std::string& id_prefix) {
  auto p = r.params;
  p.erase("lang");
  std::string out =
      fmt::format(R"(<p class="downloads">{}{} )", esc(tr(r.lang, "workshops.download")), text::colon(r.lang));
  for (const auto* f : {"csv", "xlsx"}) {
    p["format"] = f;
    out += fmt::format(R"(<a id="{}-{}" href="{}" download>{}</a>)", id_prefix, f, esc(href(r.lang, r.path, p)),
                       f == std::string("csv") ? "CSV" : "XLSX");
  }
  return out + "</p>";
}

std::string pdf_button(const PageRequest& r) {
  auto p = r.params;
  p.erase("lang");
  p["format"] = "pdf";
  return fmt::format(R"(<p class="downloads"><a id="download-pdf" href="{}" download>{}</a></p>)",
                     esc(href(r.lang, r.path, p)), esc(tr(r.lang, "download.pdf")));
}

const territory::IndicatorDef& indicator_def(std::size_t i) { return territory::indicators()[i]; }
std::string indicator_label(Lang lang, std::size_t i) {
  return std::string(pick(lang, indicator_def(i).label_fr, indicator_def(i).label_en));
}
std::string format_indicator(Lang lang, std::size_t i, double v) {
  return std::isnan(v) ? tr(lang, "common.missing") : territory::format_value(indicator_def(i), v, lang);
}

// Percentile (mid-rank, 0–100) of v among the defined values of an indicator at a level.
double percentile(const std::vector<territory::Unit>& units, std::size_t ind, double v) {
  if (std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
  double less = 0, equal = 0, n = 0;
  for (const auto& u : units) {
    const double x = u.values[ind];
    if (std::isnan(x)) continue;
    n += 1;
    if (x < v) less += 1;
    if (x == v) equal += 1;
  }
  return n == 0 ? std::numeric_limits<double>::quiet_NaN() : 100.0 * (less + 0.5 * equal) / n;
}

// Kinds' labels come from the workshop model (workshops::kinds()).
// Its département and région (for a commune, EPCI or ZE: those of its (first) commune; for a
// département its région), as the page shows them and its downloads write them.
std::pair<const territory::Unit*, const territory::Unit*> territory_parents(const Snapshot& snap,
                                                                            const territory::Unit& u) {
  std::string commune_code = u.level == Level::commune ? u.code : "";
  if (commune_code.empty() && (u.level == Level::epci || u.level == Level::ze)) {
    for (const auto& [c, p] : snap.places) {
      if ((u.level == Level::epci ? p.epci : p.ze) == u.code) {
        commune_code = c;
        break;
      }
    }
  }
  const territory::Unit* dep = nullptr;
  const territory::Unit* reg = nullptr;
  if (u.level == Level::dep) {
    for (const auto& [c, p] : snap.places) {
      if (p.dep == u.code) {
        reg = snap.unit(Level::reg, p.reg);
        break;
      }
    }
  } else if (!commune_code.empty()) {
    dep = snap.unit(Level::dep, snap.parent(commune_code, Level::dep));
    reg = snap.unit(Level::reg, snap.parent(commune_code, Level::reg));
  }
  return {dep, reg};
}

graphics::Frame chart_frame(Lang lang) {
  graphics::Frame f;
  f.decimal = lang == Lang::fr ? "," : ".";
  return f;
}

std::string pct(Lang lang, double v, int decimals) { return std::isnan(v) ? "—" : text::percent(lang, v, decimals); }

std::string value_with_unit(Lang lang, double v, const std::string& unit) {
  if (std::isnan(v)) return "—";
  const int digits = std::abs(v) < 1e15 && v == std::round(v) ? 0 : std::abs(v) < 10 ? 3 : 1;
  return number(lang, v, digits) + (unit.empty() ? "" : " " + unit);
}

std::string kind_label(Lang lang, const std::string& kind) {
  for (const auto& k : workshops::kinds()) {
    if (k.id == kind) return std::string(pick(lang, k.label_fr, k.label_en));
  }
  return kind == "?" ? tr(lang, "kind.unknown") : kind;
}

std::string unit_label(Lang lang, std::string_view unit) {
  const auto* t = find_text("unit." + std::string(unit));
  return t != nullptr ? std::string(t->in(lang)) : std::string(unit);
}

std::string indicator_sources(std::size_t indicator) {
  std::vector<std::string> parts;
  const std::string ids(indicator_def(indicator).sources);
  std::size_t start = 0;
  while (start < ids.size()) {
    auto end = ids.find(',', start);
    if (end == std::string::npos) end = ids.size();
    const auto id = text::trim(std::string_view(ids).substr(start, end - start));
    if (const auto* d = sources::Catalog::builtin().find(std::string(id))) {
      const auto publisher = d->publisher.substr(0, d->publisher.find(" ("));
      const auto part = fmt::format("{} {}", publisher, d->vintage.substr(0, 4));
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
    }
    start = end + 1;
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string level_name(Lang lang, Level l) {
  return tr(lang, std::string("level.") + std::string(territory::level_id(l)));
}

std::string csrf_token(const PageRequest& r, Reply& reply, const char* cookie, const char* path) {
  if (const auto it = r.cookies.find(cookie); it != r.cookies.end() && it->second.size() == 43) return it->second;
  auto t = collect::new_token();  // 256 bits from getrandom, base64url
  reply.headers.emplace_back("Set-Cookie", fmt::format("{}={}; Path={}; HttpOnly; SameSite=Strict", cookie, t, path));
  return t;
}

bool csrf_ok(const PageRequest& r, const char* cookie) {
  const auto it = r.cookies.find(cookie);
  const auto field = std::find_if(r.form.begin(), r.form.end(), [](const auto& p) { return p.first == "_csrf"; });
  return it != r.cookies.end() && field != r.form.end() && !it->second.empty() && field->second == it->second;
}

bool rate_allow(const std::string& key, double per_minute) {
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  static std::mutex mutex;
  static std::unordered_map<std::string, Bucket> buckets;
  const double capacity = std::max(1.0, per_minute / 4);
  const auto now = std::chrono::steady_clock::now();
  const std::lock_guard lock(mutex);
  if (buckets.size() > 100000) buckets.clear();
  auto [it, fresh] = buckets.try_emplace(key, Bucket{capacity, now});
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
    it->second.tokens = std::min(capacity, it->second.tokens + elapsed * per_minute / 60.0);
    it->second.last = now;
  }
  if (it->second.tokens < 1) return false;
  it->second.tokens -= 1;
  return true;
}

}  // namespace fabscope::web
