// Lambert-93 (EPSG:2154), the official projection of metropolitan France, through PROJ.
// One Lambert93 per thread: a PROJ context is not shared between threads.
#pragma once

#include <memory>
#include <span>
#include <string_view>

namespace fabscope::graphics {

struct XY {
  double x = 0, y = 0;
};

class Lambert93 {
 public:
  Lambert93();  // throws Error when PROJ or its database (proj-data) is missing
  ~Lambert93();
  Lambert93(const Lambert93&) = delete;
  Lambert93& operator=(const Lambert93&) = delete;
  // WGS 84 longitude/latitude in degrees to Lambert-93 metres.
  [[nodiscard]] XY forward(double lon, double lat) const;
  // In place, for many points at once.
  void forward(double* lon_x, double* lat_y, std::size_t n) const;

  // The calling thread's instance.
  static const Lambert93& local();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// The overseas départements drawn as insets beside metropolitan France, as the maps of
// INSEE and the ANCT do: each region of the world is fitted (equirectangular at its own
// latitude, its own scale) into a 150 km box of the Lambert-93 plane west of Bretagne, so
// the insets sit in the Atlantic and follow the metropolitan zoom.
struct Inset {
  std::string_view code, name;                  // département code, name
  double min_lon, min_lat, max_lon, max_lat;    // the area mapped
  double x0, y0, size;                          // its box in Lambert-93 metres (lower left, side)
};
std::span<const Inset> overseas_insets();
// The inset holding lon/lat, or nullptr (metropolitan France or elsewhere).
const Inset* inset_of(double lon, double lat);
// Position in the inset's box.
XY inset_forward(const Inset& inset, double lon, double lat);
// Lambert-93 for metropolitan France, the inset's box for an overseas département, NaN
// elsewhere (a place in a collectivité d'outre-mer, for which no box exists).
XY france_forward(double lon, double lat);

}  // namespace fabscope::graphics
