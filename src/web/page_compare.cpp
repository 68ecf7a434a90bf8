// The comparison page (/comparer): 2 to 4 workshops side by side (identity, scores with
// their intervals and coverage, the référentiel's indicators), or 2 to 4 territories side
// by side with the région of the first one and France (the aggregate of every commune,
// computed with the same rules). Pure HTML: a search box adds to the selection by links.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "referential/panel.hpp"
#include "referential/referential.hpp"
#include "store/store.hpp"
#include "territory/repository.hpp"
#include "web/page_parts.hpp"
#include "workshops/model.hpp"

namespace fabscope::web {
namespace {

constexpr std::size_t kMaxCompared = 4;

// "a,b,c" → its distinct non-empty items, at most kMaxCompared (more is a 400).
std::vector<std::string> selection(const PageRequest& r, const std::string& name) {
  std::vector<std::string> out;
  const auto s = r.param(name);
  std::size_t p = 0;
  while (p <= s.size()) {
    const auto q = std::min(s.find(',', p), s.size());
    const std::string item(text::trim(std::string_view(s).substr(p, q - p)));
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    p = q + 1;
  }
  if (out.size() > kMaxCompared) {
    throw PageError{400, fmt::format("{}: at most {} items are compared side by side", name, kMaxCompared)};
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ",")); }

// The current selection with a link to remove each item, then a search that adds to it.
std::string chooser(const PageRequest& r, const std::string& name, const std::vector<std::string>& chosen,
                    const std::vector<std::pair<std::string, std::string>>& labels,
                    const std::vector<std::pair<std::string, std::string>>& found) {
  std::string out = R"(<ul class="chosen">)";
  for (const auto& [id, label] : labels) {
    std::vector<std::string> rest;
    for (const auto& c : chosen) {
      if (c != id) rest.push_back(c);
    }
    out += fmt::format(R"(<li>{} <a class="remove" href="{}">{}</a></li>)", esc(label),
                       esc(href(r.lang, "/comparer", {{name, joined(rest)}})), esc(tr(r.lang, "compare.remove")));
  }
  out += "</ul>";
  if (chosen.size() < kMaxCompared) {
    out += fmt::format(R"(<form class="filters" method="get" action="/comparer"><input type="hidden" name="{}" value="{}">)",
                       name, esc(joined(chosen)));
    if (r.lang == Lang::en) out += R"(<input type="hidden" name="lang" value="en">)";
    if (name == "territoires") out += R"(<input type="hidden" name="quoi" value="territoires">)";
    out += fmt::format(R"(<label>{}<input name="q" value="{}" size="30"></label><button type="submit">{}</button></form>)",
                       esc(tr(r.lang, name == "ateliers" ? "compare.add_workshop" : "compare.add_territory")),
                       esc(r.param("q")), esc(tr(r.lang, "compare.search")));
    if (!found.empty()) {
      out += R"(<ul id="candidates">)";
      for (const auto& [id, label] : found) {
        auto more = chosen;
        more.push_back(id);
        out += fmt::format(R"(<li><a href="{}">+ {}</a></li>)", esc(href(r.lang, "/comparer", {{name, joined(more)}})),
                           esc(label));
      }
      out += "</ul>";
    }
  }
  return out;
}

// ---- workshops ---------------------------------------------------------------------------

// A score cell: "0,541 [0,237–0,558] · 100 % · rang 95 (73–133)", or "n.é. (17 %)".
std::string score_cell(const PageRequest& r, const Snapshot& snap, std::size_t unit, std::size_t nd) {
  const auto& e = snap.evaluation;
  const double cov = e.coverage(unit, nd);
  if (!e.evaluable(unit, nd)) {
    return fmt::format("{} ({})", tr(r.lang, "score.not_evaluable"), pct(r.lang, 100 * cov, 0));
  }
  std::string out = number(r.lang, e.score(unit, nd), 3);
  if (snap.uncertainty && snap.uncertainty->by_node.count(nd) != 0) {
    const auto& u = snap.uncertainty->by_node.at(nd)[unit];
    out += fmt::format(" [{}–{}]", number(r.lang, u.p05_score, 3), number(r.lang, u.p95_score, 3));
  }
  out += fmt::format(" · {} · {} {}", pct(r.lang, 100 * cov, 0), tr(r.lang, "compare.rank"), e.rank(unit, nd));
  if (snap.uncertainty && snap.uncertainty->by_node.count(nd) != 0) {
    const auto& u = snap.uncertainty->by_node.at(nd)[unit];
    out += fmt::format(" ({}–{})", number(r.lang, u.p05_rank, 0), number(r.lang, u.p95_rank, 0));
  }
  return out;
}

Table workshops_compared(const PageRequest& r, const Snapshot& snap, const std::vector<const WorkshopEntry*>& ws) {
  const auto& ref = referential::Referential::active();
  const auto& e = snap.evaluation;
  Table t;
  t.id = "compare";
  t.sheet = "comparaison";
  t.columns = {"row"};
  t.labels = {""};
  for (const auto* w : ws) {
    t.columns.push_back(w->row.id);
    t.labels.push_back(w->row.name);
  }
  auto add = [&](const std::string& id, const std::string& label, auto cell) {
    std::vector<Cell> row = {text_cell(label)};
    for (const auto* w : ws) row.push_back(cell(*w));
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(id);
  };
  add("name", tr(r.lang, "workshops.name"), [&](const WorkshopEntry& w) {
    return text_cell(w.row.name, href(r.lang, "/ateliers/" + url_encode(w.row.id)));
  });
  add("kind", tr(r.lang, "workshops.kind"),
      [&](const WorkshopEntry& w) { return text_cell(w.row.kind ? kind_label(r.lang, *w.row.kind) : ""); });
  add("commune", tr(r.lang, "workshops.commune"), [&](const WorkshopEntry& w) {
    return w.row.commune ? text_cell(w.row.commune_name.value_or(*w.row.commune),
                                     href(r.lang, "/territoires/commune/" + *w.row.commune))
                         : text_cell("");
  });
  add("dep", tr(r.lang, "workshops.dep"), [&](const WorkshopEntry& w) { return text_cell(w.row.dep.value_or("")); });
  add("equipment", tr(r.lang, "workshops.equipment"), [&](const WorkshopEntry& w) {
    std::vector<std::string> labels;
    for (const auto& id : w.equipment) labels.emplace_back(workshops::equipment_label(id, r.lang));
    return text_cell(fmt::format("{}", fmt::join(labels, ", ")));
  });
  add("laureate_2013", tr(r.lang, "workshops.laureate"),
      [&](const WorkshopEntry& w) { return text_cell(w.row.laureate.value_or("")); });
  std::vector<std::size_t> nodes = {e.total_node()};
  nodes.insert(nodes.end(), e.dimensions.begin(), e.dimensions.end());
  for (const auto nd : nodes) {
    add(e.nodes[nd], ref.node_label(e.nodes[nd], r.lang), [&](const WorkshopEntry& w) {
      if (!w.unit) return text_cell("");
      return number_cell(e.score(*w.unit, nd), score_cell(r, snap, *w.unit, nd));
    });
  }
  const std::size_t m = ref.indicators.size();
  for (std::size_t j = 0; j < m; ++j) {
    if (e.panel.with_data[j] == 0) continue;  // nobody has it: nothing to compare
    const auto& ind = ref.indicators[j];
    add(ind.id, pick(r.lang, ind.label_fr, ind.label_en), [&](const WorkshopEntry& w) {
      const double v = w.unit ? e.panel.values[*w.unit * m + j] : kNaN;
      return number_cell(v, value_with_unit(r.lang, v, ind.unit));
    });
  }
  return t;
}

std::string compare_workshops(const PageRequest& r, const Snapshot& snap, const std::vector<std::string>& ids,
                              Reply* download_out) {
  std::vector<const WorkshopEntry*> ws;
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& id : ids) {
    const auto* w = snap.workshop(id);
    if (w == nullptr) throw PageError{404, fmt::format("{} ({})", tr(r.lang, "workshop.not_found"), id)};
    ws.push_back(w);
    labels.emplace_back(id, w->row.name);
  }
  std::vector<std::pair<std::string, std::string>> found;
  if (const auto needle = text::search_key(r.param("q")); !needle.empty()) {
    for (const auto& w : snap.workshops) {
      if (found.size() >= 12) break;
      if (text::matches_all_words(w.search_key, needle) &&
          std::find(ids.begin(), ids.end(), w.row.id) == ids.end()) {
        found.emplace_back(w.row.id, fmt::format("{} — {}", w.row.name, w.row.commune_name.value_or("")));
      }
    }
  }
  std::string body = chooser(r, "ateliers", ids, labels, found);
  if (ws.size() >= 2) {
    const auto t = workshops_compared(r, snap, ws);
    if (download_out != nullptr) *download_out = download(t, r.param("format"), "comparaison-ateliers");
    body += downloads(r) + render_table(t);
    body += fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "compare.scores_note")));
  } else {
    body += fmt::format("<p>{}</p>", esc(tr(r.lang, "compare.pick_two")));
  }
  return body;
}

// ---- territories -------------------------------------------------------------------------

std::string compare_territories(const PageRequest& r, const Snapshot& snap, const std::vector<std::string>& keys,
                                Reply* download_out) {
  std::vector<const territory::Unit*> units;
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& key : keys) {
    const auto colon = key.find(':');
    const auto level = territory::parse_level(key.substr(0, colon == std::string::npos ? 0 : colon));
    const auto* u = level && colon != std::string::npos ? snap.unit(*level, key.substr(colon + 1)) : nullptr;
    if (u == nullptr) throw PageError{404, fmt::format("{} ({})", tr(r.lang, "territory.not_found"), key)};
    units.push_back(u);
    labels.emplace_back(key, fmt::format("{} ({} {})", u->name, level_name(r.lang, u->level), u->code));
  }
  std::vector<std::pair<std::string, std::string>> found;
  if (!r.param("q").empty()) {
    store::Store store(r.store_path, /*read_only=*/true);
    for (const auto& u : territory::search(store, r.param("q"), std::nullopt, 12)) {
      const auto key = fmt::format("{}:{}", territory::level_id(u.level), u.code);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        found.emplace_back(key, fmt::format("{} ({} {})", u.name, level_name(r.lang, u.level), u.code));
      }
    }
  }
  std::string body = chooser(r, "territoires", keys, labels, found);
  if (units.size() < 2) return body + fmt::format("<p>{}</p>", esc(tr(r.lang, "compare.pick_two")));
  // The région of the first territory (when it is below a région), then France.
  std::vector<const territory::Unit*> columns = units;
  if (const auto* reg = territory_parents(snap, *units.front()).second) columns.push_back(reg);
  if (const auto* fr = snap.france()) columns.push_back(fr);
  Table t;
  t.id = "compare";
  t.sheet = "comparaison";
  t.columns = {"indicator"};
  t.labels = {tr(r.lang, "territory.indicator")};
  for (const auto* u : columns) {
    t.columns.push_back(fmt::format("{}:{}", territory::level_id(u->level), u->code));
    t.labels.push_back(u->level == Level::fr ? u->name : fmt::format("{} ({})", u->name, u->code));
  }
  for (std::size_t i = 0; i < territory::kIndicatorCount; ++i) {
    std::vector<Cell> row = {text_cell(indicator_label(r.lang, i))};
    bool any = false;
    for (const auto* u : columns) {
      const bool defined = !(territory::commune_only(i) && u->level != Level::commune);
      const double v = defined ? u->values[i] : kNaN;
      any = any || !std::isnan(v);
      row.push_back(number_cell(v, defined ? format_indicator(r.lang, i, v) : ""));
    }
    if (!any) continue;
    t.rows.push_back(std::move(row));
    t.row_ids.emplace_back(indicator_def(i).id);
  }
  if (download_out != nullptr) *download_out = download(t, r.param("format"), "comparaison-territoires");
  body += downloads(r) + render_table(t);
  body += fmt::format(R"(<p class="muted">{}</p>)",
                      esc(tr(r.lang, snap.france() ? "compare.france_note" : "compare.no_france")));
  return body;
}

}  // namespace

Reply compare_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto ids = selection(r, "ateliers");
  const auto keys = selection(r, "territoires");
  const bool want_download = !r.param("format").empty();
  Reply file;
  std::string body;
  if (!keys.empty() || (ids.empty() && r.param("quoi") == "territoires")) {
    body = compare_territories(r, *snap, keys, want_download ? &file : nullptr);
  } else {
    body = compare_workshops(r, *snap, ids, want_download ? &file : nullptr);
  }
  if (want_download) {
    if (file.body.empty()) throw PageError{400, tr(r.lang, "compare.pick_two")};
    return file;
  }
  const std::string tabs = fmt::format(
      R"(<p class="tabs"><a href="{}">{}</a> · <a href="{}">{}</a></p>)", esc(href(r.lang, "/comparer")),
      esc(tr(r.lang, "compare.workshops")), esc(href(r.lang, "/comparer", {{"quoi", "territoires"}})),
      esc(tr(r.lang, "compare.territories")));
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "compare.title"), tabs + body), {}, {}};
}

}  // namespace fabscope::web
