// Comparing an analysis with R's outputs (tests/reference/expected/analysis/<case>/*.csv):
// tables by row name, 1e-6 relative (1e-9 absolute near zero), axes flipped to R's sign.
#pragma once

#include <gtest/gtest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/pca.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "support/test_support.hpp"

namespace fabscope::test {

using analysis::Coordinates;

struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> rows;
};

inline std::filesystem::path expected_dir(const std::string& c) {
  return test::source_dir() / "tests/reference/expected/analysis" / c;
}

inline Table read_table(const std::filesystem::path& path) {
  io::CsvReader reader(test::read_file(path), path.filename().string());
  std::vector<std::string_view> f;
  Table t;
  EXPECT_TRUE(reader.next(f)) << path;
  while (reader.next(f)) {
    t.names.emplace_back(f[0]);
    std::vector<double> row;
    for (std::size_t k = 1; k < f.size(); ++k) row.push_back(*text::parse_double(f[k]));
    t.rows.push_back(row);
  }
  return t;
}

inline void expect_near(double got, double want, const std::string& what) {
  EXPECT_NEAR(got, want, std::max(1e-9, 1e-6 * std::abs(want))) << what;
}

// The flip of each axis that makes ours point as R's (+1 or -1).
inline std::vector<double> axis_signs(const Coordinates& ind, const Table& ref) {
  std::vector<double> s(static_cast<std::size_t>(ind.coord.cols()), 1.0);
  for (Eigen::Index k = 0; k < ind.coord.cols(); ++k) {
    double dot = 0;
    for (Eigen::Index i = 0; i < ind.coord.rows(); ++i) dot += ind.coord(i, k) * ref.rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)];
    s[static_cast<std::size_t>(k)] = dot < 0 ? -1.0 : 1.0;
  }
  return s;
}

// A matrix against its reference file, row by row name (in any order; names compared
// without surrounding spaces, which the CSV reader trims); `signed_` applies the axis flips.
inline void compare(const std::string& c, const std::string& file, const std::vector<std::string>& names,
                    const stats::Matrix& m, const std::vector<double>& signs, bool signed_) {
  const auto ref = read_table(expected_dir(c) / file);
  ASSERT_EQ(ref.names.size(), names.size()) << c << "/" << file;
  for (std::size_t i = 0; i < ref.rows.size(); ++i) {
    const auto want = std::string(text::trim(ref.names[i]));
    const auto it = std::find(names.begin(), names.end(), want);
    ASSERT_NE(it, names.end()) << c << "/" << file << ": no row " << want;
    const auto row = static_cast<Eigen::Index>(it - names.begin());
    ASSERT_EQ(ref.rows[i].size(), static_cast<std::size_t>(m.cols())) << c << "/" << file;
    for (std::size_t k = 0; k < ref.rows[i].size(); ++k) {
      const double sign = signed_ ? signs[k] : 1.0;
      expect_near(sign * m(row, static_cast<Eigen::Index>(k)), ref.rows[i][k],
                  fmt::format("{}/{} {} Dim.{}", c, file, want, k + 1));
    }
  }
}

inline void compare_vector(const std::string& c, const std::string& file, const std::vector<std::string>& names,
                    const stats::Vector& v, std::size_t column = 0) {
  const auto ref = read_table(expected_dir(c) / file);
  ASSERT_EQ(ref.names, names) << c << "/" << file;
  for (std::size_t i = 0; i < ref.rows.size(); ++i) {
    expect_near(v(static_cast<Eigen::Index>(i)), ref.rows[i][column], fmt::format("{}/{} {}", c, file, ref.names[i]));
  }
}

}  // namespace fabscope::test
