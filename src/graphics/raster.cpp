#include "graphics/raster.hpp"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <mutex>

#include <fmt/format.h>

#include <memory>

#include "core/error.hpp"

namespace fabscope::graphics {

namespace {
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

std::string svg_to_png(const std::string& svg, double scale) {
  // One drawing at a time: librsvg lays text out through Pango, cairo and fontconfig, which
  // document no guarantee for concurrent use from several threads. PNG maps are rare
  // (rate-limited, then cached), so serialising them costs nothing.
  static std::mutex drawing;
  const std::lock_guard<std::mutex> lock(drawing);
  GError* error = nullptr;
  RsvgHandle* handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
  if (handle == nullptr) {
    const std::string why = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) g_error_free(error);
    throw Error(ExitCode::failure, fmt::format("cannot render the SVG: {}", why));
  }
  std::unique_ptr<RsvgHandle, void (*)(gpointer)> guard(handle, g_object_unref);
  gdouble w = 0, h = 0;
  if (rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) == 0) {
    w = 800;
    h = 600;
  }
  const int pw = static_cast<int>(w * scale), ph = static_cast<int>(h * scale);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  const RsvgRectangle viewport{0, 0, static_cast<double>(pw), static_cast<double>(ph)};
  const bool ok = rsvg_handle_render_document(handle, cr, &viewport, &error) != 0;
  std::string png;
  if (ok) cairo_surface_write_to_png_stream(surface, append, &png);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  if (!ok) {
    const std::string why = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) g_error_free(error);
    throw Error(ExitCode::failure, fmt::format("cannot render the SVG: {}", why));
  }
  return png;
}

}  // namespace fabscope::graphics
