// HCPC against R FactoMineR 2.7 (tests/reference/analysis/hcpc_reference.R, outputs in
// tests/reference/expected/analysis/hcpc_decathlon_*): the same PCA of the decathlon, then
// the inertia gains and within-cluster inertias (1e-6 relative), the rule's quotients and
// chosen number of clusters, and the partition (identical up to the clusters' numbers, which
// follow the first axis, whose sign may differ from R's), with and without consolidation.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "analysis/dataset.hpp"
#include "analysis/hcpc.hpp"
#include "analysis/mca.hpp"
#include "analysis/pca.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

std::map<std::string, std::vector<std::string>> read_rows(const std::string& c, const std::string& file) {
  const auto path = test::source_dir() / "tests/reference/expected/analysis" / c / file;
  io::CsvReader reader(test::read_file(path), file);
  std::vector<std::string_view> f;
  std::map<std::string, std::vector<std::string>> out;
  EXPECT_TRUE(reader.next(f)) << path;
  std::size_t line = 0;
  while (reader.next(f)) {
    std::vector<std::string> row(f.begin(), f.end());
    out[fmt::format("{:06}", line++)] = row;
  }
  return out;
}

std::vector<double> column(const std::string& c, const std::string& file, std::size_t j) {
  std::vector<double> v;
  for (const auto& [k, row] : read_rows(c, file)) v.push_back(*text::parse_double(row[j]));
  return v;
}

void compare_axes(const std::string& c, const analysis::ClusterDescription& desc, const std::map<int, int>& to_theirs);

void check_case(const std::string& c, bool consol) {
  const auto d = analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/decathlon.csv"),
                                    "decathlon.csv");
  analysis::PcaOptions o;
  o.quanti_sup = {d.column("Rank"), d.column("Points")};
  o.quali_sup = {d.column("Competition")};
  const auto p = analysis::pca(d, o);
  analysis::HcpcOptions h;
  h.consol = consol;
  const auto r = analysis::hcpc(p, {}, h);
  // Tree: every inertia gain; within-cluster inertia; the rule.
  const auto gains = column(c, "inert_gain.csv", 1);
  ASSERT_EQ(r.inert_gain.size(), gains.size());
  for (std::size_t i = 0; i < gains.size(); ++i) {
    EXPECT_NEAR(r.inert_gain[i], gains[i], 1e-6 * gains[i] + 1e-12) << c << " inert.gain " << i + 1;
  }
  const auto within = column(c, "within.csv", 1);
  for (std::size_t i = 0; i < within.size(); ++i) {
    EXPECT_NEAR(r.within[i], within[i], 1e-6 * within[i] + 1e-12) << c << " within " << i + 1;
  }
  const auto quot = column(c, "quot.csv", 1);
  ASSERT_EQ(r.quot.size(), quot.size());
  for (std::size_t i = 0; i < quot.size(); ++i) EXPECT_NEAR(r.quot[i], quot[i], 1e-6) << c << " quot " << i;
  std::map<std::string, std::string> summary;
  for (const auto& [k, row] : read_rows(c, "summary.csv")) summary[row[0]] = row[1];
  EXPECT_EQ(std::to_string(r.nb_clust), summary["nb_clust"]);
  EXPECT_EQ(std::to_string(r.min), summary["min"]);
  EXPECT_EQ(std::to_string(r.max), summary["max"]);
  // The partition, up to the clusters' numbers: the pairs of individuals clustered together.
  std::map<std::string, int> theirs;
  for (const auto& [k, row] : read_rows(c, "clusters.csv")) theirs[row[0]] = std::stoi(row[1]);
  ASSERT_EQ(theirs.size(), r.names.size());
  std::map<int, std::set<int>> ours_to_theirs;
  for (std::size_t i = 0; i < r.names.size(); ++i) ours_to_theirs[r.clust[i]].insert(theirs.at(r.names[i]));
  for (const auto& [ours, t] : ours_to_theirs) {
    EXPECT_EQ(t.size(), 1U) << c << ": our cluster " << ours << " spans R's clusters";
  }
  EXPECT_EQ(ours_to_theirs.size(), r.nb_clust);
  // desc.var$quanti and desc.ind, cluster by cluster (ours numbered through the mapping).
  const auto desc = analysis::describe(d, r, p.ind);
  std::map<int, int> to_theirs;
  for (const auto& [ours, t] : ours_to_theirs) to_theirs[ours] = *t.begin();
  std::map<int, std::vector<std::vector<std::string>>> want_quanti, want_para, want_dist;
  for (const auto& [key, row] : read_rows(c, "desc_var_quanti.csv")) want_quanti[std::stoi(row[0])].push_back(row);
  for (const auto& [key, row] : read_rows(c, "desc_ind_para.csv")) want_para[std::stoi(row[0])].push_back(row);
  for (const auto& [key, row] : read_rows(c, "desc_ind_dist.csv")) want_dist[std::stoi(row[0])].push_back(row);
  std::size_t compared = 0;
  for (std::size_t q = 0; q < r.nb_clust; ++q) {
    const int theirs_q = to_theirs[static_cast<int>(q + 1)];
    const auto& got = desc.quanti[q];
    const auto& want = want_quanti[theirs_q];
    ASSERT_EQ(got.size(), want.size()) << c << " cluster " << q + 1 << " (R's " << theirs_q << ")";
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].variable, want[i][1]) << c << " cluster " << q + 1 << " row " << i;
      const double values[] = {got[i].v_test, got[i].mean_in_category, got[i].overall_mean, got[i].sd_in_category,
                               got[i].overall_sd, got[i].p_value};
      for (std::size_t j = 0; j < 6; ++j) {
        const double w = *text::parse_double(want[i][2 + j]);
        EXPECT_NEAR(values[j], w, 1e-6 * std::abs(w) + 1e-12) << c << " " << want[i][1] << " column " << j;
        ++compared;
      }
    }
    for (const auto* pair : {&desc.para[q], &desc.dist[q]}) {
      const auto& ref = pair == &desc.para[q] ? want_para[theirs_q] : want_dist[theirs_q];
      ASSERT_EQ(pair->size(), ref.size()) << c << " cluster " << q + 1;
      for (std::size_t i = 0; i < ref.size(); ++i) {
        EXPECT_EQ((*pair)[i].first, ref[i][1]) << c << " cluster " << q + 1 << " individual " << i;
        EXPECT_NEAR((*pair)[i].second, *text::parse_double(ref[i][2]), 1e-6) << c << " " << ref[i][1];
      }
    }
  }
  EXPECT_GT(compared, 60U);
  compare_axes(c, desc, to_theirs);
}

// desc.axes (desc_axes_reference.R): for each cluster, the dimensions whose mean coordinate
// differs, with R's numbers; compared by dimension with the signs of v-test and mean taken
// off (our axes may point the other way; FactoMineR's rows are ordered by signed v-test).
void compare_axes(const std::string& c, const analysis::ClusterDescription& desc, const std::map<int, int>& to_theirs) {
  std::map<int, std::map<std::string, std::vector<std::string>>> want;
  for (const auto& [key, row] : read_rows(c, "desc_axes.csv")) want[std::stoi(row[0])][row[1]] = row;
  std::size_t compared = 0;
  for (std::size_t q = 0; q < desc.axes.size(); ++q) {
    const auto& ref = want[to_theirs.at(static_cast<int>(q + 1))];
    ASSERT_EQ(desc.axes[q].size(), ref.size()) << c << " desc.axes cluster " << q + 1;
    for (const auto& got : desc.axes[q]) {
      ASSERT_EQ(ref.count(got.variable), 1U) << c << " cluster " << q + 1 << " " << got.variable;
      const auto& w = ref.at(got.variable);
      const double values[] = {std::abs(got.v_test), std::abs(got.mean_in_category), got.sd_in_category,
                               got.overall_sd, got.p_value};
      const double wants[] = {std::abs(*text::parse_double(w[2])), std::abs(*text::parse_double(w[3])),
                              *text::parse_double(w[5]), *text::parse_double(w[6]), *text::parse_double(w[7])};
      for (std::size_t j = 0; j < 5; ++j) {
        EXPECT_NEAR(values[j], wants[j], 1e-6 * std::abs(wants[j]) + 1e-10) << c << " " << got.variable << " " << j;
        ++compared;
      }
      EXPECT_NEAR(got.overall_mean, 0, 1e-9) << c << " " << got.variable;
    }
  }
  EXPECT_GT(compared, 0U) << c;
}

// HCPC on the MCA of the poison data (8 clusters), with R's description of the clusters by
// categories (hypergeometric tests and v-tests) and its χ² tests.
TEST(HcpcReference, PoisonMcaWithCategoryDescription) {
  const std::string c = "hcpc_poison";
  auto d = analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/poison.csv"), "poison.csv");
  d.columns.erase(d.columns.begin() + static_cast<std::ptrdiff_t>(d.column("name")));
  analysis::McaOptions o;
  o.quanti_sup = {d.column("Age"), d.column("Time")};
  o.quali_sup = {d.column("Sick"), d.column("Sex")};
  const auto m = analysis::mca(d, o);
  const auto r = analysis::hcpc(m.ind.coord, m.ind.names, {}, {});
  std::map<std::string, int> theirs;
  for (const auto& [k, row] : read_rows(c, "clusters.csv")) theirs[row[0]] = std::stoi(row[1]);
  std::map<int, std::set<int>> map;
  for (std::size_t i = 0; i < r.names.size(); ++i) map[r.clust[i]].insert(theirs.at(r.names[i]));
  ASSERT_EQ(map.size(), 8U);
  for (const auto& [ours, t] : map) ASSERT_EQ(t.size(), 1U) << "our cluster " << ours << " spans R's clusters";
  const auto desc = analysis::describe(d, r, m.ind);
  // Categories, by cluster, compared by name.
  std::map<int, std::map<std::string, std::vector<double>>> want;
  for (const auto& [k, row] : read_rows(c, "desc_var_category.csv")) {
    std::vector<double> v;
    for (std::size_t j = 2; j < 7; ++j) v.push_back(*text::parse_double(text::trim(row[j])));
    want[std::stoi(row[0])][row[1]] = v;
  }
  std::size_t compared = 0;
  for (std::size_t q = 0; q < r.nb_clust; ++q) {
    const int rq = *map[static_cast<int>(q + 1)].begin();
    ASSERT_EQ(desc.category[q].size(), want[rq].size()) << "cluster " << q + 1 << " (R's " << rq << ")";
    for (const auto& cat : desc.category[q]) {
      const auto name = cat.variable + "=" + cat.category;
      const auto it = want[rq].find(name);
      ASSERT_NE(it, want[rq].end()) << name;
      const double got[] = {cat.cla_mod, cat.mod_cla, cat.global, cat.p_value, cat.v_test};
      for (std::size_t j = 0; j < 5; ++j) {
        EXPECT_NEAR(got[j], it->second[j], 1e-6 * std::abs(it->second[j]) + 1e-9) << name << " column " << j;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 20U);
  std::map<std::string, std::pair<double, int>> chi;
  for (const auto& [k, row] : read_rows(c, "test_chi2.csv")) {
    chi[row[0]] = {*text::parse_double(text::trim(row[1])), std::stoi(std::string(text::trim(row[2])))};
  }
  ASSERT_EQ(desc.test_chi2.size(), chi.size());
  for (const auto& t : desc.test_chi2) {
    ASSERT_EQ(chi.count(t.variable), 1U) << t.variable;
    EXPECT_NEAR(t.p_value, chi[t.variable].first, 1e-6 * chi[t.variable].first + 1e-15) << t.variable;
    EXPECT_EQ(t.df, chi[t.variable].second) << t.variable;
  }
  std::map<int, int> to_theirs;
  for (const auto& [ours, t] : map) to_theirs[ours] = *t.begin();
  compare_axes(c, desc, to_theirs);
}

TEST(HcpcReference, DecathlonConsolidated) { check_case("hcpc_decathlon_consol", true); }
TEST(HcpcReference, DecathlonTreeOnly) { check_case("hcpc_decathlon_noconsol", false); }

}  // namespace
}  // namespace fabscope
