#include "analysis/serialize.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace fabscope::analysis {

namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

// {name: [Dim.1 … Dim.k]} in row order.
Json rows_of(const std::vector<std::string>& names, const stats::Matrix& m) {
  Json out = Json::object();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    Json row = Json::array();
    for (Eigen::Index k = 0; k < m.cols(); ++k) row.push_back(number(m(i, k)));
    out[names[static_cast<std::size_t>(i)]] = row;
  }
  return out;
}

Json values_of(const std::vector<std::string>& names, const stats::Vector& v) {
  Json out = Json::object();
  for (Eigen::Index i = 0; i < v.size(); ++i) out[names[static_cast<std::size_t>(i)]] = number(v(i));
  return out;
}

Json coordinates(const Coordinates& c) {
  Json out = Json::object();
  if (c.coord.size() > 0) out["coord"] = rows_of(c.names, c.coord);
  if (c.cor.size() > 0) out["cor"] = rows_of(c.names, c.cor);
  if (c.cos2.size() > 0) out["cos2"] = rows_of(c.names, c.cos2);
  if (c.contrib.size() > 0) out["contrib"] = rows_of(c.names, c.contrib);
  if (c.vtest.size() > 0) out["v.test"] = rows_of(c.names, c.vtest);
  if (c.dist.size() > 0) out["dist"] = values_of(c.names, c.dist);
  return out;
}

std::string g15(double v) { return std::isnan(v) ? "" : fmt::format("{:.15g}", v); }

void csv_matrix(std::string& out, const std::string& element, const std::vector<std::string>& names,
                const stats::Matrix& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index k = 0; k < m.cols(); ++k) {
      out += fmt::format("{},\"{}\",Dim.{},{}\n", element, names[static_cast<std::size_t>(i)], k + 1, g15(m(i, k)));
    }
  }
}

Json eig_rows(const stats::Matrix& eig) {
  Json out = Json::array();
  for (Eigen::Index k = 0; k < eig.rows(); ++k) out.push_back({eig(k, 0), eig(k, 1), eig(k, 2)});
  return out;
}

void csv_eig(std::string& out, const stats::Matrix& eig) {
  for (Eigen::Index k = 0; k < eig.rows(); ++k) {
    const char* cols[] = {"eigenvalue", "percent", "cumulative"};
    for (int c = 0; c < 3; ++c) out += fmt::format("eig,comp {},{},{}\n", k + 1, cols[c], g15(eig(k, c)));
  }
}

void csv_coordinates(std::string& out, const std::string& prefix, const Coordinates& c) {
  csv_matrix(out, prefix + ".coord", c.names, c.coord);
  csv_matrix(out, prefix + ".cor", c.names, c.cor);
  csv_matrix(out, prefix + ".cos2", c.names, c.cos2);
  csv_matrix(out, prefix + ".contrib", c.names, c.contrib);
  csv_matrix(out, prefix + ".v.test", c.names, c.vtest);
  for (Eigen::Index i = 0; i < c.dist.size(); ++i) {
    out += fmt::format("{}.dist,\"{}\",dist,{}\n", prefix, c.names[static_cast<std::size_t>(i)], g15(c.dist(i)));
  }
}

}  // namespace

nlohmann::ordered_json to_json(const PcaResult& r) {
  Json dims = Json::array();
  for (std::size_t k = 0; k < r.ncp; ++k) dims.push_back(fmt::format("Dim.{}", k + 1));
  Json doc = {{"method", "PCA"},
              {"dims", dims},
              {"eig", eig_rows(r.eig)},
              {"eig.columns", {"eigenvalue", "percentage of variance", "cumulative percentage of variance"}},
              {"ind", coordinates(r.ind)},
              {"var", coordinates(r.var)}};
  if (!r.ind_sup.names.empty()) doc["ind.sup"] = coordinates(r.ind_sup);
  if (!r.quanti_sup.names.empty()) doc["quanti.sup"] = coordinates(r.quanti_sup);
  if (!r.quali_sup.names.empty()) doc["quali.sup"] = coordinates(r.quali_sup);
  doc["call"] = {{"centre", values_of(r.var.names, r.centre)},
                 {"ecart.type", values_of(r.var.names, r.ecart_type)},
                 {"ncp", r.ncp}};
  doc["warnings"] = r.warnings;
  return doc;
}

std::string to_csv(const PcaResult& r) {
  std::string out = "element,name,dim,value\n";
  csv_eig(out, r.eig);
  csv_coordinates(out, "ind", r.ind);
  csv_coordinates(out, "var", r.var);
  csv_coordinates(out, "ind.sup", r.ind_sup);
  csv_coordinates(out, "quanti.sup", r.quanti_sup);
  csv_coordinates(out, "quali.sup", r.quali_sup);
  return out;
}

std::string to_text(const PcaResult& r) {
  std::string out = "Eigenvalues\n  component  eigenvalue  % of variance  cumulative %\n";
  for (Eigen::Index k = 0; k < r.eig.rows(); ++k) {
    out += fmt::format("  comp {:<4}  {:>10.4f}  {:>13.2f}  {:>12.2f}\n", k + 1, r.eig(k, 0), r.eig(k, 1), r.eig(k, 2));
  }
  out += "\nVariables (coordinates)\n";
  std::size_t width = 8;
  for (const auto& n : r.var.names) width = std::max(width, n.size());
  out += fmt::format("  {:<{}}", "", width);
  for (std::size_t k = 0; k < r.ncp; ++k) out += fmt::format("  {:>8}", fmt::format("Dim.{}", k + 1));
  out += "\n";
  for (Eigen::Index i = 0; i < r.var.coord.rows(); ++i) {
    out += fmt::format("  {:<{}}", r.var.names[static_cast<std::size_t>(i)], width);
    for (Eigen::Index k = 0; k < r.var.coord.cols(); ++k) out += fmt::format("  {:>8.3f}", r.var.coord(i, k));
    out += "\n";
  }
  out += fmt::format("\n{} individuals; --format json or csv for every table (FactoMineR's names)\n", r.ind.names.size());
  for (const auto& w : r.warnings) out += "warning: " + w + "\n";
  return out;
}

nlohmann::ordered_json to_json(const Typology& t) {
  const auto& r = t.clusters;
  Json clust = Json::object();
  for (std::size_t i = 0; i < r.names.size(); ++i) clust[r.names[i]] = r.clust[i];
  std::vector<std::size_t> sizes(r.nb_clust, 0);
  for (const auto c : r.clust) ++sizes[static_cast<std::size_t>(c - 1)];
  Json centers = Json::array();
  for (Eigen::Index k = 0; k < r.centers.rows(); ++k) {
    Json row = Json::array();
    for (Eigen::Index d = 0; d < r.centers.cols(); ++d) row.push_back(r.centers(k, d));
    centers.push_back(row);
  }
  Json quanti = Json::object(), axes = Json::object(), category = Json::object(), para = Json::object(),
       dist = Json::object();
  const auto quanti_rows = [](const std::vector<QuantiDescription>& list) {
    Json rows = Json::array();
    for (const auto& q : list) {
      rows.push_back({{"variable", q.variable},
                      {"v.test", q.v_test},
                      {"Mean in category", q.mean_in_category},
                      {"Overall mean", q.overall_mean},
                      {"sd in category", q.sd_in_category},
                      {"Overall sd", q.overall_sd},
                      {"p.value", q.p_value}});
    }
    return rows;
  };
  Json chi2 = Json::array();
  for (const auto& c : t.description.test_chi2) chi2.push_back({{"variable", c.variable}, {"p.value", c.p_value}, {"df", c.df}});
  for (std::size_t k = 0; k < r.nb_clust; ++k) {
    const auto key = std::to_string(k + 1);
    quanti[key] = quanti_rows(t.description.quanti[k]);
    if (k < t.description.axes.size()) axes[key] = quanti_rows(t.description.axes[k]);
    Json cats = Json::array();
    for (const auto& c : t.description.category[k]) {
      cats.push_back({{"category", c.variable + "=" + c.category},
                      {"Cla/Mod", c.cla_mod},
                      {"Mod/Cla", c.mod_cla},
                      {"Global", c.global},
                      {"p.value", c.p_value},
                      {"v.test", c.v_test}});
    }
    category[key] = cats;
    Json p = Json::object(), d = Json::object();
    for (const auto& [name, v] : t.description.para[k]) p[name] = v;
    for (const auto& [name, v] : t.description.dist[k]) d[name] = v;
    para[key] = p;
    dist[key] = d;
  }
  Json doc = {{"method", "HCPC"},
              {"factorial", t.factorial},
              {"data.clust", clust},
              {"nb.clust", r.nb_clust},
              {"sizes", sizes},
              {"centers", centers},
              {"consolidation.moves", r.consolidation_moves},
              {"desc.var", {{"test.chi2", chi2}, {"category", category}, {"quanti", quanti}}},
              {"desc.axes", {{"quanti", axes}}},
              {"desc.ind", {{"para", para}, {"dist", dist}}},
              {"call.t",
               {{"inert.gain", r.inert_gain}, {"within", r.within}, {"quot", r.quot}, {"min", r.min}, {"max", r.max}}}};
  if (!t.stability.empty()) {
    doc["stability"] = {{"jaccard", t.stability}, {"replicates", t.replicates}, {"seed", t.seed}};
  }
  return doc;
}

std::string to_csv(const HcpcResult& r) {
  std::string out = "name,clust\n";
  for (std::size_t i = 0; i < r.names.size(); ++i) out += fmt::format("\"{}\",{}\n", r.names[i], r.clust[i]);
  return out;
}

std::string to_text(const Typology& t) {
  const auto& r = t.clusters;
  std::string out = fmt::format("{} clusters", r.nb_clust);
  if (!r.quot.empty()) out += fmt::format(" (inertia-gain rule over {} to {})", r.min, r.max);
  out += "\n";
  for (std::size_t k = 1; k <= r.nb_clust; ++k) {
    std::vector<std::string> members;
    for (std::size_t i = 0; i < r.names.size(); ++i) {
      if (r.clust[i] == static_cast<int>(k)) members.push_back(r.names[i]);
    }
    out += fmt::format("  cluster {} ({}){}: {}\n", k, members.size(),
                       t.stability.empty() ? "" : fmt::format(", stability {:.2f}", t.stability[k - 1]),
                       fmt::join(members, ", "));
    std::vector<std::string> traits;
    for (const auto& q : t.description.quanti[k - 1]) {
      if (traits.size() < 4) traits.push_back(fmt::format("{} {:+.1f}", q.variable, q.v_test));
    }
    for (const auto& c : t.description.category[k - 1]) {
      if (traits.size() < 6 && c.v_test > 0) traits.push_back(fmt::format("{}={} {:+.1f}", c.variable, c.category, c.v_test));
    }
    if (!traits.empty()) out += fmt::format("    v-tests: {}\n", fmt::join(traits, ", "));
  }
  out += "Inertia gains (largest first):";
  for (std::size_t i = 0; i < r.inert_gain.size() && i < 8; ++i) out += fmt::format(" {:.4f}", r.inert_gain[i]);
  out += "\n";
  if (r.consolidation_moves > 0) out += fmt::format("consolidation moved {} individual(s)\n", r.consolidation_moves);
  if (!t.stability.empty()) {
    out += fmt::format("stability: mean Jaccard over {} bootstrap replicates (seed {}); > 0.85 stable, < 0.6 dissolved\n",
                       t.replicates, t.seed);
  }
  return out;
}

nlohmann::ordered_json to_json(const McaResult& r) {
  Json dims = Json::array();
  for (std::size_t k = 0; k < r.ncp; ++k) dims.push_back(fmt::format("Dim.{}", k + 1));
  Json var = coordinates(r.var);
  var["eta2"] = rows_of(r.variables, r.var_eta2);
  Json doc = {{"method", "MCA"},
              {"dims", dims},
              {"eig", eig_rows(r.eig)},
              {"eig.columns", {"eigenvalue", "percentage of variance", "cumulative percentage of variance"}},
              {"eig.corrected",
               {{"benzecri", r.benzecri},
                {"benzecri.percent", r.benzecri_percent},
                {"greenacre.percent", r.greenacre_percent}}},
              {"ind", coordinates(r.ind)},
              {"var", var}};
  if (!r.quanti_sup.names.empty()) doc["quanti.sup"] = coordinates(r.quanti_sup);
  if (!r.quali_sup.names.empty()) {
    Json q = coordinates(r.quali_sup);
    q["eta2"] = rows_of(r.quali_sup_variables, r.quali_sup_eta2);
    doc["quali.sup"] = q;
  }
  doc["warnings"] = r.warnings;
  return doc;
}

std::string to_csv(const McaResult& r) {
  std::string out = "element,name,dim,value\n";
  csv_eig(out, r.eig);
  csv_coordinates(out, "ind", r.ind);
  csv_coordinates(out, "var", r.var);
  csv_matrix(out, "var.eta2", r.variables, r.var_eta2);
  csv_coordinates(out, "quanti.sup", r.quanti_sup);
  csv_coordinates(out, "quali.sup", r.quali_sup);
  return out;
}

std::string to_text(const McaResult& r) {
  std::string out = "Eigenvalues\n  component  eigenvalue  % of variance  cumulative %  Benzécri %\n";
  for (Eigen::Index k = 0; k < r.eig.rows(); ++k) {
    const auto ku = static_cast<std::size_t>(k);
    out += fmt::format("  comp {:<4}  {:>10.4f}  {:>13.2f}  {:>12.2f}  {:>10}\n", k + 1, r.eig(k, 0), r.eig(k, 1),
                       r.eig(k, 2), ku < r.benzecri_percent.size() ? fmt::format("{:.2f}", r.benzecri_percent[ku]) : "");
  }
  out += "\nVariables (correlation ratios, eta2)\n";
  for (Eigen::Index v = 0; v < r.var_eta2.rows(); ++v) {
    out += fmt::format("  {:<24}", r.variables[static_cast<std::size_t>(v)]);
    for (Eigen::Index k = 0; k < r.var_eta2.cols(); ++k) out += fmt::format("  {:>7.3f}", r.var_eta2(v, k));
    out += "\n";
  }
  out += fmt::format("\n{} individuals, {} categories; --format json or csv for every table\n", r.ind.names.size(),
                     r.var.names.size());
  for (const auto& w : r.warnings) out += "warning: " + w + "\n";
  return out;
}

nlohmann::ordered_json to_json(const FamdResult& r) {
  Json dims = Json::array();
  for (std::size_t k = 0; k < r.ncp; ++k) dims.push_back(fmt::format("Dim.{}", k + 1));
  Json doc = {{"method", "FAMD"},
              {"dims", dims},
              {"eig", eig_rows(r.eig)},
              {"eig.columns", {"eigenvalue", "percentage of variance", "cumulative percentage of variance"}},
              {"ind", coordinates(r.ind)},
              {"var", coordinates(r.var)},
              {"quanti.var", coordinates(r.quanti_var)},
              {"quali.var", coordinates(r.quali_var)}};
  if (!r.ind_sup.names.empty()) doc["ind.sup"] = coordinates(r.ind_sup);
  if (!r.quanti_sup.names.empty()) doc["quanti.sup"] = coordinates(r.quanti_sup);
  if (!r.quali_sup.names.empty()) {
    doc["quali.sup"] = coordinates(r.quali_sup);
    doc["quali.sup"]["eta2"] = rows_of(r.quali_sup_variables, r.quali_sup_eta2);
  }
  doc["warnings"] = r.warnings;
  return doc;
}

std::string to_csv(const FamdResult& r) {
  std::string out = "element,name,dim,value\n";
  csv_eig(out, r.eig);
  csv_coordinates(out, "ind", r.ind);
  csv_coordinates(out, "var", r.var);
  csv_coordinates(out, "quanti.var", r.quanti_var);
  csv_coordinates(out, "quali.var", r.quali_var);
  csv_coordinates(out, "ind.sup", r.ind_sup);
  csv_coordinates(out, "quanti.sup", r.quanti_sup);
  csv_coordinates(out, "quali.sup", r.quali_sup);
  return out;
}

std::string to_text(const FamdResult& r) {
  std::string out = "Eigenvalues\n  component  eigenvalue  % of variance  cumulative %\n";
  for (Eigen::Index k = 0; k < r.eig.rows() && k < 10; ++k) {
    out += fmt::format("  comp {:<4}  {:>10.4f}  {:>13.2f}  {:>12.2f}\n", k + 1, r.eig(k, 0), r.eig(k, 1), r.eig(k, 2));
  }
  out += "\nVariables (squared correlation or correlation ratio with each dimension)\n";
  for (Eigen::Index v = 0; v < r.var.coord.rows(); ++v) {
    out += fmt::format("  {:<32}", r.var.names[static_cast<std::size_t>(v)]);
    for (Eigen::Index k = 0; k < r.var.coord.cols(); ++k) out += fmt::format("  {:>6.3f}", r.var.coord(v, k));
    out += "\n";
  }
  for (const auto& w : r.warnings) out += "warning: " + w + "\n";
  return out;
}

nlohmann::ordered_json to_json(const RegressionResult& r) {
  Json coefs = Json::array();
  for (const auto& c : r.coefficients) {
    Json j = {{"term", c.term},
              {"estimate", c.estimate},
              {"std.error", c.std_error},
              {r.logistic ? "z.value" : "t.value", c.statistic},
              {"p.value", c.p_value},
              {"ci.low", c.ci_low},
              {"ci.high", c.ci_high}};
    if (r.logistic) {
      j["odds.ratio"] = c.odds_ratio;
      j["or.low"] = c.or_low;
      j["or.high"] = c.or_high;
    }
    if (r.bootstrap_used > 1) {
      j["boot.low"] = c.boot_low;
      j["boot.high"] = c.boot_high;
    }
    coefs.push_back(j);
  }
  Json fit = {{"n", r.n}, {"df.residual", r.df_residual}, {"rows.dropped", r.dropped}, {"aic", r.aic}, {"loglik", r.loglik}};
  if (r.logistic) {
    fit["deviance"] = r.deviance;
    fit["null.deviance"] = r.null_deviance;
    fit["mcfadden.r2"] = r.mcfadden_r2;
    fit["iterations"] = r.iterations;
    fit["positive"] = r.positive;
  } else {
    fit["r.squared"] = r.r_squared;
    fit["adj.r.squared"] = r.adj_r_squared;
    fit["sigma"] = r.sigma;
    fit["f.statistic"] = r.f_statistic;
  }
  if (r.bootstrap_used > 0) fit["bootstrap.replicates"] = r.bootstrap_used;
  return {{"method", r.logistic ? "glm (binomial, logit)" : "lm"}, {"coefficients", coefs}, {"fit", fit},
          {"warnings", r.warnings}};
}

std::string to_csv(const RegressionResult& r) {
  std::string out = fmt::format("term,estimate,std_error,{},p_value,ci_low,ci_high{}{}\n",
                                r.logistic ? "z_value" : "t_value", r.logistic ? ",odds_ratio,or_low,or_high" : "",
                                r.bootstrap_used > 1 ? ",boot_low,boot_high" : "");
  for (const auto& c : r.coefficients) {
    out += fmt::format("\"{}\",{},{},{},{},{},{}", c.term, g15(c.estimate), g15(c.std_error), g15(c.statistic),
                       g15(c.p_value), g15(c.ci_low), g15(c.ci_high));
    if (r.logistic) out += fmt::format(",{},{},{}", g15(c.odds_ratio), g15(c.or_low), g15(c.or_high));
    if (r.bootstrap_used > 1) out += fmt::format(",{},{}", g15(c.boot_low), g15(c.boot_high));
    out += "\n";
  }
  return out;
}

std::string to_text(const RegressionResult& r) {
  std::string out = fmt::format("{} on {} rows{}\n", r.logistic ? "Logistic regression (logit)" : "Linear regression",
                                r.n, r.dropped > 0 ? fmt::format(" ({} left out: missing values)", r.dropped) : "");
  std::size_t width = 12;
  for (const auto& c : r.coefficients) width = std::max(width, c.term.size());
  out += fmt::format("  {:<{}}  {:>11}  {:>10}  {:>8}  {:>10}  {:>23}{}\n", "term", width, "estimate", "std.error",
                     r.logistic ? "z" : "t", "p", "95 % interval", r.logistic ? "  odds ratio" : "");
  for (const auto& c : r.coefficients) {
    out += fmt::format("  {:<{}}  {:>11.5g}  {:>10.5g}  {:>8.3f}  {:>10.3g}  [{:>10.4g}, {:>10.4g}]{}\n", c.term, width,
                       c.estimate, c.std_error, c.statistic, c.p_value, c.ci_low, c.ci_high,
                       r.logistic ? fmt::format("  {:>10.4g}", c.odds_ratio) : "");
  }
  if (r.logistic) {
    out += fmt::format("deviance {:.4f} (null {:.4f}), AIC {:.3f}, McFadden R² {:.3f}, {} iterations; 1 = \"{}\"\n",
                       r.deviance, r.null_deviance, r.aic, r.mcfadden_r2, r.iterations, r.positive);
  } else {
    out += fmt::format("R² {:.4f} (adjusted {:.4f}), σ {:.4f}, F {:.3f} on {} residual df, AIC {:.3f}\n", r.r_squared,
                       r.adj_r_squared, r.sigma, r.f_statistic, r.df_residual, r.aic);
  }
  for (const auto& w : r.warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace fabscope::analysis
