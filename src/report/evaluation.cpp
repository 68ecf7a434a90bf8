#include "report/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/catalog.hpp"
#include "sources/catalog.hpp"

namespace fabscope::report {

std::vector<io::XlsxSheet> evaluation_sheets(const referential::Referential& r, const referential::Evaluation& e,
                                             const std::optional<referential::UncertaintyResult>& unc, Lang lang) {
  using io::XlsxValue;
  const std::size_t k = e.nodes.size();
  const std::size_t m = r.indicators.size();
  auto num = [](double v) { return XlsxValue{v}; };
  auto txt = [](std::string v) { return XlsxValue{std::move(v)}; };
  io::XlsxSheet ranking{tr(lang, "cli.referential.xlsx.ranking"), {}, {}, {8, 30, 10, 24, 10, 10, 10}};
  ranking.header = {tr(lang, "cli.referential.xlsx.rank"),     "id",    "commune",
                    tr(lang, "cli.referential.xlsx.workshop"), "total", tr(lang, "cli.referential.xlsx.coverage"),
                    tr(lang, "cli.referential.xlsx.level")};
  for (std::size_t nd = 0; nd + 1 < k; ++nd) {
    ranking.header.push_back(e.nodes[nd]);
    ranking.header.push_back("cov_" + e.nodes[nd]);
  }
  io::XlsxSheet values{
      tr(lang, "cli.referential.xlsx.indicators"), {"id", tr(lang, "cli.referential.xlsx.workshop")}, {}, {}};
  for (const auto& ind : r.indicators) {
    values.header.push_back(ind.id);
    values.header.push_back("n_" + ind.id);
  }
  for (std::size_t i = 0; i < e.panel.units.size(); ++i) {
    const auto& u = e.panel.units[i];
    std::vector<XlsxValue> row = {e.result.rank[i] > 0 ? num(e.result.rank[i]) : XlsxValue{},
                                  txt(u.id),
                                  txt(u.commune),
                                  txt(u.name),
                                  num(e.score(i, e.total_node())),
                                  num(e.coverage(i, e.total_node())),
                                  txt(referential::verbal_level(r, e.score(i, e.total_node()), lang))};
    for (std::size_t nd = 0; nd + 1 < k; ++nd) {
      row.push_back(num(e.score(i, nd)));
      row.push_back(num(e.coverage(i, nd)));
    }
    ranking.rows.push_back(std::move(row));
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
       tr(lang, "cli.referential.xlsx.weight"), tr(lang, "cli.referential.xlsx.units_with_data")},
      {},
      {22, 50, 18, 18, 12, 40}};
  static const char* kDir[] = {"higher_better", "lower_better", "neutral"};
  static const char* kNorm[] = {"minmax", "zscore", "goalposts", "rank", "percentile", "distance_to_reference"};
  for (std::size_t j = 0; j < m; ++j) {
    const auto& ind = r.indicators[j];
    defs.rows.push_back({txt(ind.id), txt(pick(lang, ind.label_fr, ind.label_en)), txt(ind.describes),
                         txt(ind.impact_area), txt(ind.impact_level), txt(referential::source_text(ind)), txt(ind.unit),
                         txt(kDir[static_cast<int>(ind.method.direction)]),
                         txt(kNorm[static_cast<int>(ind.method.normalisation)]), num(ind.weight),
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
  // The ranking sheet in rank order, the unranked last.
  std::stable_sort(ranking.rows.begin(), ranking.rows.end(), [](const auto& a, const auto& b) {
    const auto* ra = std::get_if<double>(&a[0]);
    const auto* rb = std::get_if<double>(&b[0]);
    return rb == nullptr ? ra != nullptr : (ra != nullptr && *ra < *rb);
  });
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
