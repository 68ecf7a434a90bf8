// Economic impacts: the input-output multipliers of France or of a territory (FLQ), by
// industry, beside the nation's (/impacts; docs/impact/io.md). The table is read from the
// data directory once; the territory's quotients come from the snapshot.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "graphics/charts.hpp"
#include "impact/leontief.hpp"
#include "impact/regional.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

struct Choice {
  Level level = Level::fr;
  std::string code;
  int year = 0;
};

Choice choice_of(const PageRequest& r, const impact::IoTable& t) {
  Choice c;
  const auto level = territory::parse_level(r.param("level", "fr"));
  if (!level || *level == Level::commune) throw PageError{400, "level must be fr, reg, dep, ze or epci"};
  c.level = *level;
  c.code = r.param("code");
  if (c.level != Level::fr && c.code.empty()) c.level = Level::fr;
  const auto year = text::parse_int(r.param("year", std::to_string(t.years.back().year)));
  if (!year || t.year(static_cast<int>(*year)) == nullptr) {
    throw PageError{400, fmt::format("year must be between {} and {}", t.years.front().year, t.years.back().year)};
  }
  c.year = static_cast<int>(*year);
  return c;
}

std::string form(const PageRequest& r, const impact::IoTable& t, const Choice& c) {
  std::string levels;
  for (const auto l : {Level::fr, Level::reg, Level::dep, Level::ze, Level::epci}) {
    levels += fmt::format(R"(<option value="{}"{}>{}</option>)", territory::level_id(l),
                          l == c.level ? " selected" : "", esc(level_name(r.lang, l)));
  }
  std::string years;
  for (const auto& y : t.years) {
    years += fmt::format(R"(<option{}>{}</option>)", y.year == c.year ? " selected" : "", y.year);
  }
  return fmt::format(
      R"(<form method="get" action="/impacts" class="filters" id="impacts-form">{})"
      R"(<label for="impacts-level">{}</label> <select id="impacts-level" name="level">{}</select> )"
      R"(<label for="impacts-code">{}</label> <input id="impacts-code" name="code" value="{}" size="8" placeholder="53"> )"
      R"(<label for="impacts-year">{}</label> <select id="impacts-year" name="year">{}</select> )"
      R"(<button type="submit">{}</button></form>)",
      r.lang == Lang::en ? R"(<input type="hidden" name="lang" value="en">)" : "", esc(tr(r.lang, "impacts.level")),
      levels, esc(tr(r.lang, "impacts.code")), esc(c.code), esc(tr(r.lang, "impacts.year")), years,
      esc(tr(r.lang, "impacts.show")));
}

Table multipliers_table(const PageRequest& r, const impact::IoTable& t, const impact::Multipliers& m,
                        const impact::Multipliers& france, bool regional) {
  Table tab;
  tab.id = "impacts-table";
  tab.sheet = "multiplicateurs";
  tab.columns = {"industry", "label", "type1_output", "type2_output", "type1_va", "type2_va"};
  tab.labels = {tr(r.lang, "impacts.industry"), tr(r.lang, "impacts.label"), tr(r.lang, "impacts.type1"),
                tr(r.lang, "impacts.type2"),    tr(r.lang, "impacts.va1"),   tr(r.lang, "impacts.va2")};
  if (regional) {
    tab.columns.insert(tab.columns.end(), {"type1_output_france", "type2_output_france"});
    tab.labels.insert(tab.labels.end(), {tr(r.lang, "impacts.type1_france"), tr(r.lang, "impacts.type2_france")});
  }
  const auto& sectors = impact::builtin_industry_sectors();
  for (std::size_t k = 0; k < t.industries.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    auto cell = [&](double v) { return number_cell(v, number(r.lang, v, 3)); };
    std::vector<Cell> row = {text_cell(t.industries[k].code),
                             text_cell(sectors.label(t.industries[k], r.lang)),
                             cell(m.type1_output(i)),
                             cell(m.type2_output(i)),
                             cell(m.type1_va(i)),
                             cell(m.type2_va(i))};
    if (regional) {
      row.push_back(cell(france.type1_output(i)));
      row.push_back(cell(france.type2_output(i)));
    }
    tab.rows.push_back(std::move(row));
  }
  return tab;
}

std::string chart(const PageRequest& r, const impact::IoTable& t, const impact::Multipliers& m,
                  const impact::Multipliers& france, bool regional, const std::string& where) {
  auto frame = chart_frame(r.lang);
  frame.title = fmt::format(fmt::runtime(tr(r.lang, "impacts.chart")), where);
  frame.subtitle = tr(r.lang, regional ? "impacts.chart_sub_regional" : "impacts.chart_sub");
  frame.source = tr(r.lang, "impacts.source");
  frame.id = "impacts-chart";
  const auto& sectors = impact::builtin_industry_sectors();
  std::vector<graphics::Bar> bars;
  bars.reserve(t.industries.size());
  double top = 1;
  for (std::size_t k = 0; k < t.industries.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    graphics::Bar b;
    b.label = sectors.label(t.industries[k], r.lang);
    b.value = m.type1_output(i);
    b.value_text = regional ? fmt::format("{} ({} {})", number(r.lang, m.type1_output(i), 2),
                                          tr(r.lang, "impacts.france_short"), number(r.lang, france.type1_output(i), 2))
                            : number(r.lang, m.type1_output(i), 2);
    top = std::max({top, m.type1_output(i), france.type1_output(i)});
    bars.push_back(std::move(b));
  }
  // Axis ticks at multiples of 0.1: the range from 1 split in four equal steps of 0.1·k.
  return fmt::format("<figure>{}</figure>",
                     graphics::bar_chart(frame, bars, 1.0, 1.0 + std::ceil((top - 1.0) / 0.4) * 0.4));
}

std::string summary(const PageRequest& r, const impact::TerritoryQuotients& q, double lambda) {
  std::string lqs;
  for (const auto sector : territory::kSectorIds) {
    lqs += fmt::format("<li>{}{} {}</li>", esc(tr(r.lang, fmt::format("impacts.sector.{}", sector))),
                       text::colon(r.lang), number(r.lang, q.sector_lq.at(std::string(sector)), 2));
  }
  return fmt::format(R"(<p id="impacts-lambda">{}</p><ul class="inline" id="impacts-quotients">{}</ul>)",
                     esc(fmt::format(fmt::runtime(tr(r.lang, "impacts.lambda")), number(r.lang, lambda, 3),
                                     number(r.lang, 100 * q.size_ratio(), 2))),
                     lqs);
}

}  // namespace

const LoadedIoTable& io_table(const std::filesystem::path& data_dir) {
  return once_per_data_dir<LoadedIoTable>(
      data_dir, [](const std::filesystem::path& d) { return LoadedIoTable{impact::read_io_table(d / "raw/FRA_NIOT_nov16.xlsx"), {}}; });
}

Reply impacts_page(const PageRequest& r) {
  const auto& loaded = io_table(r.data_dir);
  if (!loaded.error.empty()) {
    const std::string body = fmt::format(R"(<p class="error">{}</p>)", esc(loaded.error));
    return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "impacts.title"), body), {}, {}};
  }
  const auto& t = loaded.table;
  const Choice c = choice_of(r, t);
  const auto& year = *t.year(c.year);
  const auto france = impact::multipliers(impact::national_model(year), year);
  auto m = france;
  std::string where = "France";
  std::string regional_text;
  const bool regional = c.level != Level::fr;
  if (regional) {
    const auto snap = snapshot(r.store_path);
    const auto* unit = snap->unit(c.level, c.code);
    if (unit == nullptr)
      throw PageError{404, fmt::format("no {} with the code {}", territory::level_id(c.level), c.code)};
    const auto q = snap->france() != nullptr ? impact::quotients_of(*unit, *snap->france()) : std::nullopt;
    if (!q) {
      throw PageError{404, fmt::format("{} {}: employment or a sector's quotient unknown", unit->code, unit->name)};
    }
    const auto model = impact::regional_model(
        year, impact::regionalisation(t, impact::builtin_industry_sectors(), *q, impact::kDefaultFlqDelta, false));
    m = impact::multipliers(model, year);
    where = fmt::format("{} {}", unit->code, unit->name);
    regional_text = summary(r, *q, model.lambda);
  }
  const auto tab = multipliers_table(r, t, m, france, regional);
  const auto format = r.param("format");
  if (!format.empty()) {
    if (format != "csv" && format != "xlsx") throw PageError{400, "format must be csv or xlsx"};
    return download(tab, format, fmt::format("multiplicateurs-{}-{}", regional ? c.code : "FR", c.year));
  }
  std::string body = fmt::format(R"(<p>{}</p>)", esc(tr(r.lang, "impacts.intro"))) + form(r, t, c);
  body += fmt::format(R"(<h2 id="impacts-where">{}, {}</h2>)", esc(where), c.year) + regional_text;
  body += chart(r, t, m, france, regional, where);
  body += render_table(tab) + downloads(r, "impacts-download");
  body += fmt::format(
      R"(<section id="impacts-assumptions"><h2>{}</h2><ul><li>{}</li><li>{}</li><li>{}</li>{}</ul></section>)",
      esc(tr(r.lang, "impacts.assumptions")), esc(tr(r.lang, "impacts.reading")),
      esc(fmt::format(fmt::runtime(tr(r.lang, "impacts.labour")), number(r.lang, impact::kDefaultLabourShare, 2))),
      esc(tr(r.lang, "impacts.no_jobs")),
      regional ? fmt::format("<li>{}</li>", esc(fmt::format(fmt::runtime(tr(r.lang, "impacts.flq")),
                                                            number(r.lang, impact::kDefaultFlqDelta, 1))))
               : std::string());
  body += workshops_impacts_section(r, *snapshot(r.store_path), std::nullopt, "");
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "impacts.title"), body), {}, {}};
}

}  // namespace fabscope::web
