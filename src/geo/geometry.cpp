#include "geo/geometry.hpp"

#include <fmt/format.h>
#include <geos_c.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.hpp"

namespace fabscope::geo {

namespace {

constexpr double kGrid = 1e5;  // 1e-5 degree, about 1 m

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_signed(std::string& out, std::int64_t v) {
  put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

class Reader {
 public:
  Reader(std::string_view bytes, std::string_view what) : m_bytes(bytes), m_what(what) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (m_pos >= m_bytes.size()) fail("truncated");
      const auto b = static_cast<unsigned char>(m_bytes[m_pos++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    fail("bad varint");
  }
  std::int64_t signed_varint() {
    const auto u = varint();
    return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
  }
  // A count of items of at least `min_bytes` each: never more than the bytes left.
  std::size_t count(std::size_t min_bytes) {
    const auto n = varint();
    if (n > (m_bytes.size() - m_pos) / min_bytes) fail("count larger than the data");
    return static_cast<std::size_t>(n);
  }
  [[nodiscard]] bool done() const { return m_pos == m_bytes.size(); }
  [[noreturn]] void fail(std::string_view why) const {
    throw Error(ExitCode::failure, fmt::format("{}: damaged geometry ({} at byte {})", m_what, why, m_pos));
  }

 private:
  std::string_view m_bytes, m_what;
  std::size_t m_pos = 0;
};

// A GEOS context for one thread, with its errors kept for the exception.
struct Context {
  GEOSContextHandle_t h = GEOS_init_r();
  std::string error;
  Context() {
    GEOSContext_setErrorMessageHandler_r(
        h, [](const char* message, void* self) { static_cast<Context*>(self)->error = message; }, this);
  }
  ~Context() { GEOS_finish_r(h); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  [[noreturn]] void fail(std::string_view step) const {
    throw Error(ExitCode::failure, fmt::format("GEOS {} failed: {}", step, error.empty() ? "unknown error" : error));
  }
};

struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(h, g); }
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GEOSGeometry* make_ring(Context& c, const io::Ring& ring) {
  std::vector<double> xy;
  xy.reserve(ring.lon.size() * 2 + 2);
  for (std::size_t i = 0; i < ring.lon.size(); ++i) {
    xy.push_back(ring.lon[i]);
    xy.push_back(ring.lat[i]);
  }
  if (!ring.lon.empty() && (ring.lon.front() != ring.lon.back() || ring.lat.front() != ring.lat.back())) {
    xy.push_back(ring.lon.front());  // GEOS wants closed rings
    xy.push_back(ring.lat.front());
  }
  if (xy.size() < 8) return nullptr;  // fewer than 4 positions: not a ring
  auto* seq = GEOSCoordSeq_copyFromBuffer_r(c.h, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
  if (seq == nullptr) c.fail("coordinate sequence");
  auto* r = GEOSGeom_createLinearRing_r(c.h, seq);
  if (r == nullptr) c.fail("ring");
  return r;
}

// Every polygon of every part, as one GEOS geometry collection (owned).
Geom make_collection(Context& c, const std::vector<const MultiPolygon*>& parts) {
  std::vector<GEOSGeometry*> polys;
  for (const auto* part : parts) {
    for (const auto& polygon : *part) {
      if (polygon.empty()) continue;
      GEOSGeometry* shell = make_ring(c, polygon.front());
      if (shell == nullptr) continue;
      std::vector<GEOSGeometry*> holes;
      for (std::size_t k = 1; k < polygon.size(); ++k) {
        if (auto* h = make_ring(c, polygon[k])) holes.push_back(h);
      }
      auto* p = GEOSGeom_createPolygon_r(c.h, shell, holes.data(), static_cast<unsigned>(holes.size()));
      if (p == nullptr) c.fail("polygon");
      polys.push_back(p);
    }
  }
  auto* g = GEOSGeom_createCollection_r(c.h, GEOS_GEOMETRYCOLLECTION, polys.data(), static_cast<unsigned>(polys.size()));
  if (g == nullptr) c.fail("collection");
  return Geom(g, GeomDeleter{c.h});
}

io::Ring ring_of(Context& c, const GEOSGeometry* ring) {
  const auto* seq = GEOSGeom_getCoordSeq_r(c.h, ring);
  unsigned n = 0;
  if (seq == nullptr || GEOSCoordSeq_getSize_r(c.h, seq, &n) == 0) c.fail("ring size");
  std::vector<double> xy(static_cast<std::size_t>(n) * 2);
  if (n > 0 && GEOSCoordSeq_copyToBuffer_r(c.h, seq, xy.data(), 0, 0) == 0) c.fail("ring copy");
  io::Ring r;
  r.lon.resize(n);
  r.lat.resize(n);
  for (unsigned i = 0; i < n; ++i) {
    r.lon[i] = xy[2 * static_cast<std::size_t>(i)];
    r.lat[i] = xy[2 * static_cast<std::size_t>(i) + 1];
  }
  return r;
}

double ring_area(Context& c, const GEOSGeometry* ring) {
  auto* seq = GEOSCoordSeq_clone_r(c.h, GEOSGeom_getCoordSeq_r(c.h, ring));
  Geom poly(GEOSGeom_createPolygon_r(c.h, GEOSGeom_createLinearRing_r(c.h, seq), nullptr, 0), GeomDeleter{c.h});
  double a = 0;
  if (!poly || GEOSArea_r(c.h, poly.get(), &a) == 0) c.fail("area");
  return a;
}

// The polygons of a union result (which may hold lines or points after MakeValid).
void collect(Context& c, const GEOSGeometry* g, double min_area, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(c.h, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(c.h, g) == 1) return;
    std::vector<io::Ring> rings;
    rings.push_back(ring_of(c, GEOSGetExteriorRing_r(c.h, g)));
    const int holes = GEOSGetNumInteriorRings_r(c.h, g);
    for (int k = 0; k < holes; ++k) {
      const auto* h = GEOSGetInteriorRingN_r(c.h, g, k);
      if (ring_area(c, h) >= min_area) rings.push_back(ring_of(c, h));  // slivers between neighbours
    }
    out.push_back(std::move(rings));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(c.h, g);
    for (int i = 0; i < n; ++i) collect(c, GEOSGetGeometryN_r(c.h, g, i), min_area, out);
  }
}

double shoelace(const io::Ring& r) {
  double a = 0;
  for (std::size_t i = 0, j = r.lon.size() - 1; i < r.lon.size(); j = i++) {
    a += (r.lon[j] - r.lon[i]) * (r.lat[j] + r.lat[i]);
  }
  return std::abs(a) / 2;
}

}  // namespace

std::string encode(const MultiPolygon& shape) {
  std::string out;
  put_varint(out, shape.size());
  std::int64_t px = 0, py = 0;
  for (const auto& polygon : shape) {
    put_varint(out, polygon.size());
    for (const auto& ring : polygon) {
      put_varint(out, ring.lon.size());
      for (std::size_t i = 0; i < ring.lon.size(); ++i) {
        const auto x = static_cast<std::int64_t>(std::llround(ring.lon[i] * kGrid));
        const auto y = static_cast<std::int64_t>(std::llround(ring.lat[i] * kGrid));
        put_signed(out, x - px);
        put_signed(out, y - py);
        px = x;
        py = y;
      }
    }
  }
  return out;
}

MultiPolygon decode(std::string_view bytes, std::string_view what) {
  Reader in(bytes, what);
  MultiPolygon shape(in.count(1));
  std::int64_t x = 0, y = 0;
  for (auto& polygon : shape) {
    polygon.resize(in.count(1));
    for (auto& ring : polygon) {
      const auto n = in.count(2);
      ring.lon.resize(n);
      ring.lat.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        x += in.signed_varint();
        y += in.signed_varint();
        ring.lon[i] = static_cast<double>(x) / kGrid;
        ring.lat[i] = static_cast<double>(y) / kGrid;
      }
    }
  }
  if (!in.done()) in.fail("trailing bytes");
  return shape;
}

MultiPolygon dissolve(const std::vector<const MultiPolygon*>& parts, double min_area) {
  Context c;
  Geom all = make_collection(c, parts);
  if (GEOSisValid_r(c.h, all.get()) != 1) {
    // Overlapping or self-touching input (a collection of polygons is checked as a whole
    // only through its union): make each valid, then unite.
    Geom valid(GEOSMakeValid_r(c.h, all.get()), GeomDeleter{c.h});
    if (!valid) c.fail("make valid");
    all = std::move(valid);
  }
  // Neighbouring communes share their edges exactly (the file was simplified with its
  // topology kept): the coverage union, which only drops shared edges, is much faster than
  // the general union. When the parts are not such a coverage (overlaps, gaps) its result is
  // not valid, and the general union is used.
  Geom u(GEOSCoverageUnion_r(c.h, all.get()), GeomDeleter{c.h});
  if (!u || GEOSisValid_r(c.h, u.get()) != 1) {
    c.error.clear();
    u.reset(GEOSUnaryUnion_r(c.h, all.get()));
    if (!u) c.fail("union");
  }
  MultiPolygon out;
  collect(c, u.get(), min_area, out);
  return out;
}

double planar_area(const MultiPolygon& shape) {
  double a = 0;
  for (const auto& polygon : shape) {
    for (std::size_t k = 0; k < polygon.size(); ++k) a += (k == 0 ? 1 : -1) * shoelace(polygon[k]);
  }
  return a;
}

std::vector<MultiPolygon> dissolve_all(const std::vector<std::vector<const MultiPolygon*>>& groups, unsigned threads,
                                       const std::function<void()>& done) {
  std::vector<MultiPolygon> out(groups.size());
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::exception_ptr error;
  const auto work = [&] {
    for (std::size_t i = next++; i < groups.size(); i = next++) {
      try {
        out[i] = dissolve(groups[i]);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        next = groups.size();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      if (done) done();
    }
  };
  const unsigned n = std::max(1U, threads != 0 ? threads : std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<std::size_t>(n, groups.size()); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return out;
}

}  // namespace fabscope::geo
