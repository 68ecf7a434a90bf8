#include "analysis/serialize.hpp"

#include <fmt/format.h>

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
  Json eig = Json::array();
  for (Eigen::Index k = 0; k < r.eig.rows(); ++k) eig.push_back({r.eig(k, 0), r.eig(k, 1), r.eig(k, 2)});
  Json dims = Json::array();
  for (std::size_t k = 0; k < r.ncp; ++k) dims.push_back(fmt::format("Dim.{}", k + 1));
  Json doc = {{"method", "PCA"},
              {"dims", dims},
              {"eig", eig},
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
  for (Eigen::Index k = 0; k < r.eig.rows(); ++k) {
    const char* cols[] = {"eigenvalue", "percent", "cumulative"};
    for (int c = 0; c < 3; ++c) out += fmt::format("eig,comp {},{},{}\n", k + 1, cols[c], g15(r.eig(k, c)));
  }
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

}  // namespace fabscope::analysis
