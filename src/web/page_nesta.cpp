// The worked example on real survey answers (/analyses/nesta): the Nesta survey of 98 UK
// makerspaces (../shared/data/makerspaces, CC BY-SA 4.0), clearly labelled as a UK panel:
// its typology (MCA + HCPC with stability) and a QCA of what goes with a makerspace still
// open in a permanent location (docs/analysis/example-nesta.md). Read from the data
// directory and computed once per directory.
#include <fmt/format.h>

#include <cmath>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <map>

#include "analysis/hcpc.hpp"
#include "analysis/mca.hpp"
#include "analysis/qca.hpp"
#include "graphics/charts.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

constexpr const char* kFile = "makerspaces/nesta_uk_makerspaces_2015.csv";
// The typology's active questions (closed questions, as published).
constexpr const char* kTypology[] = {"Type of location",
                                     "Do you have a materials shop?",
                                     "Are materials provided",
                                     "Do you keep a list of members or regular users?",
                                     "cluster type by size",
                                     "Have you adopted a code of conduct?",
                                     "Total visits in November 2014",
                                     "Do you produce accounts?"};

struct Example {
  analysis::DataSet data;
  analysis::McaResult mca;
  analysis::Typology typology;
  analysis::QcaResult qca;
  std::vector<analysis::Assignment> archetypes;            // per makerspace
  std::vector<analysis::ClusterArchetype> cluster_archetypes;
  std::size_t qca_excluded = 0;  // makerspaces without an answer to one of the QCA's questions
  std::string error;             // the file is missing or unreadable
};

// A crisp set from an answer: 1 when it is one of `yes`, 0 when it is another answer, NaN
// when there is no answer.
double crisp(const std::string& answer, std::initializer_list<const char*> yes) {
  if (answer.empty()) return std::nan("");
  for (const char* y : yes) {
    if (answer == y) return 1;
  }
  return 0;
}

// The QCA's sets, recoded from the answers as published (docs/analysis/example-nesta.md):
// OPEN_PERM (outcome): no closing date and a permanent location; SHOP, CODE, ACCOUNTS,
// LIST: "Yes"; LARGE: size "large" or "medium".
analysis::DataSet qca_sets(const analysis::DataSet& d, std::size_t& excluded) {
  const auto col = [&](const char* name) -> const analysis::Column& { return d.columns[d.column(name)]; };
  const auto& closed = col("Date your space closed (if it is no longer running)");
  const auto& location = col("Type of location");
  const auto& shop = col("Do you have a materials shop?");
  const auto& code = col("Have you adopted a code of conduct?");
  const auto& accounts = col("Do you produce accounts?");
  const auto& list = col("Do you keep a list of members or regular users?");
  const auto& size = col("cluster type by size");
  analysis::DataSet out;
  std::vector<std::vector<double>> values(6);
  for (std::size_t i = 0; i < d.rows(); ++i) {
    const auto label = [&](const analysis::Column& c) {
      return c.quantitative ? (std::isnan(c.values[i]) ? std::string() : fmt::format("{}", c.values[i])) : c.labels[i];
    };
    const double perm = crisp(label(location), {"Permanent location"});
    const double open = label(closed).empty() ? 1.0 : 0.0;
    const double s =
        label(size).empty() || label(size) == "unknown" ? std::nan("") : crisp(label(size), {"large", "medium"});
    const double row[] = {crisp(label(shop), {"Yes"}),
                          crisp(label(code), {"Yes"}),
                          crisp(label(accounts), {"Yes"}),
                          crisp(label(list), {"Yes"}),
                          s,
                          std::isnan(perm) ? perm : std::min(perm, open)};
    if (std::any_of(std::begin(row), std::end(row), [](double v) { return std::isnan(v); })) {
      ++excluded;
      continue;
    }
    out.row_names.push_back(d.row_names[i]);
    for (std::size_t k = 0; k < 6; ++k) values[k].push_back(row[k]);
  }
  const char* names[] = {"SHOP", "CODE", "ACCOUNTS", "LIST", "LARGE", "OPEN_PERM"};
  for (std::size_t k = 0; k < 6; ++k) out.columns.push_back({names[k], true, values[k], {}});
  return out;
}

// What the archetypes can read of a makerspace, recoded from its answers: its kind
// (every respondent is a makerspace) and its equipment from the areas of practice it
// lists (a non-empty answer): 3D printing, laser cutting and CNC named under "Digital
// fabrication", electronics, computers, textile (fabrics), wood and metal.
analysis::Profile nesta_profile(const analysis::DataSet& all, std::size_t i) {
  const auto text = [&](const char* name) {
    const auto& c = all.columns[all.column(name)];
    return c.quantitative ? (std::isnan(c.values[i]) ? std::string() : fmt::format("{}", c.values[i])) : c.labels[i];
  };
  const auto has = [](std::string s, std::initializer_list<const char*> words) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return s.find(w) != std::string::npos; });
  };
  const auto answered = [](const std::string& s) {
    std::string t = s;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return !t.empty() && t != "no" && t != "none" && t != "n/a";
  };
  analysis::Profile p;
  p.categories["kind"] = "makerspace";
  std::set<std::string> equipment;
  const auto digital = text("Digital fabrication");
  if (has(digital, {"3d print", "3d-print", "printer"})) equipment.insert("3d_printing");
  if (has(digital, {"laser"})) equipment.insert("laser_cutting");
  if (has(digital, {"cnc", "router", "mill"})) equipment.insert("cnc_milling");
  if (has(digital, {"vinyl"}) || has(text("Plastics"), {"vinyl"})) equipment.insert("vinyl_cutting");
  if (answered(text("Electronics"))) equipment.insert("electronics");
  if (answered(text("Computing"))) equipment.insert("computers");
  if (answered(text("Fabrics"))) equipment.insert("textile");
  if (answered(text("Woodwork")) || answered(text("Metalwork"))) equipment.insert("wood_metal");
  if (!equipment.empty()) p.sets["equipment"] = equipment;
  return p;
}

Example compute(const std::filesystem::path& data_dir) {
  Example e;
  std::ifstream in(data_dir / kFile, std::ios::binary);
  if (!in) {
    e.error = fmt::format("{} is not in the data directory", kFile);
    return e;
  }
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  auto all = analysis::read_csv(text, kFile);
  // Rows named by the makerspace's name (an unnamed one keeps its number).
  const auto& names = all.columns[all.column("Name of makerspace")];
  for (std::size_t i = 0; i < all.rows(); ++i) {
    all.row_names[i] = names.labels[i].empty() ? fmt::format("#{}", i + 1) : names.labels[i];
  }
  for (const char* c : kTypology) e.data.columns.push_back(all.columns[all.column(c)]);
  e.data.row_names = all.row_names;
  analysis::McaOptions mo;
  mo.missing = analysis::MissingCategory::average;
  e.mca = analysis::mca(e.data, mo);
  analysis::HcpcOptions h;
  e.typology.factorial = "mca";
  e.typology.clusters = analysis::hcpc(e.mca.ind.coord, e.mca.ind.names, {}, h);
  e.typology.description = analysis::describe(e.data, e.typology.clusters, e.mca.ind);
  e.typology.replicates = 100;
  e.typology.seed = 1;
  e.typology.stability = analysis::stability(e.mca.ind, e.typology.clusters, h, 100, 1);
  for (std::size_t i = 0; i < all.rows(); ++i) {
    e.archetypes.push_back(analysis::assign(analysis::builtin_archetypes(), nesta_profile(all, i)));
  }
  e.cluster_archetypes = analysis::assign_clusters(e.typology.clusters.clust, e.archetypes);
  analysis::QcaOptions q;
  q.outcome = "OPEN_PERM";
  q.incl_cut = {0.8};
  q.remainders = true;
  e.qca = analysis::qca(qca_sets(all, e.qca_excluded), q);
  return e;
}

std::string typology_part(const PageRequest& r, const Example& e) {
  const auto& c = e.typology.clusters;
  std::vector<std::size_t> sizes(c.nb_clust, 0);
  for (const int k : c.clust) ++sizes[static_cast<std::size_t>(k - 1)];
  std::string out =
      fmt::format(R"(<section id="nesta-typology"><h2>{}</h2><p>{}</p>)", esc(tr(r.lang, "nesta.typology")),
                  esc(fmt::format(fmt::runtime(tr(r.lang, "nesta.typology_intro")), e.data.rows(), std::size(kTypology),
                                  c.nb_clust)));
  std::string rows;
  std::vector<std::string> groups;
  for (std::size_t k = 0; k < c.nb_clust; ++k) {
    groups.push_back(fmt::format(fmt::runtime(tr(r.lang, "analyses.cluster_n")), k + 1, sizes[k]));
    std::string traits;
    if (k < e.typology.description.category.size()) {
      for (std::size_t q = 0; q < e.typology.description.category[k].size() && q < 4; ++q) {
        const auto& d = e.typology.description.category[k][q];
        if (d.v_test <= 0) continue;
        traits += fmt::format("<li>{} = {} ({} %, v-test {})</li>", esc(d.variable), esc(d.category),
                              number(r.lang, d.mod_cla, 0), number(r.lang, d.v_test, 1));
      }
    }
    std::vector<std::string> members;
    for (std::size_t i = 0; i < c.names.size() && members.size() < 4; ++i) {
      if (c.clust[i] == static_cast<int>(k + 1)) members.push_back(c.names[i]);
    }
    std::string arc = tr(r.lang, "analyses.not_determinable");
    for (const auto& ca : e.cluster_archetypes) {
      if (ca.cluster != static_cast<int>(k + 1) || ca.archetype.empty()) continue;
      for (const auto& a : analysis::builtin_archetypes().archetypes) {
        if (a.id == ca.archetype) {
          arc = fmt::format(fmt::runtime(tr(r.lang, "analyses.cluster_archetype")),
                            r.lang == Lang::fr ? a.name_fr : a.name_en, ca.agreeing, ca.determinable);
        }
      }
    }
    rows += fmt::format(
        R"(<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td>{}</td><td><ul>{}</ul></td><td>{}…</td></tr>)",
        k + 1, sizes[k], number(r.lang, e.typology.stability[k], 2), esc(arc), traits,
        esc(fmt::format("{}", fmt::join(members, ", "))));
  }
  out += fmt::format(
      R"(<table id="nesta-clusters"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "analyses.cluster")), esc(tr(r.lang, "nesta.makerspaces")), esc(tr(r.lang, "analyses.stability")),
      esc(tr(r.lang, "analyses.archetype")), esc(tr(r.lang, "analyses.traits")), esc(tr(r.lang, "nesta.examples")), rows);
  std::map<std::string, std::size_t> counts;
  for (const auto& a : e.archetypes) ++counts[a.archetype];
  std::vector<std::string> parts;
  for (const auto& a : analysis::builtin_archetypes().archetypes) {
    if (counts[a.id] > 0) parts.push_back(fmt::format("{} : {}", r.lang == Lang::fr ? a.name_fr : a.name_en, counts[a.id]));
  }
  if (counts[""] > 0) parts.push_back(fmt::format("{} : {}", tr(r.lang, "analyses.not_determinable"), counts[""]));
  out += fmt::format(R"(<p id="nesta-archetypes">{} {}</p>)", esc(tr(r.lang, "nesta.archetypes")),
                     esc(fmt::format("{}", fmt::join(parts, " ; "))));
  auto frame = chart_frame(r.lang);
  frame.title = tr(r.lang, "nesta.factor_map");
  frame.subtitle = tr(r.lang, "nesta.factor_map_sub");
  frame.source = tr(r.lang, "nesta.source");
  frame.note = tr(r.lang, "nesta.uk");
  frame.id = "nesta-factor-map";
  std::vector<graphics::ScatterPoint> pts;
  for (Eigen::Index i = 0; i < e.mca.ind.coord.rows() && e.mca.ind.coord.cols() >= 2; ++i) {
    const auto u = static_cast<std::size_t>(i);
    pts.push_back({e.mca.ind.coord(i, 0), e.mca.ind.coord(i, 1), static_cast<std::size_t>(c.clust[u] - 1), c.names[u]});
  }
  const auto axis = [&](Eigen::Index k) {
    return fmt::format("Dim {} ({} %)", k + 1, number(r.lang, e.mca.eig(k, 1), 1));
  };
  out += fmt::format("<figure>{}</figure>", graphics::scatter_chart(frame, pts, groups, axis(0), axis(1)));
  return out + "</section>";
}

std::string qca_part(const PageRequest& r, const Example& e) {
  std::string out = fmt::format(R"(<section id="nesta-qca"><h2>{}</h2><p>{}</p>)", esc(tr(r.lang, "nesta.qca")),
                                esc(fmt::format(fmt::runtime(tr(r.lang, "nesta.qca_intro")), e.qca.case_ids.size(),
                                                e.qca_excluded)));
  return out + qca_html(r, e.qca, "nesta") + "</section>";
}

}  // namespace

std::string qca_html(const PageRequest& r, const analysis::QcaResult& q, const std::string& id) {
  std::string out;
  std::string head;
  for (const auto& c : q.conditions) head += fmt::format(R"(<th scope="col">{}</th>)", esc(c));
  std::string rows;
  for (const auto& row : q.rows) {
    if (row.n == 0) continue;
    std::string cells;
    for (const int v : row.configuration) cells += fmt::format(R"(<td class="num">{}</td>)", v);
    rows += fmt::format(
        R"(<tr><th scope="row">{}</th>{}<td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
        row.minterm + 1, cells, row.out, row.n, number(r.lang, row.consistency, 3), number(r.lang, row.pri, 3));
  }
  out += fmt::format(
      R"(<table id="{}-truth-table"><caption>{}</caption><thead><tr><th scope="col">{}</th>{}<th scope="col">OUT</th><th scope="col">n</th>)"
      R"(<th scope="col">incl</th><th scope="col">PRI</th></tr></thead><tbody>{}</tbody></table>)",
      id, esc(tr(r.lang, "nesta.truth_table")), esc(tr(r.lang, "nesta.row")), head, rows);
  for (const auto* s : {&q.conservative, &q.parsimonious}) {
    out += fmt::format("<h3>{}</h3>", esc(tr(r.lang, "nesta.solution." + s->name)));
    if (s->models.empty()) {
      out += fmt::format("<p>{}</p>", esc(tr(r.lang, "nesta.no_solution")));
      continue;
    }
    const auto& m = s->models.front();
    std::string terms;
    for (const auto& t : m.terms) {
      terms += fmt::format(
          R"(<tr><th scope="row"><code>{}</code></th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
          esc(t.expression), number(r.lang, t.consistency, 3), number(r.lang, t.pri, 3),
          number(r.lang, t.raw_coverage, 3), number(r.lang, t.unique_coverage, 3));
    }
    out += fmt::format(
        R"(<p class="solution" id="{}-{}"><code>{} → {}</code> ({} {}, {} {})</p><table><thead><tr><th scope="col"></th><th scope="col">inclS</th>)"
        R"(<th scope="col">PRI</th><th scope="col">covS</th><th scope="col">covU</th></tr></thead><tbody>{}</tbody></table>)",
        id, s->name, esc(m.expression), esc(q.outcome), esc(tr(r.lang, "nesta.consistency")),
        number(r.lang, m.consistency, 3), esc(tr(r.lang, "nesta.coverage")), number(r.lang, m.coverage, 3), terms);
  }
  if (!q.warnings.empty()) {
    // The analysis states its warnings in English (as on the command line).
    out += fmt::format(R"(<h3>{}</h3><ul id="{}-warnings" lang="en">)", esc(tr(r.lang, "nesta.warnings")), id);
    for (const auto& w : q.warnings) out += "<li>" + esc(w) + "</li>";
    out += "</ul>";
  }
  return out;
}

Reply nesta_page(const PageRequest& r) {
  const auto& e = once_per_data_dir<Example>(r.data_dir, compute);
  std::string body =
      fmt::format(R"(<p class="notice" id="uk-panel"><strong>{}</strong></p>)", esc(tr(r.lang, "nesta.banner")));
  if (!e.error.empty()) {
    body += fmt::format(R"(<p class="error">{}</p>)", esc(e.error));
  } else {
    body += typology_part(r, e) + qca_part(r, e);
  }
  body += fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "nesta.source")));
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "nesta.title"), body), {}, {}};
}

}  // namespace fabscope::web
