#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <fstream>

#include "fuzz.hpp"

namespace fabscope::fuzz {

std::vector<Entry>& registry() {
  static std::vector<Entry> entries;
  return entries;
}

Registrar::Registrar(const char* name, Body body) { registry().push_back({name, body}); }

std::vector<std::string> split_parts(std::string_view input, std::size_t max_parts) {
  std::vector<std::string> parts(max_parts);
  std::size_t k = 0;
  while (k + 1 < max_parts) {
    const auto nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    parts[k++] = std::string(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  parts[k] = std::string(input);
  return parts;
}

namespace {
const std::filesystem::path& scratch_dir();
}

std::filesystem::path scratch_file(const std::string& name, std::string_view contents) {
  const auto path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) fail("support", "cannot write the scratch file " + path.string());
  return path;
}

namespace {
const std::filesystem::path& scratch_dir() {
  // In memory (tmpfs) when the system has one: rewriting a file on ext4 flushes it to
  // the disk on each close (auto_da_alloc), which made the file-based targets 30x slower.
  // Never destroyed: the exit handler that removes the directory runs after static
  // destructors.
  static const auto* dir = [] {
    std::error_code ec;
    const std::filesystem::path shm = "/dev/shm";
    const auto base = std::filesystem::is_directory(shm, ec) && ::access("/dev/shm", W_OK) == 0
                          ? shm
                          : std::filesystem::temp_directory_path();
    auto d = base / ("fabscope-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir(), ignored);
    });
    return new std::filesystem::path(d);
  }();
  return *dir;
}
}  // namespace

std::string gzip(std::string_view bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) fail("support", "deflateInit2");
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) fail("support", "deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string tar(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out;
  for (const auto& [name, data] : files) {
    char h[512] = {};
    std::memcpy(h, name.data(), std::min<std::size_t>(name.size(), 100));
    std::snprintf(h + 100, 8, "%07o", 0644);
    std::snprintf(h + 108, 8, "%07o", 0);
    std::snprintf(h + 116, 8, "%07o", 0);
    std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(data.size()));
    std::snprintf(h + 136, 12, "%011o", 0);
    h[156] = '0';
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (const char c : h) sum += static_cast<unsigned char>(c);
    std::snprintf(h + 148, 8, "%06o", sum);
    out.append(h, 512);
    out += data;
    out.append((512 - data.size() % 512) % 512, '\0');
  }
  out.append(1024, '\0');
  return out;
}

namespace {
void put16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}
}  // namespace

std::string zip_stored(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, directory;
  for (const auto& [name, data] : files) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto name_len = static_cast<unsigned>(name.size());
    // Local file header.
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, 0);
    put16(out, 0);  // stored
    put16(out, 0);
    put16(out, 0x21);  // 1980-01-01
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name_len);
    put16(out, 0);
    out += name;
    out += data;
    // Central directory entry.
    put32(directory, 0x02014b50);
    put16(directory, 20);  // made by
    put16(directory, 20);  // needed
    put16(directory, 0);   // flags
    put16(directory, 0);   // stored
    put16(directory, 0);   // time
    put16(directory, 0x21);
    put32(directory, crc);
    put32(directory, size);
    put32(directory, size);
    put16(directory, name_len);
    put16(directory, 0);
    put16(directory, 0);
    put16(directory, 0);
    put16(directory, 0);
    put32(directory, 0);
    put32(directory, offset);
    directory += name;
  }
  const auto dir_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<unsigned>(files.size()));
  put16(out, static_cast<unsigned>(files.size()));
  put32(out, static_cast<std::uint32_t>(directory.size()));
  put32(out, dir_offset);
  put16(out, 0);
  return out;
}

}  // namespace fabscope::fuzz
