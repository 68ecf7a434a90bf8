// The COG JSON files of @etalab/decoupage-administratif (src/sources/cog_etalab.cpp):
// communes, EPCI, départements, régions, with simdjson and the located syntax errors of
// the second parser. Input: up to four JSON texts separated by NUL bytes, in this order:
// communes.json, epci.json, departements.json, regions.json (an absent part is "[]").
// The harness packs them as the npm package does (package/data/*.json in a .tgz).
#include "fuzz.hpp"
#include "sources/importer.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(cog) {
  const auto parts = fuzz::split_parts(input, 4);
  static const char* const kNames[] = {"communes.json", "epci.json", "departements.json", "regions.json"};
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t i = 0; i < 4; ++i)
    files.emplace_back(std::string("package/data/") + kNames[i], parts[i].empty() ? "[]" : parts[i]);
  const auto path = fuzz::scratch_file("cog.tgz", fuzz::gzip(fuzz::tar(files)));
  fuzz::expect_located("cog", [&] {
    sources::TerritorySources out;
    (void)sources::parse_cog_etalab(path, out);
  });
}
