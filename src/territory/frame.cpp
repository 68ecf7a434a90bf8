#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/text.hpp"
#include "territory/codes.hpp"
#include "territory/frame.hpp"

namespace fabscope::territory {
namespace {

constexpr double kNaN = text::kMissing;

// Groups rows of a file by target commune: parts[i] = row indices mapping to commune i.
template <class Rows, class CodeOf, class Skip>
std::vector<std::vector<std::size_t>> group_parts(const Rows& rows, const CodeMap& map, std::size_t n, CodeOf code_of,
                                                  Skip skip, std::vector<std::string>& unmapped) {
  std::vector<std::vector<std::size_t>> parts(n);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& code = code_of(rows[r]);
    if (skip(rows[r])) continue;
    const auto i = map.find(code);
    if (i < 0) {
      unmapped.push_back(code);
      continue;
    }
    parts[static_cast<std::size_t>(i)].push_back(r);
  }
  return parts;
}

// Class rule: the value shared by all parts; else the part whose code is the 2026 code.
template <class Rows, class CodeOf, class ValueOf>
auto class_value(const std::vector<std::size_t>& parts, const Rows& rows, const std::string& target, CodeOf code_of,
                 ValueOf value_of, std::size_t& disagreements) -> decltype(value_of(rows[0])) {
  using V = decltype(value_of(rows[0]));
  if (parts.empty()) return V{};
  V first = value_of(rows[parts[0]]);  // not const: returned (moved) when all parts agree
  bool same = true;
  for (const auto p : parts) same = same && value_of(rows[p]) == first;
  if (same) return first;
  ++disagreements;
  for (const auto p : parts) {
    if (code_of(rows[p]) == target) return value_of(rows[p]);
  }
  return V{};
}

void note_unmapped(std::vector<Message>& notes, const char* dataset, const std::vector<std::string>& unmapped) {
  if (unmapped.empty()) return;
  std::vector<std::string> shown(
      unmapped.begin(), unmapped.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(unmapped.size(), 10)));
  notes.push_back({"unmapped_codes",
                   {dataset, std::to_string(unmapped.size()),
                    fmt::format("{}{}", fmt::join(shown, ", "), unmapped.size() > 10 ? ", …" : "")}});
}

using CommuneIndex = std::unordered_map<std::string, std::size_t>;

// 1. The communes actuelles, sorted by code, and their units (EPCI, départements,
// régions, zones d'emploi); returns each commune's position by code.
CommuneIndex communes_and_units(const sources::TerritorySources& src, CommuneFrame& f) {
  std::vector<const sources::CogCommune*> actual;
  for (const auto& c : src.cog.communes) {
    if (c.type == "commune-actuelle") actual.push_back(&c);
  }
  std::sort(actual.begin(), actual.end(), [](auto* a, auto* b) { return a->code < b->code; });
  const std::size_t n = actual.size();
  CommuneIndex index;
  index.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    index.emplace(actual[i]->code, i);
    f.code.push_back(actual[i]->code);
    f.name.push_back(actual[i]->name);
    f.dep.push_back(actual[i]->departement);
    f.reg.push_back(actual[i]->region);
  }
  f.epci.assign(n, "");
  for (const auto& e : src.cog.epcis) {
    for (const auto& m : e.members) {
      if (const auto it = index.find(m); it != index.end()) f.epci[it->second] = e.siren;
    }
    f.epci_units.emplace_back(e.siren, e.name);
  }
  for (const auto& d : src.cog.departements) f.dep_units.emplace_back(d.code, d.name);
  for (const auto& r : src.cog.regions) f.reg_units.emplace_back(r.code, r.name);
  for (const auto& z : src.geo.zones) {
    if (z.level == "ZE2020") f.ze_units.emplace_back(z.code, z.name);
  }
  return index;
}

// 2. Comparateur: counts summed (missing if any part is missing), MED19 single part only;
// France's sector shares.
void add_comparateur(const std::vector<sources::ComparateurRow>& rows, const CodeMap& map, CommuneFrame& f) {
  const std::size_t n = f.code.size();
  std::vector<std::string> unmapped;
  const auto parts = group_parts(
      rows, map, n, [](const auto& r) -> const std::string& { return r.code; },
      [&](const auto& r) { return map.is_arm(r.code); }, unmapped);
  note_unmapped(f.notes, "insee_comparateur_2022", unmapped);
  auto count = [&](std::string_view column, std::vector<double>& out) {
    const auto k = sources::comparateur_index(column);
    out.assign(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
      if (parts[i].empty()) continue;
      double s = 0;
      for (const auto p : parts[i]) s += rows[p].values[k];
      out[i] = s;  // NaN propagates: a missing part makes the sum missing
    }
  };
  count("P18_POP", f.pop);
  count("SUPERF", f.superf);
  count("P18_EMPLT", f.e18);
  count("P13_EMPLT", f.e13);
  count("P18_ACT1564", f.act);
  count("P18_CHOM1564", f.chom);
  count("ETTOT18", f.ettot);
  static constexpr std::array<std::string_view, kSectors> kEt = {"ETAZ18", "ETBE18", "ETFZ18", "ETGU18", "ETOQ18"};
  for (std::size_t s = 0; s < kSectors; ++s) count(kEt[s], f.et[s]);
  const auto med = sources::comparateur_index("MED19");
  f.med.assign(n, kNaN);
  std::size_t merged = 0;
  std::size_t without = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (parts[i].size() == 1) f.med[i] = rows[parts[i][0]].values[med];
    if (parts[i].size() > 1) ++merged;
    if (parts[i].empty()) ++without;
  }
  f.notes.push_back({"comparateur_merged", {std::to_string(merged), std::to_string(without)}});
  // France: every commune row of the file (not the arrondissements municipaux).
  const auto tot = sources::comparateur_index("ETTOT18");
  for (std::size_t s = 0; s < kSectors; ++s) {
    const auto k = sources::comparateur_index(kEt[s]);
    double num = 0;
    double den = 0;
    for (const auto& r : rows) {
      if (map.is_arm(r.code) || std::isnan(r.values[k]) || std::isnan(r.values[tot])) continue;
      num += r.values[k];
      den += r.values[tot];
    }
    f.france_share[s] = num / den;
  }
}

// 3. Density grid: class rule.
void add_density(const std::vector<sources::DensityRow>& rows, const CodeMap& map, CommuneFrame& f) {
  const std::size_t n = f.code.size();
  std::vector<std::string> unmapped;
  const auto parts = group_parts(
      rows, map, n, [](const auto& r) -> const std::string& { return r.code; }, [](const auto&) { return false; },
      unmapped);
  note_unmapped(f.notes, "insee_grille_densite_2024", unmapped);
  f.dens.assign(n, 0);
  std::size_t disagreements = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f.dens[i] = class_value(
        parts[i], rows, f.code[i], [](const auto& r) -> const std::string& { return r.code; },
        [](const auto& r) { return r.dens; }, disagreements);
  }
  if (disagreements > 0) {
    f.notes.push_back({"density_disagreements", {std::to_string(disagreements)}});
  }
}

// 4. Appartenance: ZE2020 and CATEAAV2020, class rule; ARM rows dropped.
void add_appartenance(const std::vector<sources::GeoRow>& rows, const CodeMap& map, CommuneFrame& f) {
  const std::size_t n = f.code.size();
  std::vector<std::string> unmapped;
  const auto parts = group_parts(
      rows, map, n, [](const auto& r) -> const std::string& { return r.code(); }, [](const auto& r) { return r.arm; },
      unmapped);
  note_unmapped(f.notes, "insee_appartenance_2022", unmapped);
  f.ze.assign(n, "");
  f.cateaav.assign(n, 0);
  std::size_t disagreements = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f.ze[i] = class_value(
        parts[i], rows, f.code[i], [](const auto& r) -> const std::string& { return r.code(); },
        [](const auto& r) { return r.get("ZE2020"); }, disagreements);
    const std::string cate = class_value(
        parts[i], rows, f.code[i], [](const auto& r) -> const std::string& { return r.code(); },
        [](const auto& r) { return r.get("CATEAAV2020"); }, disagreements);
    f.cateaav[i] = cate.empty() ? 0 : std::stoi(cate);
  }
  if (disagreements > 0) {
    f.notes.push_back({"appartenance_disagreements", {std::to_string(disagreements)}});
  }
}

// 5. La Poste centroids: the rows of the code itself, else of the codes that map to it.
void add_centroids(const std::vector<sources::PostalRow>& rows, const CommuneIndex& index, const CodeMap& map,
                   CommuneFrame& f) {
  const std::size_t n = f.code.size();
  std::vector<double> dsum_lat(n, 0), dsum_lon(n, 0), isum_lat(n, 0), isum_lon(n, 0);
  std::vector<std::size_t> dn(n, 0), in(n, 0);
  std::vector<std::string> unmapped;
  for (const auto& r : rows) {
    if (std::isnan(r.latitude)) continue;
    if (const auto it = index.find(r.insee); it != index.end()) {
      dsum_lat[it->second] += r.latitude;
      dsum_lon[it->second] += r.longitude;
      ++dn[it->second];
      continue;
    }
    const auto i = map.find(r.insee);
    if (i < 0) {
      unmapped.push_back(r.insee);
      continue;
    }
    const auto k = static_cast<std::size_t>(i);
    isum_lat[k] += r.latitude;
    isum_lon[k] += r.longitude;
    ++in[k];
  }
  note_unmapped(f.notes, "laposte_hexasmal", unmapped);
  f.lat.assign(n, kNaN);
  f.lon.assign(n, kNaN);
  std::size_t indirect = 0;
  std::size_t none = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (dn[i] > 0) {
      f.lat[i] = dsum_lat[i] / static_cast<double>(dn[i]);
      f.lon[i] = dsum_lon[i] / static_cast<double>(dn[i]);
    } else if (in[i] > 0) {
      f.lat[i] = isum_lat[i] / static_cast<double>(in[i]);
      f.lon[i] = isum_lon[i] / static_cast<double>(in[i]);
      ++indirect;
    } else {
      ++none;
    }
  }
  f.notes.push_back({"laposte_centroids", {std::to_string(indirect), std::to_string(none)}});
}

}  // namespace

CommuneFrame reconcile(const sources::TerritorySources& src) {
  CommuneFrame f;
  const CommuneIndex index = communes_and_units(src, f);
  const CodeMap map(src.cog.communes, index);
  add_comparateur(src.comparateur, map, f);
  add_density(src.density, map, f);
  add_appartenance(src.geo.communes, map, f);
  add_centroids(src.postal, index, map, f);
  return f;
}

}  // namespace fabscope::territory
