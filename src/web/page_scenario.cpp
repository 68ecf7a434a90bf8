// Weight scenarios (/scenario): the weights of the dimensions, criteria and indicators in a
// form (GET, so the URL is the permalink), the panel re-scored on the server with them and
// compared with the published ranking (who moved, by how much), and the edited référentiel
// as TOML (?format=toml). A value that is not a weight keeps what the user typed, says why,
// and scores nothing.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "referential/panel.hpp"
#include "referential/referential.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

constexpr double kMaxWeight = 1000;

struct Edits {
  std::map<std::string, double> weights;        // id -> new weight (valid ones)
  std::map<std::string, std::string> typed;     // id -> what the user typed
  std::map<std::string, std::string> problems;  // id -> why it is not a weight
};

// The w.<id> parameters of the request, checked against the référentiel's ids.
Edits read_edits(const PageRequest& r, const referential::Referential& ref) {
  Edits e;
  std::map<std::string, double> current;
  for (const auto& d : ref.dimensions) {
    current[d.id] = d.weight;
    for (const auto& c : d.children) current[c.id] = c.weight;
  }
  for (const auto& ind : ref.indicators) current[ind.id] = ind.weight;
  for (const auto& [key, value] : r.params) {
    if (key.rfind("w.", 0) != 0) continue;
    const auto id = key.substr(2);
    if (current.count(id) == 0) throw PageError{400, fmt::format("{}: no dimension, criterion or indicator has this id", key)};
    e.typed[id] = value;
    std::string t(text::trim(value));
    std::replace(t.begin(), t.end(), ',', '.');
    const auto v = text::parse_double(t);
    if (!v || !(*v > 0) || *v > kMaxWeight) {
      e.problems[id] = fmt::format(fmt::runtime(tr(r.lang, "scenario.bad_weight")), kMaxWeight);
    } else if (*v != current[id]) {
      e.weights[id] = *v;
    }
  }
  return e;
}

// One weight input: the label, the field (what the user typed, or the current weight), its
// problem if any.
std::string weight_input(const PageRequest& r, const std::string& id, const std::string& label, double current,
                         const Edits& e, const std::string& note = "") {
  const auto typed = e.typed.find(id);
  const auto problem = e.problems.find(id);
  const std::string value = typed != e.typed.end() ? typed->second : number(r.lang, current, 2);
  std::string out = fmt::format(
      R"(<label class="weight{}">{} <span class="muted">({}{})</span><input name="w.{}" value="{}" size="5" inputmode="decimal"{}>)",
      problem != e.problems.end() ? " invalid" : "", esc(label), esc(id), note.empty() ? "" : " · " + esc(note),
      esc(id), esc(value), problem != e.problems.end() ? R"( aria-invalid="true")" : "");
  if (problem != e.problems.end()) out += fmt::format(R"(<span class="field-error">{}</span>)", esc(problem->second));
  return out + "</label>";
}

std::string weights_form(const PageRequest& r, const referential::Referential& ref, const Edits& e,
                         const referential::Evaluation& base) {
  std::string out = R"(<form id="scenario" method="get" action="/scenario">)";
  if (r.lang == Lang::en) out += R"(<input type="hidden" name="lang" value="en">)";
  for (const auto& d : ref.dimensions) {
    out += fmt::format(R"(<fieldset><legend>{}</legend>)",
                       weight_input(r, d.id, pick(r.lang, d.label_fr, d.label_en), d.weight, e));
    for (const auto& c : d.children) {
      // The summary names the criterion; its weight is the first field inside (a summary
      // may not hold a field).
      out += fmt::format(R"(<details{}><summary>{}</summary>{})", e.problems.empty() ? "" : " open",
                         esc(pick(r.lang, c.label_fr, c.label_en)),
                         weight_input(r, c.id, tr(r.lang, "scenario.criterion_weight"), c.weight, e));
      for (const auto i : c.indicators) {
        const auto& ind = ref.indicators[i];
        if (ind.method.direction == referential::Direction::neutral) continue;
        const auto note = base.panel.with_data[i] == 0 ? tr(r.lang, "scenario.no_data") : "";
        out += weight_input(r, ind.id, pick(r.lang, ind.label_fr, ind.label_en), ind.weight, e, note);
      }
      out += "</details>";
    }
    out += "</fieldset>";
  }
  return out + fmt::format(R"(<button type="submit">{}</button> <a href="{}">{}</a></form>)",
                           esc(tr(r.lang, "scenario.recompute")), esc(href(r.lang, "/scenario")),
                           esc(tr(r.lang, "scenario.reset")));
}

// The scenario's ranking against the published one, on the node the scenario ranks by.
std::string movements(const PageRequest& r, const referential::Referential& edited, const referential::Evaluation& base,
                      const referential::Evaluation& now) {
  const auto on = now.ranking_node();
  const auto order = now.ranking(on, false);
  std::size_t moved = 0;
  int up = 0, down = 0;
  std::string up_name, down_name;
  std::string rows;
  for (const auto i : order) {
    const int a = base.rank(i, on), b = now.rank(i, on);
    const int delta = a > 0 ? a - b : 0;
    moved += a != b ? 1 : 0;
    if (delta > up) up = delta, up_name = now.panel.units[i].name;
    if (delta < down) down = delta, down_name = now.panel.units[i].name;
    const std::string change = a == 0 ? tr(r.lang, "scenario.new") : delta > 0 ? fmt::format("▲ {}", delta)
                                                                  : delta < 0 ? fmt::format("▼ {}", -delta)
                                                                              : "=";
    rows += fmt::format(
        R"(<tr><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td><a href="{}">{}</a></td>)"
        R"(<td class="num">{}</td><td class="num">{}</td></tr>)",
        b, a > 0 ? std::to_string(a) : "—", esc(change),
        esc(href(r.lang, "/ateliers/" + url_encode(now.panel.units[i].id))), esc(now.panel.units[i].name),
        number(r.lang, now.score(i, on), 3), number(r.lang, base.score(i, on), 3));
  }
  std::string out = fmt::format(
      "<h2>{}</h2><p>{}</p>", esc(tr(r.lang, "scenario.result")),
      esc(fmt::format(fmt::runtime(tr(r.lang, "scenario.summary")), edited.node_label(now.nodes[on], r.lang),
                      order.size(), moved)));
  if (up > 0) out += fmt::format("<p>{}</p>", esc(fmt::format(fmt::runtime(tr(r.lang, "scenario.up")), up_name, up)));
  if (down < 0) {
    out += fmt::format("<p>{}</p>", esc(fmt::format(fmt::runtime(tr(r.lang, "scenario.down")), down_name, -down)));
  }
  return out + fmt::format(
                   R"(<table id="scenario-ranking"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>)"
                   R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
                   R"(</tr></thead><tbody>{}</tbody></table>)",
                   esc(tr(r.lang, "scenario.rank")), esc(tr(r.lang, "scenario.rank_before")),
                   esc(tr(r.lang, "scenario.change")), esc(tr(r.lang, "workshops.name")),
                   esc(tr(r.lang, "scenario.score")), esc(tr(r.lang, "scenario.score_before")), rows);
}

}  // namespace

Reply scenario_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto& ref = referential::Referential::active();
  const auto edits = read_edits(r, ref);
  const auto edited = edits.problems.empty() ? ref.with_weights(edits.weights) : ref;
  if (r.param("format") == "toml") {
    if (!edits.problems.empty()) throw PageError{400, tr(r.lang, "scenario.fix_first")};
    Reply file;
    file.content_type = "application/toml; charset=utf-8";
    file.body = edited.text;
    file.filename = "referentiel-scenario.toml";
    return file;
  }
  if (!r.param("format").empty()) throw PageError{400, "format must be toml"};
  std::string body = fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "scenario.intro")));
  body += weights_form(r, ref, edits, snap->evaluation);
  if (!edits.problems.empty()) {
    body += fmt::format(R"(<p class="error" role="alert">{}</p>)", esc(tr(r.lang, "scenario.fix_first")));
  } else if (!edits.weights.empty()) {
    const auto now = referential::score_panel(snap->evaluation.panel, edited.scoring_skeleton());
    std::map<std::string, std::string> params;
    for (const auto& [k, v] : r.params) {
      if (k.rfind("w.", 0) == 0) params.emplace(k, v);
    }
    params["format"] = "toml";
    body += fmt::format(R"(<p><a id="scenario-toml" href="{}">{}</a> · {}</p>)",
                        esc(href(r.lang, "/scenario", params)), esc(tr(r.lang, "scenario.download")),
                        esc(tr(r.lang, "scenario.permalink")));
    body += movements(r, edited, snap->evaluation, now);
  } else {
    body += fmt::format("<p>{}</p>", esc(tr(r.lang, "scenario.change_a_weight")));
  }
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "scenario.title"), body), {}, {}};
}

}  // namespace fabscope::web
