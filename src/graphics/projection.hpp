// Lambert-93 (EPSG:2154), the official projection of metropolitan France, through PROJ.
// One Lambert93 per thread: a PROJ context is not shared between threads.
#pragma once

#include <memory>

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

}  // namespace fabscope::graphics
