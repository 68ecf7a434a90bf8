#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <vector>
#include <fstream>
#include <memory>

#include "core/error.hpp"

namespace fabscope {
namespace {
struct Digest {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  Digest() { EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr); }
  void update(const void* data, std::size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), md.data(), &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
      out += kHex[md[i] >> 4];
      out += kHex[md[i] & 15];
    }
    return out;
  }
};
}  // namespace

std::string sha256_file(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) {
    // A dataset published as several files: the digest of its listing, one line per file
    // in byte order of names, "name<TAB>sha256<LF>" (sha256sum-like, reproducible in shell).
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path)) {
      if (e.is_regular_file()) names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::string listing;
    for (const auto& n : names) listing += n + "\t" + sha256_file(path / n) + "\n";
    return sha256_bytes(listing);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ExitCode::missing_data, "cannot open " + path.string());
  Digest d;
  std::array<char, 1 << 16> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    d.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  return d.hex();
}

std::string sha256_bytes(std::string_view bytes) {
  Digest d;
  d.update(bytes.data(), bytes.size());
  return d.hex();
}
}  // namespace fabscope
