// Hierarchical clustering on principal components, as FactoMineR's HCPC() does it
// (docs/analysis/hcpc.md): Ward's criterion on the individuals' factor coordinates with
// their weights (each merge costs the inertia it adds), the number of clusters chosen by
// the inertia-gain rule unless given, then an optional k-means consolidation from the
// clusters' centres. Works from 2 individuals up; nearest-neighbour chains keep memory
// linear, so 100,000 individuals fit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/pca.hpp"

namespace fabscope::analysis {

struct HcpcOptions {
  int nb_clust = -1;           // -1: FactoMineR's rule; k >= 2: k clusters
  bool consol = true;          // k-means consolidation from the clusters' centres
  std::size_t min = 3;         // the rule looks at min..max clusters
  std::size_t max = 0;         // 0: min(10, round(n / 2)); never more than n - 1
  std::size_t iter_max = 10;   // of the consolidation
};

struct Merge {
  std::size_t a = 0, b = 0;  // merged nodes: 0..n-1 individuals, n + m the m-th merge
  double height = 0;         // inertia gain of the merge
};

struct HcpcResult {
  std::vector<std::string> names;      // the active individuals, in the PCA's order
  std::vector<int> clust;              // 1..nb_clust, clusters numbered by their centre's Dim.1
  std::size_t nb_clust = 0;
  std::size_t min = 0, max = 0;        // the range the rule looked at
  std::vector<double> inert_gain;      // n - 1 gains, largest first (FactoMineR's inert.gain)
  std::vector<double> within;          // within[k - 1]: within-cluster inertia with k clusters
  std::vector<double> quot;            // within[k] / within[k - 1] for k = min..max
  std::vector<Merge> merges;           // the tree, in increasing height
  stats::Matrix centers;               // nb_clust × ncp, the clusters' (weighted) centres
  std::size_t consolidation_moves = 0; // individuals the consolidation moved to another cluster
  std::vector<double> weights;         // of the individuals (1 when none were given)
};

// Throws InputError with the numbers involved when the sample is too small for what was
// asked (fewer than 2 individuals; nb_clust larger than the individuals; min > max).
HcpcResult hcpc(const PcaResult& pca, const std::vector<double>& row_weights, const HcpcOptions& options);
// The same on any coordinates (rows = individuals).
HcpcResult hcpc(const stats::Matrix& coordinates, const std::vector<std::string>& names,
                const std::vector<double>& row_weights, const HcpcOptions& options);

// What characterises each cluster (FactoMineR's desc.var$quanti and desc.ind), from the
// data the PCA was computed on (active and supplementary quantitative columns, active rows).
struct QuantiDescription {
  std::string variable;
  double v_test = 0, mean_in_category = 0, overall_mean = 0, sd_in_category = 0, overall_sd = 0, p_value = 0;
};
struct CategoryDescription {
  std::string variable, category;  // R's row name is variable=category
  double cla_mod = 0, mod_cla = 0, global = 0, p_value = 0, v_test = 0;  // percentages, then the test
};
struct ChiTest {
  std::string variable;
  double p_value = 0;
  int df = 0;
};
struct ClusterDescription {
  // By cluster: the categories over- or under-represented in it (hypergeometric test, p <=
  // proba), v-test decreasing; and the categorical variables linked to the partition (χ²
  // test of independence, p <= proba), p increasing.
  std::vector<std::vector<CategoryDescription>> category;
  std::vector<ChiTest> test_chi2;
  // By cluster (index k - 1): the variables whose mean in the cluster differs from the
  // overall mean at p < proba (v-test, normal approximation), v-test decreasing.
  std::vector<std::vector<QuantiDescription>> quanti;
  // By cluster: the dimensions on which its mean coordinate differs from 0 (FactoMineR's
  // desc.axes, the same test on the factor coordinates), v-test decreasing.
  std::vector<std::vector<QuantiDescription>> axes;
  // By cluster: the paragons (closest to the cluster's centre) and the most distinctive
  // individuals (farthest from the other clusters' centres), nb_par of each.
  std::vector<std::vector<std::pair<std::string, double>>> para, dist;
};
// `ind`: the factor coordinates the individuals were clustered on (PCA, MCA or FAMD).
ClusterDescription describe(const DataSet& data, const HcpcResult& clusters, const Coordinates& ind,
                            double proba = 0.05, std::size_t nb_par = 5);

// Stability of each cluster (Hennig's clusterboot): `replicates` bootstrap samples of the
// individuals (seeded: each replicate draws from its own stream derived from `seed`, so the
// result does not depend on the number of threads), each clustered again into the same
// number of clusters on the same coordinates; a cluster's stability is the mean, over the
// replicates, of its best Jaccard similarity with a cluster of the replicate (over the
// individuals drawn). Above 0.85 a cluster is usually called stable, below 0.6 dissolved.
std::vector<double> stability(const Coordinates& ind, const HcpcResult& clusters, const HcpcOptions& options,
                              std::size_t replicates, std::uint64_t seed, unsigned threads = 0);

// A typology as reported: the clusters, their description and their stability.
struct Typology {
  std::string factorial = "pca";  // the factor analysis clustered: pca, mca or famd
  HcpcResult clusters;
  ClusterDescription description;
  std::vector<double> stability;  // by cluster; empty when not computed
  std::size_t replicates = 0;
  std::uint64_t seed = 0;
};

}  // namespace fabscope::analysis
