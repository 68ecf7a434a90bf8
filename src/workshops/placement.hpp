// Placing a workshop in its COG 2026 commune:
//  1. coordinates inside a commune polygon (where polygons are loaded, e.g. Bretagne);
//  2. else coordinates + postcode: the nearest commune centroid among the communes of that
//     postcode (within kMaxCentroidKm);
//  3. else coordinates alone or with a postcode that no nearby commune has: the nearest
//     commune centroid if it is within kMaxCentroidKm, with a warning;
//  4. no coordinates: the postcode's only commune, or the commune of that postcode whose
//     name matches the city; for a postcode that serves no commune (a CEDEX code), the
//     commune of the postcode's département whose name matches the city, with a warning;
// anything else is left unplaced with the reason. Nothing is guessed silently: every
// inconsistency is a warning attached to the placement.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/message.hpp"

#include "io/geojson.hpp"
#include "store/store.hpp"
#include "territory/sphere.hpp"
#include "workshops/model.hpp"

namespace fabscope::workshops {

inline constexpr double kMaxCentroidKm = 15.0;

struct Placement {
  std::optional<std::string> commune;  // COG 2026 code
  std::string method;  // polygon, postcode_nearest, nearest_centroid, postcode_only, postcode_city, departement_city
  std::vector<Message> warnings;  // placement_messages() (core/texts/workshops.hpp) gives their texts
  std::optional<Message> reason;  // why unplaced
  double distance_km = 0;         // to the chosen centroid (centroid methods)
};

// A stored placement note (core/message.hpp encoding, or an older plain text) as text.
std::string placement_note_text(const std::string& stored, Lang lang);

class PlacementContext {
 public:
  // Reads the COG 2026 communes, their postcodes and centroids from the store (the
  // territory must have been imported), and the polygons when given.
  PlacementContext(store::Store& store, std::vector<io::PolygonFeature> polygons,
                   const std::string& polygon_code_key = "code");
  [[nodiscard]] Placement place(const Workshop& w) const;
  [[nodiscard]] std::string name_of(const std::string& code) const;
  [[nodiscard]] std::size_t polygon_count() const { return m_polygons.size(); }

 private:
  struct Commune {
    std::string code, name, folded, dep;
    double lat, lon;
  };
  [[nodiscard]] std::vector<std::size_t> postcode_candidates(const std::string& postcode) const;
  // The steps of place(), each completing `p` (which holds the postcode's warnings so far).
  // With coordinates: the polygon, else the nearest centroid among the postcode's communes, else of all.
  void place_by_coordinates(double lat, double lon, const std::string& postcode,
                            const std::vector<std::size_t>& candidates, Placement& p) const;
  // Without: the postcode's one commune, or the one of its communes named like the city.
  void place_by_postcode(const Workshop& w, const std::string& postcode, const std::vector<std::size_t>& candidates,
                         Placement& p) const;
  // A postcode that serves no commune (CEDEX): the city in the postcode's département.
  void place_by_departement_city(const Workshop& w, const std::string& postcode, Placement& p) const;
  // The commune of `among` whose centroid is nearest (index, km), or (-1, 1e300).
  [[nodiscard]] std::pair<std::ptrdiff_t, double> nearest_among(double lat, double lon,
                                                                const std::vector<std::size_t>& among) const;
  std::vector<Commune> m_communes;
  std::unordered_map<std::string, std::size_t> m_index;
  std::unordered_map<std::string, std::vector<std::size_t>> m_by_postcode;
  std::vector<io::PolygonFeature> m_polygons;
  std::vector<std::ptrdiff_t> m_polygon_commune;                          // COG 2026 commune of each polygon
  std::shared_ptr<const territory::SphereIndex> m_centroids;              // of m_communes, for the nearest one
  std::unordered_map<std::string, std::vector<std::size_t>> m_by_folded;  // folded name -> communes
};

// Folds a place name for matching: lower case, no accents, hyphens and apostrophes as
// spaces, "st"/"ste" as "saint"/"sainte".
std::string fold_place(std::string_view name);

}  // namespace fabscope::workshops
