// Shared pieces of the fuzz harnesses (fuzz/*.cpp, one target per file).
//
// Each harness defines its body with FABSCOPE_FUZZ_TARGET(name). Built with clang and
// -fsanitize=fuzzer (FABSCOPE_BUILD_FUZZ=ON), the body becomes the libFuzzer entry point
// LLVMFuzzerTestOneInput; in the normal build (any compiler) every body is registered by
// name in one replay executable (replay_main.cpp) that the test suite runs over the
// committed corpora and regression inputs.
//
// The contract checked for every reader: any input either parses or is rejected with a
// fabscope::Error (an InputError whose problems name their file); any other exception
// escaping a reader is a finding (an unlocated error), as is a crash, a leak or
// undefined behaviour reported by the sanitizers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace fabscope::fuzz {

using Body = void (*)(std::string_view input);

// Registration for the replay executable.
struct Registrar {
  Registrar(const char* name, Body body);
};
struct Entry {
  const char* name;
  Body body;
};
std::vector<Entry>& registry();

// Aborts (a finding) with a message naming the target and the violated property.
[[noreturn]] inline void fail(const char* target, const std::string& what) {
  std::fprintf(stderr, "fabscope fuzz target %s: %s\n", target, what.c_str());
  std::fflush(stderr);
  std::abort();
}

// Runs `body`; accepts a fabscope::Error whose problems are located (an InputError must
// name the file of each problem); anything else thrown is a finding.
template <class F>
void expect_located(const char* target, F&& body) {
  try {
    body();
  } catch (const InputError& e) {
    if (std::getenv("FABSCOPE_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "%s: rejected: %s\n", target, e.what());
    if (e.problems().empty()) fail(target, "an InputError without problems");
    for (const auto& p : e.problems()) {
      if (p.where.file.empty()) fail(target, "a problem without a file: " + p.to_string());
    }
  } catch (const Error& e) {
    // Other documented failures (e.g. missing_data) carry their own message.
    if (std::getenv("FABSCOPE_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "%s: failed: %s\n", target, e.what());
  } catch (const std::exception& e) {
    fail(target, std::string("unlocated exception escaped the reader: ") + e.what());
  }
}

// Splits `input` at NUL bytes into at most `max_parts` parts (the last part keeps any
// further NUL); absent parts are returned empty. Structured harnesses use it to carry
// several files in one input.
std::vector<std::string> split_parts(std::string_view input, std::size_t max_parts);

// A scratch file private to this process (readers that take a path); rewritten on each call.
std::filesystem::path scratch_file(const std::string& name, std::string_view contents);

// A gzip-compressed (deflate level 1) copy of `bytes`.
std::string gzip(std::string_view bytes);
// An ustar archive of regular files (name, contents), with its end-of-archive blocks.
std::string tar(const std::vector<std::pair<std::string, std::string>>& files);
// A ZIP archive (entries stored, not compressed) of the given files, in memory.
std::string zip_stored(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace fabscope::fuzz

#ifdef FABSCOPE_LIBFUZZER
#define FABSCOPE_FUZZ_TARGET(name)                                                          \
  static void fabscope_fuzz_body_##name(std::string_view input);                            \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {       \
    fabscope_fuzz_body_##name(std::string_view(reinterpret_cast<const char*>(data), size)); \
    return 0;                                                                               \
  }                                                                                         \
  static void fabscope_fuzz_body_##name(std::string_view input)
#else
#define FABSCOPE_FUZZ_TARGET(name)                                                                            \
  static void fabscope_fuzz_body_##name(std::string_view input);                                              \
  static const ::fabscope::fuzz::Registrar fabscope_fuzz_registrar_##name(#name, &fabscope_fuzz_body_##name); \
  static void fabscope_fuzz_body_##name(std::string_view input)
#endif
