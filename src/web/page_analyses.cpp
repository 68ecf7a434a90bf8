// The analyses page (/analyses): the study's questions on the panel: which archetype each
// workshop belongs to, the typology of the panel (factor map, dendrogram, cluster profiles
// with their stability and archetype), and the laureates of 2013 against comparable
// workshops (balance plot, effect, what it can and cannot say). Everything comes from the
// read layer (app::PanelAnalyses), computed once per snapshot. ?format=csv: the panel.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/serialize.hpp"
#include "graphics/charts.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

const analysis::Archetype* archetype_of(const std::string& id) {
  for (const auto& a : analysis::builtin_archetypes().archetypes) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

std::string archetype_name(Lang lang, const std::string& id) {
  const auto* a = archetype_of(id);
  return a == nullptr ? id : lang == Lang::fr ? a->name_fr : a->name_en;
}

std::string num(Lang lang, double v, int decimals) {
  return std::isnan(v) ? tr(lang, "common.missing") : number(lang, v, decimals);
}

// The panel as a CSV (the data set every analysis of the page reads).
Reply panel_csv(const analysis::DataSet& d) {
  Reply file;
  file.content_type = "text/csv; charset=utf-8";
  file.body = analysis::to_csv(d, "workshop");
  file.filename = "panel-analyses.csv";
  return file;
}

std::string archetypes_section(const PageRequest& r, const app::PanelAnalyses& a) {
  const auto& set = analysis::builtin_archetypes();
  std::string out = fmt::format(R"(<section id="archetypes"><h2>{}</h2><p>{}</p>)",
                                esc(tr(r.lang, "analyses.archetypes")), esc(tr(r.lang, "analyses.archetypes_intro")));
  std::map<std::string, std::map<std::string, std::size_t>> counts;
  for (const auto& x : a.archetypes) ++counts[x.archetype][x.certainty];
  std::string rows;
  for (const auto& arc : set.archetypes) {
    auto& c = counts[arc.id];
    std::size_t n = 0;
    for (const auto& [k, v] : c) n += v;
    std::string said;
    for (const auto& s : arc.statements) {
      said +=
          fmt::format("<li>{} <span class=\"muted\">({})</span></li>", esc(r.lang == Lang::fr ? s.text_fr : s.text_en),
                      esc(s.source == "study" ? set.study : tr(r.lang, "analyses.fabscope_reading")));
    }
    rows += fmt::format(
        R"(<tr><th scope="row">{}<ul class="statements">{}</ul></th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
        esc(r.lang == Lang::fr ? arc.name_fr : arc.name_en), said, n, c["sure"], c["probable"], c["uncertain"]);
  }
  rows += fmt::format(R"(<tr><th scope="row">{}</th><td class="num">{}</td><td></td><td></td><td></td></tr>)",
                      esc(tr(r.lang, "analyses.not_determinable")), counts[""]["not_determinable"]);
  out += fmt::format(
      R"(<table id="archetype-counts"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "analyses.archetype")), esc(tr(r.lang, "analyses.workshops")), esc(tr(r.lang, "analyses.sure")),
      esc(tr(r.lang, "analyses.probable")), esc(tr(r.lang, "analyses.uncertain")), rows);
  return out + "</section>";
}

std::string typology_section(const PageRequest& r, const app::PanelAnalyses& a) {
  std::string out = fmt::format(R"(<section id="typology"><h2>{}</h2>)", esc(tr(r.lang, "analyses.typology")));
  if (!a.typology || !a.famd) {
    for (const auto& n : a.notes) {
      if (n.rfind("typology", 0) == 0) out += fmt::format(R"(<p class="error">{}</p>)", esc(n));
    }
    return out + "</section>";
  }
  const auto& t = *a.typology;
  const auto& c = t.clusters;
  out += fmt::format("<p>{}</p>", esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.typology_intro")), c.names.size(),
                                                  fmt::join(a.typology_columns, ", "), c.nb_clust, t.replicates)));
  std::vector<std::string> groups;
  std::vector<std::size_t> sizes(c.nb_clust, 0);
  for (const int k : c.clust) ++sizes[static_cast<std::size_t>(k - 1)];
  for (std::size_t k = 0; k < c.nb_clust; ++k) {
    groups.push_back(fmt::format(fmt::runtime(tr(r.lang, "analyses.cluster_n")), k + 1, sizes[k]));
  }
  // Cluster profiles.
  std::string rows;
  for (std::size_t k = 0; k < c.nb_clust; ++k) {
    std::string traits;
    if (k < t.description.quanti.size()) {
      for (std::size_t q = 0; q < t.description.quanti[k].size() && q < 3; ++q) {
        const auto& d = t.description.quanti[k][q];
        traits += fmt::format("<li>{} : {} ({} {}, v-test {})</li>", esc(d.variable),
                              num(r.lang, d.mean_in_category, 2), esc(tr(r.lang, "analyses.overall")),
                              num(r.lang, d.overall_mean, 2), number(r.lang, d.v_test, 1));
      }
    }
    if (k < t.description.category.size()) {
      for (std::size_t q = 0; q < t.description.category[k].size() && q < 3; ++q) {
        const auto& d = t.description.category[k][q];
        traits += fmt::format("<li>{} = {} : {} % ({} {} %, v-test {})</li>", esc(d.variable), esc(d.category),
                              number(r.lang, d.mod_cla, 0), esc(tr(r.lang, "analyses.overall")),
                              number(r.lang, d.global, 0), number(r.lang, d.v_test, 1));
      }
    }
    std::string arc = tr(r.lang, "common.missing");
    for (const auto& ca : a.cluster_archetypes) {
      if (ca.cluster == static_cast<int>(k + 1) && !ca.archetype.empty()) {
        arc = fmt::format(fmt::runtime(tr(r.lang, "analyses.cluster_archetype")), archetype_name(r.lang, ca.archetype),
                          ca.agreeing, ca.determinable);
      }
    }
    const double stab = k < t.stability.size() ? t.stability[k] : kNaN;
    rows += fmt::format(
        R"(<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td>{}</td><td><ul>{}</ul></td></tr>)",
        k + 1, sizes[k], num(r.lang, stab, 2), esc(arc), traits);
  }
  out += fmt::format(
      R"(<table id="cluster-profiles"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table><p class="muted">{}</p>)",
      esc(tr(r.lang, "analyses.cluster")), esc(tr(r.lang, "analyses.workshops")), esc(tr(r.lang, "analyses.stability")),
      esc(tr(r.lang, "analyses.archetype")), esc(tr(r.lang, "analyses.traits")), rows,
      esc(tr(r.lang, "analyses.stability_note")));
  // Factor maps and dendrogram.
  auto frame = chart_frame(r.lang);
  const auto& eig = a.famd->eig;
  const auto axis = [&](Eigen::Index k) { return fmt::format("Dim {} ({} %)", k + 1, number(r.lang, eig(k, 1), 1)); };
  frame.title = tr(r.lang, "analyses.factor_map");
  frame.subtitle = tr(r.lang, "analyses.factor_map_sub");
  frame.source = tr(r.lang, "analyses.source");
  frame.id = "factor-map";
  std::vector<graphics::ScatterPoint> pts;
  const auto& ind = a.famd->ind;
  if (ind.coord.cols() >= 2) {
    for (Eigen::Index i = 0; i < ind.coord.rows(); ++i) {
      const auto u = static_cast<std::size_t>(i);
      pts.push_back({ind.coord(i, 0), ind.coord(i, 1), static_cast<std::size_t>(c.clust[u] - 1), ind.names[u]});
    }
    out += fmt::format(R"(<figure>{}</figure>)", graphics::scatter_chart(frame, pts, groups, axis(0), axis(1)));
    std::vector<graphics::ScatterPoint> vars;
    const auto& qv = a.famd->quanti_var;
    for (Eigen::Index j = 0; j < qv.coord.rows() && qv.coord.cols() >= 2; ++j) {
      vars.push_back({qv.coord(j, 0), qv.coord(j, 1), 0, qv.names[static_cast<std::size_t>(j)]});
    }
    frame.title = tr(r.lang, "analyses.variables_map");
    frame.subtitle = tr(r.lang, "analyses.variables_map_sub");
    frame.id = "variables-map";
    out += fmt::format(R"(<figure>{}</figure>)", graphics::scatter_chart(frame, vars, {}, axis(0), axis(1), true));
  }
  std::vector<graphics::DendrogramMerge> merges;
  for (const auto& m : c.merges) merges.push_back({m.a, m.b, m.height});
  std::vector<std::size_t> leaf_group;
  for (const int k : c.clust) leaf_group.push_back(static_cast<std::size_t>(k - 1));
  double cut = 0;
  if (c.nb_clust >= 2 && c.merges.size() >= c.nb_clust) {
    const auto m = c.merges.size();
    cut = (c.merges[m - c.nb_clust].height + c.merges[m - c.nb_clust + 1].height) / 2;
  }
  frame.title = tr(r.lang, "analyses.dendrogram");
  frame.subtitle = tr(r.lang, "analyses.dendrogram_sub");
  frame.id = "dendrogram";
  out += fmt::format(R"(<figure>{}</figure>)",
                     graphics::dendrogram_chart(frame, merges, c.names.size(), leaf_group, groups, cut));
  return out + "</section>";
}

std::string laureates_section(const PageRequest& r, const app::PanelAnalyses& a) {
  std::string out =
      fmt::format(R"(<section id="laureates"><h2>{}</h2><p>{}</p>)", esc(tr(r.lang, "analyses.laureates")),
                  esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.laureates_intro")),
                                  fmt::join(a.laureate_covariates, ", "), a.laureate_outcome)));
  if (!a.laureates) {
    for (const auto& n : a.notes) {
      if (n.rfind("laureates", 0) == 0) out += fmt::format(R"(<p class="error" id="laureates-note">{}</p>)", esc(n));
    }
    return out + "</section>";
  }
  const auto& m = *a.laureates;
  std::vector<graphics::BalanceRow> rows;
  std::string cells;
  for (const auto& b : m.balance) {
    rows.push_back({b.term, b.smd_all, b.smd_matched});
    cells += fmt::format(
        R"(<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
        esc(b.term), num(r.lang, b.mean_treated_all, 3), num(r.lang, b.mean_control_all, 3), num(r.lang, b.smd_all, 3),
        num(r.lang, b.mean_treated_matched, 3), num(r.lang, b.mean_control_matched, 3), num(r.lang, b.smd_matched, 3));
  }
  auto frame = chart_frame(r.lang);
  frame.title = tr(r.lang, "analyses.balance");
  frame.subtitle = tr(r.lang, "analyses.balance_sub");
  frame.source = tr(r.lang, "analyses.source");
  frame.id = "balance-plot";
  out += fmt::format(R"(<figure>{}</figure>)", graphics::balance_chart(frame, rows, 0.1));
  out += fmt::format(
      R"(<table id="balance-table"><thead><tr><th scope="col"></th><th scope="col">{0} ({2})</th><th scope="col">{1} ({2})</th>)"
      R"(<th scope="col">DMS ({2})</th><th scope="col">{0} ({3})</th><th scope="col">{1} ({3})</th><th scope="col">DMS ({3})</th></tr></thead><tbody>{4}</tbody></table>)",
      esc(tr(r.lang, "analyses.treated")), esc(tr(r.lang, "analyses.controls")), esc(tr(r.lang, "analyses.before")),
      esc(tr(r.lang, "analyses.after")), cells);
  out += fmt::format(R"(<p id="laureates-counts">{}</p>)",
                     esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.laureates_counts")), m.n_treated,
                                     m.treated_matched, m.controls_matched, m.n_control)));
  if (m.has_outcome) {
    out += fmt::format(R"(<p id="laureates-effect">{}</p>)",
                       esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.effect")), m.outcome, number(r.lang, m.att, 2),
                                       num(r.lang, m.att_low, 2), num(r.lang, m.att_high, 2), m.replicates)));
  }
  // What it can and cannot say, from its own numbers (analysis::match states it in English
  // for the command line; the page says it in the page's language).
  std::size_t imbalanced = 0, checked = 0;
  for (const auto& b : m.balance) {
    if (b.term == "distance") continue;
    ++checked;
    imbalanced += std::abs(b.smd_matched) > 0.1 ? 1 : 0;
  }
  out += R"(<h3>)" + esc(tr(r.lang, "analyses.can_say")) + R"(</h3><ul id="laureates-statement">)";
  out += "<li>" +
         esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.statement_compared")), m.treated_matched, m.controls_matched,
                         fmt::join(m.covariates, ", "), imbalanced, checked)) +
         "</li>";
  if (m.has_outcome) out += "<li>" + esc(tr(r.lang, "analyses.statement_effect")) + "</li>";
  if (m.treated_matched < 30) {
    out += "<li>" + esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.statement_small")), m.treated_matched)) + "</li>";
  }
  out += "</ul>";
  return out + "</section>";
}

std::string success_section(const PageRequest& r, const app::PanelAnalyses& a) {
  std::string out = fmt::format(R"(<section id="success"><h2>{}</h2>)", esc(tr(r.lang, "analyses.success")));
  if (a.success) {
    out += fmt::format("<p>{}</p>", esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.success_intro")),
                                                   a.success->case_ids.size(), a.success_known)));
    return out + qca_html(r, *a.success, "success") + "</section>";
  }
  return out + fmt::format(R"(<p id="success-note">{} <a href="{}">{}</a></p></section>)",
                           esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.success_later")), a.success_known,
                                           a.data.rows(), app::kMinSuccessCases)),
                           esc(href(r.lang, "/analyses/nesta")), esc(tr(r.lang, "analyses.nesta_link")));
}

}  // namespace

std::vector<Table> analyses_tables(const Snapshot& snap) {
  const auto& a = snap.analyses;
  const auto& names = a.data.row_names;
  Table arc;
  arc.sheet = "archetypes";
  arc.columns = {"workshop", "archetype", "certainty", "similarity", "margin", "coverage", "evidence"};
  for (std::size_t i = 0; i < a.archetypes.size() && i < names.size(); ++i) {
    const auto& x = a.archetypes[i];
    std::string evidence = x.reason;
    if (!x.fits.empty() && !x.archetype.empty()) {
      std::vector<std::string> parts;
      for (const auto& e : x.fits.front().evidence)
        parts.push_back(fmt::format("{}={} ({:.2f})", e.variable, e.value, e.similarity));
      evidence = fmt::format("{}", fmt::join(parts, "; "));
    }
    arc.rows.push_back({text_cell(names[i]), text_cell(x.archetype), text_cell(x.certainty),
                        number_cell(x.similarity, ""), number_cell(x.margin, ""), number_cell(x.coverage, ""),
                        text_cell(evidence)});
  }
  std::vector<Table> out{arc};
  if (a.typology) {
    const auto& c = a.typology->clusters;
    Table t;
    t.sheet = "typologie";
    t.columns = {"workshop", "cluster", "dim1", "dim2"};
    for (std::size_t i = 0; i < c.names.size(); ++i) {
      const auto ei = static_cast<Eigen::Index>(i);
      t.rows.push_back({text_cell(c.names[i]), number_cell(c.clust[i], ""), number_cell(a.famd->ind.coord(ei, 0), ""),
                        number_cell(a.famd->ind.coord.cols() > 1 ? a.famd->ind.coord(ei, 1) : kNaN, "")});
    }
    out.push_back(std::move(t));
    Table k;
    k.sheet = "classes";
    k.columns = {"cluster", "workshops", "stability", "archetype", "agreeing", "determinable"};
    for (const auto& ca : a.cluster_archetypes) {
      const auto idx = static_cast<std::size_t>(ca.cluster - 1);
      k.rows.push_back({number_cell(ca.cluster, ""), number_cell(static_cast<double>(ca.members), ""),
                        number_cell(idx < a.typology->stability.size() ? a.typology->stability[idx] : kNaN, ""),
                        text_cell(ca.archetype), number_cell(static_cast<double>(ca.agreeing), ""),
                        number_cell(static_cast<double>(ca.determinable), "")});
    }
    out.push_back(std::move(k));
  }
  if (a.laureates) {
    Table b;
    b.sheet = "laureats_equilibre";
    b.columns = {"term",
                 "mean_treated_all",
                 "mean_control_all",
                 "smd_all",
                 "var_ratio_all",
                 "mean_treated_matched",
                 "mean_control_matched",
                 "smd_matched",
                 "var_ratio_matched"};
    for (const auto& x : a.laureates->balance) {
      b.rows.push_back({text_cell(x.term), number_cell(x.mean_treated_all, ""), number_cell(x.mean_control_all, ""),
                        number_cell(x.smd_all, ""), number_cell(x.var_ratio_all, ""),
                        number_cell(x.mean_treated_matched, ""), number_cell(x.mean_control_matched, ""),
                        number_cell(x.smd_matched, ""), number_cell(x.var_ratio_matched, "")});
    }
    out.push_back(std::move(b));
  }
  if (a.peers) {
    Table p;
    p.sheet = "pairs";
    p.columns = {"workshop", "rank", "peer", "distance", "model_distance", "territory_distance", "fit_percentile"};
    const auto& pr = *a.peers;
    for (std::size_t i = 0; i < pr.units.size(); ++i) {
      for (std::size_t k = 0; k < pr.units[i].peers.size(); ++k) {
        const auto& peer = pr.units[i].peers[k];
        p.rows.push_back({text_cell(pr.input.names[i]), number_cell(static_cast<double>(k + 1), ""),
                          text_cell(pr.input.names[peer.unit]), number_cell(peer.distance, ""),
                          number_cell(peer.model, ""), number_cell(peer.territory, ""),
                          number_cell(pr.units[i].fit_percentile, "")});
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string analyses_body(const PageRequest& r, const Snapshot& snap) {
  const auto& a = snap.analyses;
  return archetypes_section(r, a) + typology_section(r, a) + success_section(r, a) + laureates_section(r, a);
}

Reply analyses_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto& a = snap->analyses;
  if (r.param("format") == "csv") return panel_csv(a.data);
  if (!r.param("format").empty()) throw PageError{400, "format must be csv"};
  std::string body = fmt::format(
      R"(<p>{}</p><p><a id="panel-csv" href="{}">{}</a> · <a href="{}">{}</a> · <a id="nesta-link" href="{}">{}</a></p>)",
      esc(fmt::format(fmt::runtime(tr(r.lang, "analyses.intro")), a.data.rows(), a.data.columns.size())),
      esc(href(r.lang, "/analyses", {{"format", "csv"}})), esc(tr(r.lang, "analyses.panel_csv")),
      esc(href(r.lang, "/methode")), esc(tr(r.lang, "analyses.method_link")), esc(href(r.lang, "/analyses/nesta")),
      esc(tr(r.lang, "analyses.nesta_link")));
  if (a.data.rows() == 0) {
    body += fmt::format("<p>{}</p>", esc(tr(r.lang, "analyses.empty")));
  } else {
    body += analyses_body(r, *snap);
  }
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "analyses.title"), body), {}, {}};
}

}  // namespace fabscope::web
