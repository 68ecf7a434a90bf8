#include "io/archive.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <utility>

#include "core/error.hpp"

namespace fabscope::io {

std::string read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ExitCode::missing_data, fmt::format("{}: not found or not a regular file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ExitCode::missing_data, fmt::format("{}: cannot open the file", path.string()));
  std::string out;
  in.seekg(0, std::ios::end);
  out.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  return out;
}

namespace {
[[noreturn]] void zip_fail(const std::string& label, const std::string& what) {
  throw InputError(Problem{{label, 0, 0, {}}, what});
}

std::string zip_error_text(int code) {
  zip_error_t err;
  zip_error_init_with_code(&err, code);
  std::string text = zip_error_strerror(&err);
  zip_error_fini(&err);
  return text;
}
}  // namespace

ZipArchive::ZipArchive(::zip* handle, std::string label, std::unique_ptr<std::string> bytes)
    : m_zip(handle), m_label(std::move(label)), m_bytes(std::move(bytes)) {}

ZipArchive::ZipArchive(ZipArchive&& other) noexcept
    : m_zip(std::exchange(other.m_zip, nullptr)),
      m_label(std::move(other.m_label)),
      m_bytes(std::move(other.m_bytes)) {}

ZipArchive& ZipArchive::operator=(ZipArchive&& other) noexcept {
  if (this != &other) {
    if (m_zip != nullptr) zip_discard(m_zip);
    m_zip = std::exchange(other.m_zip, nullptr);
    m_label = std::move(other.m_label);
    m_bytes = std::move(other.m_bytes);
  }
  return *this;
}

ZipArchive::~ZipArchive() {
  if (m_zip != nullptr) zip_discard(m_zip);
}

std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (src == nullptr) throw Error(ExitCode::failure, "cannot make a ZIP archive in memory");
  ::zip* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (za == nullptr) {
    zip_source_free(src);
    throw Error(ExitCode::failure, "cannot make a ZIP archive in memory");
  }
  zip_source_keep(src);  // kept past zip_close, to read the archive back
  for (const auto& [name, contents] : entries) {
    zip_source_t* s = zip_source_buffer(za, contents.data(), contents.size(), 0);
    if (s == nullptr || zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (s != nullptr) zip_source_free(s);
      zip_discard(za);
      zip_source_free(src);
      throw Error(ExitCode::failure, fmt::format("cannot add {} to a ZIP archive", name));
    }
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    zip_source_free(src);
    throw Error(ExitCode::failure, "cannot write a ZIP archive in memory");
  }
  std::string out;
  if (zip_source_open(src) == 0) {
    std::array<char, 65536> buf{};
    zip_int64_t n = 0;
    while ((n = zip_source_read(src, buf.data(), buf.size())) > 0) out.append(buf.data(), static_cast<std::size_t>(n));
    zip_source_close(src);
  }
  zip_source_free(src);
  return out;
}

ZipArchive ZipArchive::open_file(const std::filesystem::path& path) {
  auto bytes = read_file(path);
  return open_bytes(std::move(bytes), path.filename().string());
}

ZipArchive ZipArchive::open_bytes(std::string bytes, std::string label) {
  if (bytes.empty()) zip_fail(label, "not a valid ZIP archive (truncated or corrupt?): the file is empty");
  auto owned = std::make_unique<std::string>(std::move(bytes));
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(owned->data(), owned->size(), 0, &err);
  if (src == nullptr) zip_fail(label, "cannot read the archive");
  ::zip* handle = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (handle == nullptr) {
    const std::string why = zip_error_strerror(&err);
    zip_source_free(src);
    zip_error_fini(&err);
    zip_fail(label, fmt::format("not a valid ZIP archive (truncated or corrupt?): {}", why));
  }
  return ZipArchive(handle, std::move(label), std::move(owned));
}

std::vector<std::string> ZipArchive::names() const {
  std::vector<std::string> out;
  const auto n = zip_get_num_entries(m_zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    if (const char* name = zip_get_name(m_zip, static_cast<zip_uint64_t>(i), 0)) out.emplace_back(name);
  }
  return out;
}

bool ZipArchive::contains(const std::string& name) const { return zip_name_locate(m_zip, name.c_str(), 0) >= 0; }

namespace {

constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t{1} << 30;     // 1 GiB inflated, per entry
constexpr double kMaxRatio = 200;                                  // inflated / compressed…
constexpr zip_uint64_t kRatioCheckedFrom = zip_uint64_t{1} << 20;  // …for entries over 1 MiB

// Deflated entries are inflated in one call by libdeflate (2–3 times faster than zlib's
// streaming inflate) from the raw compressed bytes, and their CRC-32 checked against the
// archive's directory; anything else goes through libzip.
std::optional<std::string> inflate_entry(::zip* archive, const zip_stat_t& st, const std::string& name,
                                         const std::string& where) {
  constexpr zip_uint64_t kNeeded =
      ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD;
  if ((st.valid & kNeeded) != kNeeded || st.comp_method != ZIP_CM_DEFLATE || st.encryption_method != ZIP_EM_NONE)
    return std::nullopt;
  // The size is the directory's word: deflate cannot expand more than 1032:1, so a larger
  // size is a damaged (or hostile) directory, not a reason to allocate gigabytes.
  if (static_cast<double>(st.size) > 1032.0 * static_cast<double>(st.comp_size) + 1024.0) {
    zip_fail(where, fmt::format("corrupt entry (a size of {} bytes for {} compressed bytes)", st.size, st.comp_size));
  }
  zip_file_t* f = zip_fopen(archive, name.c_str(), ZIP_FL_COMPRESSED);
  if (f == nullptr) return std::nullopt;
  std::string packed(static_cast<std::size_t>(st.comp_size), '\0');
  const zip_int64_t got = zip_fread(f, packed.data(), st.comp_size);
  zip_fclose(f);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.comp_size) zip_fail(where, "corrupt entry (short read)");
  std::string out(static_cast<std::size_t>(st.size), '\0');
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, Free> d(libdeflate_alloc_decompressor());
  std::size_t produced = 0;
  const auto rc =
      libdeflate_deflate_decompress(d.get(), packed.data(), packed.size(), out.data(), out.size(), &produced);
  if (rc != LIBDEFLATE_SUCCESS || produced != out.size()) zip_fail(where, "corrupt entry (invalid deflate data)");
  if (libdeflate_crc32(0, out.data(), out.size()) != st.crc) zip_fail(where, "corrupt entry (CRC error)");
  return out;
}

}  // namespace

std::string ZipArchive::read(const std::string& name) const {
  const std::string where = m_label + "!" + name;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(m_zip, name.c_str(), 0, &st) != 0) zip_fail(where, "entry not found in the archive");
  // Bounds on what an entry may inflate to (docs/reliability.md): the sizes are the
  // directory's word, checked before anything is allocated for them.
  if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > kMaxEntryBytes) {
    zip_fail(where, fmt::format("the entry declares {} bytes uncompressed, more than the {} bytes (1 GiB) an entry "
                                "may hold",
                                st.size, kMaxEntryBytes));
  }
  if ((st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) == (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE) &&
      st.size > kRatioCheckedFrom && static_cast<double>(st.size) > kMaxRatio * static_cast<double>(st.comp_size)) {
    zip_fail(where, fmt::format("the entry declares {} bytes for {} compressed bytes, a ratio above {:.0f}:1 "
                                "(a damaged archive or a zip bomb)",
                                st.size, st.comp_size, kMaxRatio));
  }
  if (auto fast = inflate_entry(m_zip, st, name, where)) return std::move(*fast);
  zip_file_t* f = zip_fopen(m_zip, name.c_str(), 0);
  if (f == nullptr) zip_fail(where, "cannot open the entry: " + std::string(zip_strerror(m_zip)));
  // Read in chunks: the buffer grows with the data actually there, not with the size the
  // directory claims (which may be damaged).
  std::string out;
  zip_int64_t got = 0;
  const zip_uint64_t kChunk = 1 << 20;
  while (static_cast<zip_uint64_t>(got) < st.size) {
    const zip_uint64_t want = std::min<zip_uint64_t>(kChunk, st.size - static_cast<zip_uint64_t>(got));
    out.resize(static_cast<std::size_t>(got) + static_cast<std::size_t>(want));
    const zip_int64_t n = zip_fread(f, out.data() + got, want);
    if (n < 0) {
      got = -1;
      break;
    }
    got += n;
    if (static_cast<zip_uint64_t>(got) > kMaxEntryBytes) {
      zip_fclose(f);
      zip_fail(where, fmt::format("the entry inflates to more than {} bytes (1 GiB)", kMaxEntryBytes));
    }
    if (static_cast<zip_uint64_t>(n) < want) break;
  }
  if (got >= 0) out.resize(static_cast<std::size_t>(got));
  // libzip checks the CRC when a read reaches the end of the data: read once more.
  char probe = 0;
  const zip_int64_t tail = got < 0 ? -1 : zip_fread(f, &probe, 1);
  const int close_rc = zip_fclose(f);
  if (got < 0 || tail != 0 || static_cast<zip_uint64_t>(got) != st.size || close_rc != 0) {
    zip_fail(where, fmt::format("corrupt entry ({})", close_rc != 0 ? zip_error_text(close_rc) : "short read"));
  }
  return out;
}

namespace {
std::map<std::string, std::string> untar(const std::string& tar, const std::string& label) {
  // Walk the ustar headers.
  std::map<std::string, std::string> files;
  std::size_t pos = 0;
  while (pos + 512 <= tar.size()) {
    const char* h = tar.data() + pos;
    if (h[0] == '\0') break;  // end-of-archive blocks
    std::string name(h, strnlen(h, 100));
    const std::string prefix(h + 345, strnlen(h + 345, 155));
    if (!prefix.empty()) name = fmt::format("{}/{}", prefix, name);
    std::size_t size = 0;
    for (int i = 124; i < 136 && h[i] != '\0' && h[i] != ' '; ++i) {
      if (h[i] < '0' || h[i] > '7') zip_fail(label, "corrupt tar header for " + name);
      size = size * 8 + static_cast<std::size_t>(h[i] - '0');
    }
    const char type = h[156];
    pos += 512;
    if (pos + size > tar.size()) zip_fail(fmt::format("{}!{}", label, name), "truncated tar entry");
    if (type == '0' || type == '\0') files.emplace(name, tar.substr(pos, size));
    pos += (size + 511) / 512 * 512;
  }
  return files;
}
}  // namespace

std::map<std::string, std::string> read_tar_gz(const std::filesystem::path& path) {
  const std::string label = path.filename().string();
  const std::string packed = read_file(path);
  // Inflate the whole gzip stream: in one call with libdeflate when the stream is a single
  // member whose size field (ISIZE, the last 4 bytes) is right; else with zlib, which also
  // says where a damaged stream stops.
  std::string tar;
  if (packed.size() > 18) {
    std::uint32_t isize = 0;
    std::memcpy(&isize, packed.data() + packed.size() - 4, 4);  // little-endian on every target we build for
    // Deflate cannot expand more than 1032:1: a larger ISIZE is a damaged trailer, left to zlib.
    if (static_cast<double>(isize) > 1032.0 * static_cast<double>(packed.size())) isize = 0;
    tar.resize(isize);
    struct Free {
      void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
    };
    const std::unique_ptr<libdeflate_decompressor, Free> d(libdeflate_alloc_decompressor());
    std::size_t in_used = 0, produced = 0;
    if (isize > 0 &&
        libdeflate_gzip_decompress_ex(d.get(), packed.data(), packed.size(), tar.data(), tar.size(), &in_used,
                                      &produced) == LIBDEFLATE_SUCCESS &&
        in_used == packed.size() && produced == tar.size()) {
      return untar(tar, label);
    }
    tar.clear();
  }
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) zip_fail(label, "zlib initialisation failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  std::string chunk(1 << 20, '\0');
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    tar.append(chunk.data(), chunk.size() - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    zip_fail(label, fmt::format("not a valid gzip stream (truncated or corrupt?) after {} bytes", zs.total_in));
  }
  return untar(tar, label);
}

}  // namespace fabscope::io
