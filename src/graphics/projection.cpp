#include "graphics/projection.hpp"

#include <proj.h>

#include <fmt/format.h>

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

const Lambert93& Lambert93::local() {
  thread_local const Lambert93 instance;
  return instance;
}

}  // namespace fabscope::graphics
