#include "graphics/projection.hpp"

#include <proj.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace fabscope::graphics {

struct Lambert93::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
};

Lambert93::Lambert93() : m_impl(std::make_unique<Impl>()) {
  m_impl->ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(m_impl->ctx, "EPSG:4326", "EPSG:2154", nullptr);
  if (raw == nullptr) {
    const std::string why = proj_context_errno_string(m_impl->ctx, proj_context_errno(m_impl->ctx));
    proj_context_destroy(m_impl->ctx);
    throw Error(ExitCode::failure,
                fmt::format("PROJ cannot build EPSG:4326 -> EPSG:2154 ({}); is proj-data installed?", why));
  }
  // Longitude first, whatever the CRS definition's axis order.
  m_impl->pj = proj_normalize_for_visualization(m_impl->ctx, raw);
  proj_destroy(raw);
  if (m_impl->pj == nullptr) {
    proj_context_destroy(m_impl->ctx);
    throw Error(ExitCode::failure, "PROJ cannot normalise the Lambert-93 transformation");
  }
}

Lambert93::~Lambert93() {
  if (m_impl) {
    proj_destroy(m_impl->pj);
    proj_context_destroy(m_impl->ctx);
  }
}

XY Lambert93::forward(double lon, double lat) const {
  const PJ_COORD out = proj_trans(m_impl->pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
  return {out.xy.x, out.xy.y};
}

void Lambert93::forward(double* lon_x, double* lat_y, std::size_t n) const {
  proj_trans_generic(m_impl->pj, PJ_FWD, lon_x, sizeof(double), n, lat_y, sizeof(double), n, nullptr, 0, 0, nullptr, 0,
                     0);
}

namespace {
// Boxes stacked from the south, 180 km apart, x from -150 km (Bretagne starts near 100 km).
constexpr double kBoxX = -170e3, kBoxY = 6080e3, kBox = 150e3, kStep = 180e3;
constexpr Inset kInsets[] = {
    {"971", "Guadeloupe", -61.86, 15.82, -60.98, 16.53, kBoxX, kBoxY + 4 * kStep, kBox},
    {"972", "Martinique", -61.25, 14.38, -60.80, 14.89, kBoxX, kBoxY + 3 * kStep, kBox},
    {"973", "Guyane", -54.62, 2.10, -51.60, 5.78, kBoxX, kBoxY + 2 * kStep, kBox},
    {"974", "La Réunion", 55.20, -21.40, 55.84, -20.86, kBoxX, kBoxY + kStep, kBox},
    {"976", "Mayotte", 44.98, -13.02, 45.32, -12.62, kBoxX, kBoxY, kBox},
};
constexpr double kMargin = 0.3;  // degrees around each area still counted in it
}  // namespace

std::span<const Inset> overseas_insets() { return kInsets; }

const Inset* inset_of(double lon, double lat) {
  for (const auto& i : kInsets) {
    if (lon >= i.min_lon - kMargin && lon <= i.max_lon + kMargin && lat >= i.min_lat - kMargin &&
        lat <= i.max_lat + kMargin) {
      return &i;
    }
  }
  return nullptr;
}

XY inset_forward(const Inset& inset, double lon, double lat) {
  const double k = std::cos((inset.min_lat + inset.max_lat) / 2 * 3.14159265358979323846 / 180);
  const double w = (inset.max_lon - inset.min_lon) * k, h = inset.max_lat - inset.min_lat;
  const double scale = inset.size * 0.9 / std::max(w, h);
  const double ox = inset.x0 + (inset.size - w * scale) / 2, oy = inset.y0 + (inset.size - h * scale) / 2;
  return {ox + (lon - inset.min_lon) * k * scale, oy + (lat - inset.min_lat) * scale};
}

XY france_forward(double lon, double lat) {
  if (lon > -6 && lon < 11 && lat > 41 && lat < 52) return Lambert93::local().forward(lon, lat);
  if (const auto* i = inset_of(lon, lat)) return inset_forward(*i, lon, lat);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan};
}

const Lambert93& Lambert93::local() {
  thread_local const Lambert93 instance;
  return instance;
}

}  // namespace fabscope::graphics
