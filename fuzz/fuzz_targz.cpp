// gzip-compressed tar archives (src/io/archive.cpp, read_tar_gz: libdeflate in one call,
// zlib for damaged or multi-member streams, then the ustar walk). Input: byte 0 bit 0
// set: the rest is a tar archive that the harness gzips (the fuzzer then works on the tar
// headers); clear: the rest is the .tgz file itself (damaged gzip streams and trailers).
#include "fuzz.hpp"
#include "io/archive.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(targz) {
  if (input.empty()) return;
  const bool wrap = (static_cast<unsigned char>(input[0]) & 1) != 0;
  input.remove_prefix(1);
  const std::string bytes = wrap ? fuzz::gzip(input) : std::string(input);
  const auto path = fuzz::scratch_file("fuzz.tgz", bytes);
  fuzz::expect_located("targz", [&] {
    const auto files = io::read_tar_gz(path);
    std::size_t total = 0;
    for (const auto& [name, data] : files) total += name.size() + data.size();
    if (wrap && total > input.size()) fuzz::fail("targz", "the entries are larger than the archive");
  });
}
