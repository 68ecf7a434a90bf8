#include "workshops/placement.hpp"
#include "workshops/repository.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "sources/importer.hpp"
#include "territory/codes.hpp"
#include "territory/reach.hpp"

namespace fabscope::workshops {

std::string fold_place(std::string_view name) {
  std::string f = text::fold(name);
  for (auto& c : f) {
    if (c == '-' || c == '\'' || c == ',' || c == '.') c = ' ';
  }
  std::istringstream in(f);
  std::string word, out;
  while (in >> word) {
    if (word == "st") word = "saint";
    if (word == "ste") word = "sainte";
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

PlacementContext::PlacementContext(store::Store& store, std::vector<io::PolygonFeature> polygons,
                                   const std::string& polygon_code_key)
    : m_polygons(std::move(polygons)) {
  for (auto& g : commune_gazetteer(store)) {
    Commune c;
    c.code = std::move(g.code);
    c.name = std::move(g.name);
    c.folded = fold_place(c.name);
    c.lat = g.lat;
    c.lon = g.lon;
    c.dep = std::move(g.dep);
    const auto idx = m_communes.size();
    m_index.emplace(c.code, idx);
    std::istringstream pcs(g.postcodes);
    std::string pc;
    while (pcs >> pc) m_by_postcode[pc].push_back(idx);
    m_communes.push_back(std::move(c));
  }
  {
    std::vector<double> lat, lon;
    lat.reserve(m_communes.size());
    lon.reserve(m_communes.size());
    for (std::size_t i = 0; i < m_communes.size(); ++i) {
      lat.push_back(m_communes[i].lat);
      lon.push_back(m_communes[i].lon);
      m_by_folded[m_communes[i].folded].push_back(i);
    }
    m_centroids = std::make_shared<const territory::SphereIndex>(lat, lon);
  }
  // The polygons carry older codes (e.g. COG 2018): map them to COG 2026.
  const auto cog = sources::load_cog_communes(store);
  const territory::CodeMap map(cog, m_index);
  for (const auto& p : m_polygons) {
    const auto it = p.properties.find(polygon_code_key);
    m_polygon_commune.push_back(it == p.properties.end() ? -1 : map.find(it->second));
  }
}

std::string PlacementContext::name_of(const std::string& code) const {
  const auto it = m_index.find(code);
  return it == m_index.end() ? std::string() : m_communes[it->second].name;
}

std::vector<std::size_t> PlacementContext::postcode_candidates(const std::string& postcode) const {
  if (const auto it = m_by_postcode.find(postcode); it != m_by_postcode.end()) return it->second;
  return {};
}

std::string placement_note_text(const std::string& stored, Lang lang) { return render_all(decode(stored), lang); }

Placement PlacementContext::place(const Workshop& w) const {
  Placement p;
  std::string postcode = w.postcode.value_or("");
  if (postcode.size() == 4 && std::all_of(postcode.begin(), postcode.end(), ::isdigit)) {
    p.warnings.push_back({"postcode_4_digits", {postcode}});
    postcode = "0" + postcode;
  }
  const auto candidates = postcode.empty() ? std::vector<std::size_t>{} : postcode_candidates(postcode);
  if (!postcode.empty() && candidates.empty()) p.warnings.push_back({"postcode_unknown", {postcode}});
  if (w.latitude && w.longitude) {
    place_by_coordinates(*w.latitude, *w.longitude, postcode, candidates, p);
  } else {
    place_by_postcode(w, postcode, candidates, p);
  }
  return p;
}

std::pair<std::ptrdiff_t, double> PlacementContext::nearest_among(double lat, double lon,
                                                                  const std::vector<std::size_t>& among) const {
  std::pair<std::ptrdiff_t, double> best{-1, 1e300};
  for (const auto i : among) {
    const auto& c = m_communes[i];
    if (std::isnan(c.lat)) continue;
    const double d = territory::haversine_km(lat, lon, c.lat, c.lon);
    if (d < best.second) best = {static_cast<std::ptrdiff_t>(i), d};
  }
  return best;
}

void PlacementContext::place_by_coordinates(double lat, double lon, const std::string& postcode,
                                            const std::vector<std::size_t>& candidates, Placement& p) const {
  // 1. Polygons.
  for (std::size_t i = 0; i < m_polygons.size(); ++i) {
    if (m_polygon_commune[i] < 0 || !m_polygons[i].contains(lon, lat)) continue;
    const auto& c = m_communes[static_cast<std::size_t>(m_polygon_commune[i])];
    p.commune = c.code;
    p.method = "polygon";
    if (!candidates.empty() && std::find(candidates.begin(), candidates.end(),
                                         static_cast<std::size_t>(m_polygon_commune[i])) == candidates.end()) {
      p.warnings.push_back({"polygon_postcode_mismatch", {c.name, c.code, postcode}});
    }
    return;
  }
  // 2. Nearest centroid among the postcode's communes.
  if (!candidates.empty()) {
    const auto [i, d] = nearest_among(lat, lon, candidates);
    if (i >= 0 && d <= kMaxCentroidKm) {
      p.commune = m_communes[static_cast<std::size_t>(i)].code;
      p.method = "postcode_nearest";
      p.distance_km = d;
      return;
    }
  }
  // 3. Nearest centroid of all communes (k-d tree).
  const long i = m_centroids->nearest(lat, lon).first;
  // The distance as the other steps measure it (the tree's chord gives the same to rounding).
  const double d = i >= 0 ? territory::haversine_km(lat, lon, m_communes[static_cast<std::size_t>(i)].lat,
                                                    m_communes[static_cast<std::size_t>(i)].lon)
                          : text::kMissing;
  if (i >= 0 && d <= kMaxCentroidKm) {
    const auto& c = m_communes[static_cast<std::size_t>(i)];
    p.commune = c.code;
    p.method = "nearest_centroid";
    p.distance_km = d;
    if (!candidates.empty()) {
      p.warnings.push_back(
          {"postcode_inconsistent",
           {postcode, fmt::format("{:.0f}", kMaxCentroidKm), c.name, c.code, fmt::format("{:.1f}", d)}});
    } else if (postcode.empty()) {
      p.warnings.push_back({"no_postcode_check", {c.name, c.code, fmt::format("{:.1f}", d)}});
    }
    return;
  }
  p.reason = Message{"too_far",
                     {fmt::format("{:.5f}", lat), fmt::format("{:.5f}", lon), fmt::format("{:.0f}", kMaxCentroidKm)}};
}

// 4. No coordinates: postcode (and city).
void PlacementContext::place_by_postcode(const Workshop& w, const std::string& postcode,
                                         const std::vector<std::size_t>& candidates, Placement& p) const {
  if (postcode.empty()) {
    p.reason = Message{"nothing_to_place", {}};
    return;
  }
  if (candidates.empty()) {
    place_by_departement_city(w, postcode, p);
    return;
  }
  if (candidates.size() == 1) {
    p.commune = m_communes[candidates[0]].code;
    p.method = "postcode_only";
    return;
  }
  if (w.city) {
    const auto city = fold_place(*w.city);
    std::vector<std::size_t> match;
    for (const auto i : candidates) {
      if (m_communes[i].folded == city) match.push_back(i);
    }
    if (match.size() == 1) {
      p.commune = m_communes[match[0]].code;
      p.method = "postcode_city";
      return;
    }
  }
  std::vector<std::string> names;
  names.reserve(candidates.size());
  for (const auto i : candidates) names.push_back(fmt::format("{} {}", m_communes[i].code, m_communes[i].name));
  p.reason = Message{
      "postcode_ambiguous",
      {postcode, std::to_string(candidates.size()), fmt::format("{}", fmt::join(names, ", ")), w.city.value_or("")}};
}

void PlacementContext::place_by_departement_city(const Workshop& w, const std::string& postcode, Placement& p) const {
  // A CEDEX or unknown code: its first digits still give the département.
  const std::string dep = postcode.rfind("97", 0) == 0 ? postcode.substr(0, 3) : postcode.substr(0, 2);
  std::vector<std::size_t> match;
  if (w.city) {
    if (const auto named = m_by_folded.find(fold_place(*w.city)); named != m_by_folded.end()) {
      for (const auto i : named->second) {
        const auto& c = m_communes[i];
        if (c.dep == dep || (dep == "20" && (c.dep == "2A" || c.dep == "2B"))) match.push_back(i);
      }
    }
  }
  if (match.size() == 1) {
    p.commune = m_communes[match[0]].code;
    p.method = "departement_city";
    p.warnings.back() = {"cedex_city", {postcode, *w.city, m_communes[match[0]].dep}};
    return;
  }
  p.warnings.clear();
  p.reason = Message{"cedex_no_city", {postcode, w.city.value_or(""), std::to_string(match.size()), dep}};
}

}  // namespace fabscope::workshops
