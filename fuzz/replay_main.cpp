// The replay executable of the normal build: runs a fuzz target's body over files, the
// way libFuzzer replays a corpus (`fuzz_csv corpus/csv`), without clang or libFuzzer.
//   fabscope_fuzz_replay TARGET PATH...   (a PATH is a file or a directory of files)
//   fabscope_fuzz_replay --list
// A finding aborts the process (the body calls fuzz::fail, or a sanitizer reports);
// exit code 0 means every input was handled.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "fuzz.hpp"

namespace fs = std::filesystem;
using fabscope::fuzz::registry;

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--list") == 0) {
    for (const auto& e : registry()) std::cout << e.name << '\n';
    return 0;
  }
  if (argc < 3) {
    std::cerr << "usage: fabscope_fuzz_replay TARGET PATH... | --list\n";
    return 2;
  }
  const auto it = std::find_if(registry().begin(), registry().end(),
                               [&](const auto& e) { return std::strcmp(e.name, argv[1]) == 0; });
  if (it == registry().end()) {
    std::cerr << "fabscope_fuzz_replay: no target named " << argv[1] << '\n';
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    const fs::path p = argv[i];
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
      }
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::cerr << "fabscope_fuzz_replay: " << p.string() << ": not found\n";
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "fabscope_fuzz_replay: no input files\n";
    return 2;
  }
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::cerr << "replay " << it->name << ": " << f.string() << " (" << bytes.size() << " bytes)\n";
    it->body(bytes);
  }
  std::cout << it->name << ": " << files.size() << " inputs replayed, no finding\n";
  return 0;
}
