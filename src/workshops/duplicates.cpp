#include "workshops/duplicates.hpp"
#include "workshops/repository.hpp"

#include <fmt/format.h>
#include "io/toml.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "territory/sphere.hpp"
#include "workshops/access.hpp"
#include "workshops/placement.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_workshop_files();

namespace {
// Strong evidence: these thresholds are documented in docs/commands/workshops-duplicates.md.
constexpr double kMergeNear = 1.0;         // km: same place
constexpr double kCandidateNear = 5.0;     // km: same neighbourhood
constexpr double kSameSiteNear = 0.3;      // km: a shared website merges only at the same address
constexpr double kMergeSimilarity = 0.67;  // name token overlap for a merge at the same place
constexpr double kCandidateSimilarity = 0.34;

const std::set<std::string>& generic_words() {
  static const std::set<std::string> words = {
      "fablab", "fab", "lab",        "labs",        "fablabs", "le",   "la",     "les",     "l",
      "de",     "du",  "des",        "d",           "the",     "and",  "et",     "a",       "au",
      "aux",    "en",  "makerspace", "hackerspace", "tiers",   "lieu", "espace", "atelier", "association"};
  return words;
}
}  // namespace

std::set<std::string> name_tokens(std::string_view name, const std::set<std::string>& ignore) {
  std::string f = fold_place(name);
  for (auto& c : f) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = ' ';
  }
  std::istringstream in(f);
  std::set<std::string> out;
  std::string t;
  while (in >> t) {
    if (generic_words().count(t) == 0 && ignore.count(t) == 0) out.insert(t);
  }
  return out;
}

double name_similarity(std::string_view a, std::string_view b, const std::set<std::string>& ignore) {
  const auto ta = name_tokens(a, ignore);
  const auto tb = name_tokens(b, ignore);
  if (ta.empty() || tb.empty()) return 0;
  std::size_t common = 0;
  for (const auto& t : ta) common += tb.count(t);
  return static_cast<double>(common) / static_cast<double>(std::min(ta.size(), tb.size()));
}

double name_jaccard(std::string_view a, std::string_view b) {
  const auto ta = name_tokens(a);
  const auto tb = name_tokens(b);
  std::size_t common = 0;
  for (const auto& t : ta) common += tb.count(t);
  const std::size_t all = ta.size() + tb.size() - common;
  return all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
}

std::string website_key(std::string_view url) {
  std::string u(url);
  for (auto& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (const auto p = u.find("://"); p != std::string::npos) u = u.substr(p + 3);
  if (u.rfind("www.", 0) == 0) u = u.substr(4);
  while (!u.empty() && (u.back() == '/' || u.back() == ' ')) u.pop_back();
  return u;
}

DuplicateDecisions DuplicateDecisions::parse(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  DuplicateDecisions d;
  ProblemList problems;
  for (const char* key : {"same", "different"}) {
    const auto* arr = root.get_as<toml::array>(key);
    if (arr == nullptr) continue;
    std::size_t i = 0;
    for (const auto& node : *arr) {
      const auto* t = node.as_table();
      const auto* ids = t != nullptr ? t->get_as<toml::array>("ids") : nullptr;
      if (ids == nullptr || ids->size() != 2 || !(*ids)[0].is_string() || !(*ids)[1].is_string()) {
        problems.add({label, t != nullptr ? static_cast<std::int64_t>(t->source().begin.line) : 0, 0,
                      fmt::format("{}[{}].ids", key, i)},
                     "expected ids = [\"<id>\", \"<id>\"]");
      } else {
        auto pair = std::make_pair((*ids)[0].as_string()->get(), (*ids)[1].as_string()->get());
        (std::string_view(key) == "same" ? d.same : d.different).push_back(std::move(pair));
      }
      ++i;
    }
  }
  problems.throw_if_any();
  return d;
}

DuplicateDecisions DuplicateDecisions::builtin() {
  for (const auto& [name, text] : embedded_workshop_files()) {
    if (name == "workshop_duplicates.toml") return parse(std::string(text), "data/workshop_duplicates.toml");
  }
  return {};
}

namespace {

// What a pair's test needs of each record, computed once per record.
struct Prepared {
  std::set<std::string> name;                  // name_tokens(name)
  std::vector<std::set<std::string>> aliases;  // name_tokens(alias)
  std::set<std::string> city;                  // name_tokens(city)
  std::optional<std::string> site;             // website_key(website)
};

// name_similarity() of token sets already computed, leaving out `common` and both cities.
double overlap(const std::set<std::string>& a, const std::set<std::string>& b, const std::set<std::string>& common,
               const Prepared& x, const Prepared& y) {
  auto kept = [&](const std::string& t) {
    return common.count(t) == 0 && x.city.count(t) == 0 && y.city.count(t) == 0;
  };
  std::size_t na = 0, nb = 0, both = 0;
  for (const auto& t : a) {
    if (!kept(t)) continue;
    ++na;
    both += b.count(t);
  }
  for (const auto& t : b) nb += kept(t) ? 1 : 0;
  if (na == 0 || nb == 0) return 0;
  return static_cast<double>(both) / static_cast<double>(std::min(na, nb));
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::size_t both = 0;
  for (const auto& t : a) both += b.count(t);
  const std::size_t all = a.size() + b.size() - both;
  return all == 0 ? 0 : static_cast<double>(both) / static_cast<double>(all);
}

class PairTest {
 public:
  PairTest(const std::vector<PlacedRecord>& records, const DuplicateDecisions& decisions) : m_records(records) {
    for (const auto& [a, b] : decisions.same) m_forced[key(a, b)] = "forced_same";
    for (const auto& [a, b] : decisions.different) m_forced[key(a, b)] = "forced_different";
    m_prepared.reserve(records.size());
    for (const auto& r : records) {
      Prepared p;
      p.name = name_tokens(r.w.name);
      for (const auto& alias : r.w.aliases) p.aliases.push_back(name_tokens(alias));
      if (r.w.city) p.city = name_tokens(*r.w.city);
      if (r.w.website) p.site = website_key(*r.w.website);
      m_prepared.push_back(std::move(p));
    }
    // Words found in the names of 3 or more workshops (a network's brand: "LabFab",
    // "PAPIfab") say nothing about whether two of them are the same place.
    std::map<std::string, int> frequency;
    for (const auto& p : m_prepared) {
      for (const auto& t : p.name) ++frequency[t];
    }
    for (const auto& [t, n] : frequency) {
      if (n >= 3) m_common.insert(t);
    }
  }
  [[nodiscard]] const std::vector<Prepared>& prepared() const { return m_prepared; }
  [[nodiscard]] const std::map<std::pair<std::string, std::string>, std::string>& forced() const { return m_forced; }
  static std::pair<std::string, std::string> key(const std::string& a, const std::string& b) {
    return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
  }

  // The decision on records i and j, or nothing when they are unrelated.
  [[nodiscard]] std::optional<PairMatch> test(std::size_t i, std::size_t j) const {
    const auto& x = m_records[i];
    const auto& y = m_records[j];
    const auto& px = m_prepared[i];
    const auto& py = m_prepared[j];
    PairMatch m;
    std::tie(m.a, m.b) = key(x.w.id, y.w.id);
    if (x.w.latitude && y.w.latitude) {
      m.distance_km = territory::haversine_km(*x.w.latitude, *x.w.longitude, *y.w.latitude, *y.w.longitude);
    }
    m.score = overlap(px.name, py.name, m_common, px, py);
    for (const auto& alias : px.aliases) m.score = std::max(m.score, overlap(alias, py.name, m_common, px, py));
    for (const auto& alias : py.aliases) m.score = std::max(m.score, overlap(px.name, alias, m_common, px, py));
    const bool same_site = px.site && py.site && *px.site == *py.site;
    const bool same_commune = x.commune && y.commune && *x.commune == *y.commune;
    // Without coordinates, "the same place" can only be the same commune with the same name.
    const bool near = m.distance_km ? *m.distance_km <= kMergeNear : (same_commune && m.score >= 1.0);
    const bool same_address = m.distance_km && *m.distance_km <= kSameSiteNear;
    const bool close = m.distance_km ? *m.distance_km <= kCandidateNear : same_commune;
    if (const auto f = m_forced.find({m.a, m.b}); f != m_forced.end()) {
      m.decision = f->second;
      m.reason = {"decision_file", {}};
    } else if (same_site && same_address) {
      m.decision = "merged";
      m.reason = {"same_website", {*px.site}};
    } else if (close && m.score >= 1.0 && jaccard(px.name, py.name) >= 1.0) {
      m.decision = "merged";
      m.reason = m.distance_km ? Message{"same_name_km", {fmt::format("{:.2f}", *m.distance_km)}}
                               : Message{"same_name_commune", {}};
    } else if (m.score >= kMergeSimilarity && near) {
      m.decision = "merged";
      m.reason = m.distance_km ? Message{"similar_names_km", {fmt::format("{:.2f}", *m.distance_km)}}
                               : Message{"similar_names_commune", {}};
    } else if ((m.score >= kCandidateSimilarity && (close || same_commune)) || same_site) {
      m.decision = "candidate";
      m.reason = {same_site ? (close ? "same_website_elsewhere" : "same_website_far") : "similar_names_nearby", {}};
    } else {
      return std::nullopt;
    }
    return m;
  }

 private:
  const std::vector<PlacedRecord>& m_records;
  std::vector<Prepared> m_prepared;
  std::set<std::string> m_common;
  std::map<std::pair<std::string, std::string>, std::string> m_forced;
};

}  // namespace

std::vector<PairMatch> find_duplicates_all_pairs(const std::vector<PlacedRecord>& records,
                                                 const DuplicateDecisions& decisions) {
  const PairTest pairs(records, decisions);
  std::vector<PairMatch> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    for (std::size_t j = i + 1; j < records.size(); ++j) {
      if (auto m = pairs.test(i, j)) out.push_back(std::move(*m));
    }
  }
  return out;
}

// A pair can match only if (a) both have coordinates within kCandidateNear, (b) they are
// in the same commune, (c) they share a website or (d) the decisions file names them: only
// those pairs are tested (same results as testing all pairs, in the same order).
std::vector<PairMatch> find_duplicates(const std::vector<PlacedRecord>& records, const DuplicateDecisions& decisions) {
  const PairTest pairs(records, decisions);
  std::vector<std::pair<std::size_t, std::size_t>> todo;
  auto add = [&](std::size_t i, std::size_t j) {
    if (i != j) todo.emplace_back(std::min(i, j), std::max(i, j));
  };
  // (a) Neighbours on the sphere.
  std::vector<double> lat(records.size(), text::kMissing), lon(records.size(), text::kMissing);
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].w.latitude && records[i].w.longitude) {
      lat[i] = *records[i].w.latitude;
      lon[i] = *records[i].w.longitude;
    }
  }
  const territory::SphereIndex index(lat, lon);
  std::vector<std::pair<unsigned, double>> near;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (std::isnan(lat[i]) || std::isnan(lon[i])) continue;
    near.clear();
    index.within(lat[i], lon[i], kCandidateNear + 0.01, near);  // a margin: every pair is tested exactly
    for (const auto& [j, chord2] : near) {
      if (j > i) add(i, j);
    }
  }
  // (b) Same commune, (c) same website.
  std::map<std::string, std::vector<std::size_t>> by_commune, by_site;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].commune) by_commune[*records[i].commune].push_back(i);
    if (pairs.prepared()[i].site) by_site[*pairs.prepared()[i].site].push_back(i);
  }
  for (const auto* groups : {&by_commune, &by_site}) {
    for (const auto& [k, members] : *groups) {
      for (std::size_t a = 0; a < members.size(); ++a) {
        for (std::size_t b = a + 1; b < members.size(); ++b) add(members[a], members[b]);
      }
    }
  }
  // (d) Pairs named in the decisions file.
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < records.size(); ++i) by_id.emplace(records[i].w.id, i);
  for (const auto& [ids, decision] : pairs.forced()) {
    const auto a = by_id.find(ids.first), b = by_id.find(ids.second);
    if (a != by_id.end() && b != by_id.end()) add(a->second, b->second);
  }
  std::sort(todo.begin(), todo.end());
  todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
  std::vector<PairMatch> out;
  for (const auto& [i, j] : todo) {
    if (auto m = pairs.test(i, j)) out.push_back(std::move(*m));
  }
  return out;
}

Workshop merge_records(const std::vector<Workshop>& members) {
  Workshop m = members.front();
  auto fill = [&](auto& field, const auto& other, const char* name, const Workshop& from) {
    if (!field && other) {
      field = other;
      if (const auto it = from.provenance.find(name); it != from.provenance.end()) m.provenance[name] = it->second;
    }
  };
  for (std::size_t k = 1; k < members.size(); ++k) {
    const auto& o = members[k];
    if (o.name != m.name && std::find(m.aliases.begin(), m.aliases.end(), o.name) == m.aliases.end())
      m.aliases.push_back(o.name);
    fill(m.website, o.website, "website", o);
    fill(m.address, o.address, "address", o);
    fill(m.postcode, o.postcode, "postcode", o);
    fill(m.city, o.city, "city", o);
    fill(m.email, o.email, "email", o);
    fill(m.phone, o.phone, "phone", o);
    if (!m.latitude && o.latitude) {
      m.latitude = o.latitude;
      m.longitude = o.longitude;
      if (const auto it = o.provenance.find("coordinates"); it != o.provenance.end())
        m.provenance["coordinates"] = it->second;
    }
    fill(m.kind, o.kind, "kind", o);
    fill(m.equipment, o.equipment, "equipment", o);
    fill(m.description, o.description, "description", o);
    fill(m.laureate_2013, o.laureate_2013, "laureate_2013", o);
    m.networks.insert(o.networks.begin(), o.networks.end());
  }
  return m;
}

std::vector<PairMatch> refresh_duplicates(store::Store& store, const DuplicateDecisions& decisions) {
  const auto records = placed_records(store);
  auto pairs = find_duplicates(records, decisions);  // not const: returned (moved) at the end
  // Groups of merged records (union-find); the canonical record of a group is the one
  // whose fields are the most documented, then the smallest id.
  std::map<std::string, std::string> parent;
  for (const auto& r : records) parent[r.w.id] = r.w.id;
  std::function<std::string(const std::string&)> root = [&](const std::string& x) {
    return parent[x] == x ? x : parent[x] = root(parent[x]);
  };
  for (const auto& p : pairs) {
    if (p.decision == "merged" || p.decision == "forced_same") parent[root(p.a)] = root(p.b);
  }
  std::map<std::string, std::vector<const PlacedRecord*>> groups;
  for (const auto& r : records) groups[root(r.w.id)].push_back(&r);
  std::map<std::string, std::string> merged_into;
  for (const auto& [g, members] : groups) {
    if (members.size() < 2) continue;
    const auto* canonical = *std::max_element(members.begin(), members.end(), [](auto* x, auto* y) {
      if (x->w.provenance.size() != y->w.provenance.size()) return x->w.provenance.size() < y->w.provenance.size();
      return x->w.id > y->w.id;
    });
    for (const auto* m : members) {
      if (m != canonical) merged_into[m->w.id] = canonical->w.id;
    }
  }
  store::Savepoint tx(store, "refresh_duplicates");
  save_duplicates(store, merged_into, pairs);
  // The distinct workshops are the supply of the stored accessibility: refreshed with them.
  store_access(store);
  tx.release();
  return pairs;
}

}  // namespace fabscope::workshops
