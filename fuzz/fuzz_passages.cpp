// A text or Markdown document cut into passages for qualitative coding
// (src/collect/qualitative.cpp): any input is cut or rejected with a located problem (invalid
// UTF-8 with its line, too large, no text), never a crash; every passage is non-empty,
// trimmed, on one line, and there are at most kMaxPassages of them.
// Input: the document's bytes.
#include "collect/qualitative.hpp"
#include "fuzz.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(passages) {
  fuzz::expect_located("passages", [&] {
    const auto parts = collect::split_passages(std::string(input), "fuzz.md");
    if (parts.empty() || parts.size() > collect::kMaxPassages) fuzz::fail("passages", "passage count out of bounds");
    for (const auto& p : parts) {
      if (p.empty()) fuzz::fail("passages", "an empty passage");
      if (p.find('\n') != std::string::npos) fuzz::fail("passages", "a passage over several lines");
      if (p.front() == ' ' || p.back() == ' ') fuzz::fail("passages", "a passage not trimmed");
    }
  });
}
