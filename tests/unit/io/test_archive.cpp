// Unit tests of src/io/archive.hpp: read_file, ZipArchive (from bytes and from a file,
// entries, errors on missing entries and damaged archives) and read_tar_gz.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "io/archive.hpp"
#include "support/test_support.hpp"

namespace fabscope::io {
namespace {

template <typename Fn>
InputError expect_input_error(Fn&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError thrown";
  return InputError(Problem{{}, "none"});
}

// Deterministic bytes that deflate cannot shrink much (a 64-bit LCG, high byte).
std::string noise(std::size_t n, std::uint64_t seed) {
  std::string out(n, '\0');
  std::uint64_t x = seed;
  for (auto& c : out) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    c = static_cast<char>(x >> 56);
  }
  return out;
}

bool mentions_truncated_or_corrupt(const std::string& s) {
  return s.find("truncated") != std::string::npos || s.find("corrupt") != std::string::npos;
}

const std::map<std::string, std::string> kEntries = {
    {"readme.txt", "hello\n"},
    {"data/communes.csv", "code;nom\n91228;\xC3\x89vry-Courcouronnes\n"},
    {"empty.bin", ""},
    {"blob.bin", std::string("a\0b\0c", 5)},
};

// ---------------------------------------------------------------------------------------
// read_file

TEST(ArchiveTest, ReadFileReturnsExactBytes) {
  test::TempDir dir;
  const std::string bytes = std::string("line 1\r\nnul:\0:end", 17) + noise(5000, 7);
  test::write_file(dir / "f.bin", bytes);
  EXPECT_EQ(read_file(dir / "f.bin"), bytes);
  test::write_file(dir / "empty", "");
  EXPECT_EQ(read_file(dir / "empty"), "");
}

TEST(ArchiveTest, ReadFileOnMissingPathIsMissingData) {
  test::TempDir dir;
  const auto path = dir / "nowhere" / "absent.csv";
  try {
    (void)read_file(path);
    FAIL() << "no error";
  } catch (const InputError&) {
    FAIL() << "expected Error(missing_data), got an InputError";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::missing_data);
    EXPECT_EQ(std::string(e.what()), path.string() + ": cannot open the file");
  }
}

// ---------------------------------------------------------------------------------------
// ZipArchive

TEST(ZipArchiveTest, OpenBytesListsAndReadsEntries) {
  const auto zip = ZipArchive::open_bytes(test::zip_bytes(kEntries), "pack.zip");
  EXPECT_EQ(zip.label(), "pack.zip");
  auto names = zip.names();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"blob.bin", "data/communes.csv", "empty.bin", "readme.txt"}));
  EXPECT_TRUE(zip.contains("readme.txt"));
  EXPECT_TRUE(zip.contains("data/communes.csv"));
  EXPECT_FALSE(zip.contains("communes.csv"));
  EXPECT_FALSE(zip.contains("README.TXT"));
  EXPECT_FALSE(zip.contains(""));
  for (const auto& [name, contents] : kEntries) EXPECT_EQ(zip.read(name), contents) << name;
}

TEST(ZipArchiveTest, OpenFileUsesTheFileNameAsLabel) {
  test::TempDir dir;
  const auto path = dir / "base_cc_comparateur_csv.zip";
  const std::string big = noise(200000, 42);
  const std::string text(100000, 'z');  // highly compressible
  test::write_zip(path, {{"base_cc_comparateur.CSV", text}, {"noise.bin", big}});
  const auto zip = ZipArchive::open_file(path);
  EXPECT_EQ(zip.label(), "base_cc_comparateur_csv.zip");
  EXPECT_EQ(zip.names().size(), 2U);
  EXPECT_EQ(zip.read("base_cc_comparateur.CSV"), text);
  EXPECT_EQ(zip.read("noise.bin"), big);
}

TEST(ZipArchiveTest, OpenFileOnMissingPathIsMissingData) {
  test::TempDir dir;
  try {
    (void)ZipArchive::open_file(dir / "absent.zip");
    FAIL() << "no error";
  } catch (const InputError&) {
    FAIL() << "expected Error(missing_data), got an InputError";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::missing_data);
  }
}

TEST(ZipArchiveTest, MoveKeepsTheArchiveReadable) {
  auto first = ZipArchive::open_bytes(test::zip_bytes({{"a.txt", "A"}}), "a.zip");
  ZipArchive moved(std::move(first));
  EXPECT_EQ(moved.label(), "a.zip");
  EXPECT_EQ(moved.read("a.txt"), "A");
  auto other = ZipArchive::open_bytes(test::zip_bytes({{"b.txt", "B"}}), "b.zip");
  other = std::move(moved);
  EXPECT_EQ(other.label(), "a.zip");
  EXPECT_EQ(other.read("a.txt"), "A");
  EXPECT_FALSE(other.contains("b.txt"));
}

TEST(ZipArchiveTest, MissingEntryNamesArchiveAndEntry) {
  const auto zip = ZipArchive::open_bytes(test::zip_bytes(kEntries), "pack.zip");
  const auto e = expect_input_error([&] { (void)zip.read("missing.csv"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "pack.zip!missing.csv");
  EXPECT_EQ(e.problems()[0].where.line, 0);
  EXPECT_EQ(e.problems()[0].message, "entry not found in the archive");
  EXPECT_EQ(std::string(e.what()), "pack.zip!missing.csv: entry not found in the archive");
}

TEST(ZipArchiveTest, TruncatedZipIsAnInputError) {
  const std::string whole = test::zip_bytes({{"table.csv", noise(6000, 3)}});
  ASSERT_GT(whole.size(), 6000U);  // the content did not compress away
  const std::string half = whole.substr(0, whole.size() / 2);
  const auto e = expect_input_error([&] { (void)ZipArchive::open_bytes(half, "cut.zip"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "cut.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, TruncatedZipFileOnDisk) {
  test::TempDir dir;
  const std::string whole = test::zip_bytes({{"a.bin", noise(4000, 11)}, {"b.bin", noise(4000, 12)}});
  test::write_file(dir / "download.zip", whole.substr(0, whole.size() / 2));
  const auto e = expect_input_error([&] { (void)ZipArchive::open_file(dir / "download.zip"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "download.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, NotAZipIsAnInputError) {
  const auto e = expect_input_error([] { (void)ZipArchive::open_bytes("<html>404 Not Found</html>", "page.zip"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "page.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
  const auto empty = expect_input_error([] { (void)ZipArchive::open_bytes("", "empty.zip"); });
  ASSERT_EQ(empty.problems().size(), 1U);
  EXPECT_EQ(empty.problems()[0].where.file, "empty.zip");
}

// ---------------------------------------------------------------------------------------
// read_tar_gz

TEST(TarGzTest, ReadsRegularFilesWithExactContents) {
  test::TempDir dir;
  const std::map<std::string, std::string> files = {
      {"package/package.json", R"({"name":"@etalab/decoupage-administratif","version":"4.0.0"})"},
      {"package/data/communes.json", noise(1500, 5)},     // more than one 512-byte block
      {"package/data/exactly512.bin", noise(512, 6)},    // exactly one block
      {"package/EMPTY", ""},                             // no data block at all
  };
  test::write_tar_gz(dir / "pkg.tgz", files);
  EXPECT_EQ(read_tar_gz(dir / "pkg.tgz"), files);
}

TEST(TarGzTest, EmptyArchiveHasNoFiles) {
  test::TempDir dir;
  test::write_tar_gz(dir / "empty.tar.gz", {});
  EXPECT_TRUE(read_tar_gz(dir / "empty.tar.gz").empty());
}

TEST(TarGzTest, MissingFileIsMissingData) {
  test::TempDir dir;
  try {
    (void)read_tar_gz(dir / "absent.tar.gz");
    FAIL() << "no error";
  } catch (const InputError&) {
    FAIL() << "expected Error(missing_data), got an InputError";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::missing_data);
  }
}

TEST(TarGzTest, TruncatedGzipIsAnInputError) {
  test::TempDir dir;
  test::write_tar_gz(dir / "whole.tgz", {{"package/a.bin", noise(3000, 9)}, {"package/b.txt", "b"}});
  const std::string whole = test::read_file(dir / "whole.tgz");
  ASSERT_GT(whole.size(), 3000U);
  test::write_file(dir / "pkg.tgz", whole.substr(0, whole.size() / 2));
  const auto e = expect_input_error([&] { (void)read_tar_gz(dir / "pkg.tgz"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "pkg.tgz");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(TarGzTest, NotGzipIsAnInputError) {
  test::TempDir dir;
  test::write_file(dir / "plain.tgz", "this is not gzip data at all");
  const auto e = expect_input_error([&] { (void)read_tar_gz(dir / "plain.tgz"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "plain.tgz");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

}  // namespace
}  // namespace fabscope::io
