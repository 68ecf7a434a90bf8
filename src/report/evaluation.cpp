#include "report/evaluation.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/catalog.hpp"
#include "core/text.hpp"
#include "sources/catalog.hpp"

namespace fabscope::report {

namespace {

using io::XlsxValue;
XlsxValue num(double v) { return XlsxValue{v}; }
XlsxValue txt(std::string v) { return XlsxValue{std::move(v)}; }

// The columns of the total or a dimension for one unit.
void scored_node_cells(const referential::Referential& r, const referential::Evaluation& e,
                       const std::vector<referential::UnitUncertainty>* unc, std::size_t i, std::size_t nd,
                       std::vector<XlsxValue>& row) {
  const double nan = std::nan("");
  const auto* u = unc != nullptr ? &(*unc)[i] : nullptr;
  std::vector<std::string> missing;
  for (const auto col : e.missing(i, nd)) missing.push_back(r.indicators[col].id);
  const int rank = e.rank(i, nd);
  row.insert(row.end(), {num(e.score(i, nd)), num(u ? u->p05_score : nan), num(u ? u->p95_score : nan),
                         num(e.coverage(i, nd)), num(e.min_coverage[nd]), num(static_cast<double>(e.known(i, nd))),
                         num(static_cast<double>(e.columns[nd].size())),
                         txt(std::string(referential::state_id(referential::score_state(e, i, nd)))), rank > 0 ? num(rank) : XlsxValue{},
                         num(u && rank > 0 ? u->p05_rank : nan), num(u && rank > 0 ? u->p95_rank : nan),
                         txt(fmt::format("{}", fmt::join(missing, " ")))});
}

}  // namespace

io::XlsxSheet ranking_table(const referential::Referential& r, const referential::Evaluation& e,
                            const std::optional<referential::UncertaintyResult>& unc, Lang lang) {
  const std::size_t on = e.ranking_node();
  io::XlsxSheet t{tr(lang, "cli.referential.xlsx.ranking"), {"rank", "ranked_on", "id", "name", "commune", "level"},
                  {}, {8, 12, 30, 40, 10, 10}};
  std::vector<std::size_t> scored = {e.total_node()};
  scored.insert(scored.end(), e.dimensions.begin(), e.dimensions.end());
  for (const auto nd : scored) {
    for (const char* suffix : {"", "_p05", "_p95", "_coverage", "_min_coverage", "_known", "_indicators", "_state",
                               "_rank", "_rank_p05", "_rank_p95", "_missing"}) {
      t.header.push_back(e.nodes[nd] + suffix);
    }
  }
  std::vector<std::size_t> criteria;
  for (std::size_t nd = 0; nd < e.nodes.size(); ++nd) {
    if (std::find(scored.begin(), scored.end(), nd) != scored.end()) continue;
    criteria.push_back(nd);
    t.header.push_back(e.nodes[nd]);
    t.header.push_back(e.nodes[nd] + "_coverage");
  }
  t.header.push_back("fictitious_answers");  // 1: its scores use the demonstration's fictitious answers
  for (const auto i : e.ranking(on, /*with_unranked=*/true)) {
    const auto& u = e.panel.units[i];
    const int rank = e.rank(i, on);
    std::vector<XlsxValue> row = {rank > 0 ? num(rank) : XlsxValue{}, txt(e.nodes[on]), txt(u.id), txt(u.name),
                                  txt(u.commune), txt(referential::verbal_level(r, e.total(i), lang))};
    for (const auto nd : scored) {
      const std::vector<referential::UnitUncertainty>* by_node = nullptr;
      if (unc && unc->by_node.count(nd) != 0) by_node = &unc->by_node.at(nd);
      scored_node_cells(r, e, by_node, i, nd, row);
    }
    for (const auto nd : criteria) {
      row.push_back(num(e.score(i, nd)));
      row.push_back(num(e.coverage(i, nd)));
    }
    row.push_back(num(u.fictitious ? 1 : 0));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string table_csv(const io::XlsxSheet& table) {
  std::string out;
  for (std::size_t c = 0; c < table.header.size(); ++c) out += (c ? "," : "") + text::csv_field(table.header[c]);
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ",";
      if (const auto* d = std::get_if<double>(&row[c])) {
        if (!std::isnan(*d)) out += text::format_double(*d);
      } else if (const auto* s = std::get_if<std::string>(&row[c])) {
        out += text::csv_field(*s);
      }
    }
    out += "\n";
  }
  return out;
}

std::string table_json(const referential::Referential& r, const referential::Evaluation& e,
                       const std::optional<referential::UncertaintyResult>& unc, const io::XlsxSheet& table) {
  using nlohmann::ordered_json;
  ordered_json units = ordered_json::array();
  for (const auto& row : table.rows) {
    ordered_json j = ordered_json::object();
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto& key = table.header[c];
      const bool count = key == "rank" || key == "fictitious_answers" || key.ends_with("_rank") || key.ends_with("_known") || key.ends_with("_indicators");
      if (const auto* d = std::get_if<double>(&row[c])) {
        if (std::isnan(*d)) {
          j[key] = nullptr;
        } else if (count) {
          j[key] = static_cast<std::int64_t>(std::llround(*d));
        } else {
          j[key] = *d;
        }
      } else if (const auto* s = std::get_if<std::string>(&row[c])) {
        j[key] = *s;
      } else {
        j[key] = nullptr;
      }
    }
    units.push_back(std::move(j));
  }
  ordered_json out = {{"referential", r.id},
                      {"version", r.version},
                      {"ranked_on", e.nodes[e.ranking_node()]},
                      {"missing_in_score", std::string(referential::name_of(e.missing_in_score))},
                      {"units", std::move(units)}};
  if (unc) {
    out["assumptions"] = unc->assumptions;
    for (const auto& f : unc->sensitivity) {
      out["sensitivity"].push_back({{"factor", f.factor}, {"first_order", f.first_order}, {"total", f.total}});
    }
  }
  return out.dump(1) + "\n";
}

std::vector<io::XlsxSheet> evaluation_sheets(const referential::Referential& r, const referential::Evaluation& e,
                                             const std::optional<referential::UncertaintyResult>& unc, Lang lang) {
  const std::size_t m = r.indicators.size();
  io::XlsxSheet ranking = ranking_table(r, e, unc, lang);
  io::XlsxSheet values{
      tr(lang, "cli.referential.xlsx.indicators"), {"id", tr(lang, "cli.referential.xlsx.workshop")}, {}, {}};
  for (const auto& ind : r.indicators) {
    values.header.push_back(ind.id);
    values.header.push_back("n_" + ind.id);
  }
  for (std::size_t i = 0; i < e.panel.units.size(); ++i) {
    const auto& u = e.panel.units[i];
    std::vector<XlsxValue> vrow = {txt(u.id), txt(u.name)};
    for (std::size_t j = 0; j < m; ++j) {
      vrow.push_back(num(e.panel.values[i * m + j]));
      vrow.push_back(num(e.result.normalised[i * m + j]));
    }
    values.rows.push_back(std::move(vrow));
  }
  io::XlsxSheet defs{
      tr(lang, "cli.referential.xlsx.framework_sheet"),
      {"id", tr(lang, "cli.referential.xlsx.label"), tr(lang, "cli.referential.xlsx.describes"),
       tr(lang, "cli.referential.xlsx.impact_area"), tr(lang, "cli.referential.xlsx.impact_level"), "source",
       tr(lang, "cli.referential.xlsx.unit"), tr(lang, "cli.referential.xlsx.direction"), "normalisation",
       "missing", tr(lang, "cli.referential.xlsx.weight"), tr(lang, "cli.referential.xlsx.units_with_data")},
      {},
      {22, 50, 18, 18, 12, 40}};
  for (std::size_t j = 0; j < m; ++j) {
    const auto& ind = r.indicators[j];
    defs.rows.push_back({txt(ind.id), txt(pick(lang, ind.label_fr, ind.label_en)), txt(ind.describes),
                         txt(ind.impact_area), txt(ind.impact_level), txt(referential::source_text(ind)), txt(ind.unit),
                         txt(std::string(referential::name_of(ind.method.direction))),
                         txt(std::string(referential::name_of(ind.method.normalisation))),
                         txt(std::string(referential::name_of(ind.method.missing))), num(ind.weight),
                         num(static_cast<double>(e.panel.with_data[j]))});
  }
  io::XlsxSheet sources{
      "Sources", {tr(lang, "cli.referential.xlsx.item"), tr(lang, "cli.referential.xlsx.value")}, {}, {30, 100}};
  sources.rows.push_back(
      {txt(tr(lang, "cli.referential.xlsx.framework")), txt(fmt::format("{} v{} ({})", r.id, r.version, r.label))});
  sources.rows.push_back({txt(tr(lang, "cli.referential.xlsx.panel")),
                          txt(fmt::format("{} ateliers distincts et placés du registre", e.panel.units.size()))});
  sources.rows.push_back({txt(tr(lang, "cli.referential.xlsx.methods")), txt("docs/methods/referential-scoring.md")});
  for (const auto& d : sources::Catalog::builtin().datasets()) {
    sources.rows.push_back(
        {txt(d.id), txt(fmt::format("{} — {}, {} ({}), {}", d.title, d.publisher, d.vintage, d.licence, d.url))});
  }
  std::vector<io::XlsxSheet> sheets = {ranking, values, defs, sources};
  if (unc) {
    io::XlsxSheet us{tr(lang, "cli.referential.xlsx.uncertainty"),
                     {"id", tr(lang, "cli.referential.xlsx.nominal_rank"), tr(lang, "cli.referential.xlsx.median_rank"),
                      "rang_p05", "rang_p95", tr(lang, "cli.referential.xlsx.nominal_score"),
                      tr(lang, "cli.referential.xlsx.median_score"), "score_p05", "score_p95"},
                     {},
                     {}};
    for (std::size_t i = 0; i < unc->units.size(); ++i) {
      const auto& x = unc->units[i];
      us.rows.push_back({txt(e.panel.units[i].id), num(x.nominal_rank), num(x.median_rank), num(x.p05_rank),
                         num(x.p95_rank), num(x.nominal_score), num(x.median_score), num(x.p05_score),
                         num(x.p95_score)});
    }
    io::XlsxSheet ss{tr(lang, "cli.referential.xlsx.sensitivity"),
                     {tr(lang, "cli.referential.xlsx.choice"), tr(lang, "cli.referential.xlsx.first_order"), "total"},
                     {},
                     {}};
    for (const auto& f : unc->sensitivity) ss.rows.push_back({txt(f.factor), num(f.first_order), num(f.total)});
    for (const auto& a : unc->assumptions)
      ss.rows.push_back({txt(tr(lang, "cli.referential.xlsx.assumption")), txt(a)});
    sheets.push_back(us);
    sheets.push_back(ss);
  }
  return sheets;
}

}  // namespace fabscope::report
