// Unit tests of src/io/archive.hpp: read_file, ZipArchive (from bytes and from a file,
// entries, errors on missing entries and damaged archives) and read_tar_gz.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "io/archive.hpp"
#include "support/test_support.hpp"

#include <zlib.h>

namespace fabscope::io {
namespace {

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

std::string gunzip(const std::filesystem::path& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  std::string out;
  char buf[4096];
  int n = 0;
  while ((n = gzread(gz, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(gz);
  return out;
}

void gzip(const std::filesystem::path& path, const std::string& bytes) {
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(gz);
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
    EXPECT_EQ(std::string(e.what()), path.string() + ": not found or not a regular file");
  }
}

TEST(ArchiveTest, ReadFileOnDirectoryIsAnError) {
  // Regression test for a fixed bug (src/io/archive.cpp, read_file): std::ifstream opens a directory successfully on
  // Linux; tellg() at its end then gives a meaningless size (INT64_MAX on ext4, so
  // std::string::resize throws std::bad_alloc; 0 on some other file systems, so the
  // directory would read as an empty file). A directory must give Error(missing_data) naming
  // the path, like any other path that cannot be read as a file.
  test::TempDir dir;
  std::filesystem::create_directories(dir / "sub.zip");
  try {
    (void)read_file(dir / "sub.zip");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::missing_data);
    EXPECT_NE(std::string(e.what()).find("sub.zip"), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected fabscope::Error(missing_data), got std::exception: " << e.what();
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
  const auto e = test::expect_input_error([&] { (void)zip.read("missing.csv"); });
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
  const auto e = test::expect_input_error([&] { (void)ZipArchive::open_bytes(half, "cut.zip"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "cut.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, TruncatedZipFileOnDisk) {
  test::TempDir dir;
  const std::string whole = test::zip_bytes({{"a.bin", noise(4000, 11)}, {"b.bin", noise(4000, 12)}});
  test::write_file(dir / "download.zip", whole.substr(0, whole.size() / 2));
  const auto e = test::expect_input_error([&] { (void)ZipArchive::open_file(dir / "download.zip"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "download.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, NotAZipIsAnInputError) {
  const auto e =
      test::expect_input_error([] { (void)ZipArchive::open_bytes("<html>404 Not Found</html>", "page.zip"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "page.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, ZeroByteFileIsNotAZip) {
  // Regression test for a fixed bug (src/io/archive.cpp, ZipArchive::open_bytes): libzip treats a zero-length source
  // as a valid empty archive, and open_bytes does not reject it, so a 0-byte download
  // (the extreme case of truncation) opens as an archive without entries; the user then
  // gets "entry not found in the archive" (or "... not found in the archive" from an
  // importer) instead of "not a valid ZIP archive (truncated or corrupt?)". Even an empty
  // ZIP archive has a 22-byte end-of-central-directory record.
  test::TempDir dir;
  test::write_file(dir / "empty.zip", "");
  const auto e = test::expect_input_error([&] { (void)ZipArchive::open_file(dir / "empty.zip"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "empty.zip");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, ValidEmptyZipHasNoEntries) {
  // The 22-byte end-of-central-directory record alone: a genuine empty archive.
  const std::string eocd = std::string("PK\x05\x06", 4) + std::string(18, '\0');
  const auto zip = ZipArchive::open_bytes(eocd, "none.zip");
  EXPECT_TRUE(zip.names().empty());
  EXPECT_FALSE(zip.contains("a"));
}

TEST(ZipArchiveTest, CorruptEntryDataIsAnInputError) {
  // Regression test for a fixed bug (src/io/archive.cpp, ZipArchive::read): libzip verifies an entry's CRC-32 only
  // when a read reaches the end of the entry's data (a read that returns 0 bytes), but
  // read() asks zip_fread for exactly st.size bytes once and never makes that final read,
  // so zip_fclose() returns 0 and a corrupted entry is returned silently. Here libzip
  // stores the incompressible entry (method 0) and one flipped byte goes unnoticed; one
  // more zip_fread() would have failed with "CRC error". Fix: keep reading until
  // zip_fread returns 0 (or compare crc32() of the result with st.crc).
  const std::string content = noise(4000, 21);
  std::string bytes = test::zip_bytes({{"data.bin", content}, {"ok.txt", "fine"}});
  // "data.bin" sorts first: its local header is at offset 0 (30 bytes + name + extra).
  ASSERT_EQ(bytes.compare(0, 4, "PK\x03\x04"), 0);
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[at])) |
           (static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 1])) << 8);
  };
  const std::size_t data = 30 + u16(26) + u16(28);
  bytes[data + 1000] = static_cast<char>(bytes[data + 1000] ^ 0x5A);
  const auto zip = ZipArchive::open_bytes(bytes, "pack.zip");
  EXPECT_EQ(zip.read("ok.txt"), "fine");  // the other entry is intact
  const auto e = test::expect_input_error([&] { (void)zip.read("data.bin"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "pack.zip!data.bin");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(ZipArchiveTest, DeflatedEntriesAreInflatedAndChecked) {
  // Compressible text is deflated by libzip: ZipArchive::read inflates it with libdeflate
  // and checks its CRC-32. Any flipped byte in the compressed data is reported, whether it
  // breaks the deflate stream or only the content (CRC).
  std::string content;
  for (int i = 0; i < 20000; ++i) content += "code;" + std::to_string(i % 997) + ";Saint-Brieuc\n";
  const std::string bytes = test::zip_bytes({{"big.csv", content}});
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[at])) |
           (static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 1])) << 8);
  };
  ASSERT_EQ(u16(8), 8U) << "the entry should be deflated (method 8)";
  EXPECT_EQ(ZipArchive::open_bytes(bytes, "ok.zip").read("big.csv"), content);
  const std::size_t data = 30 + u16(26) + u16(28);
  const std::size_t packed = static_cast<std::size_t>(static_cast<unsigned char>(bytes[18])) |
                             (static_cast<std::size_t>(static_cast<unsigned char>(bytes[19])) << 8);
  ASSERT_GT(packed, 100U);
  for (const std::size_t at : {std::size_t{5}, packed / 2, packed - 3}) {
    std::string bad = bytes;
    bad[data + at] = static_cast<char>(bad[data + at] ^ 0x21);
    const auto zip = ZipArchive::open_bytes(bad, "pack.zip");
    const auto e = test::expect_input_error([&] { (void)zip.read("big.csv"); });
    ASSERT_EQ(e.problems().size(), 1U) << "byte " << at;
    EXPECT_EQ(e.problems()[0].where.file, "pack.zip!big.csv");
    EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
  }
}

TEST(TarGzTest, DamagedSizeFieldIsAnInputError) {
  // A gzip stream whose last 4 bytes (ISIZE) lie, by a little or by gigabytes: the one-call
  // path never trusts it beyond deflate's 1032:1 ratio, and the stream is reported corrupt.
  test::TempDir dir;
  const std::map<std::string, std::string> files = {{"package/a.json", noise(3000, 9)}};
  test::write_tar_gz(dir / "pkg.tgz", files);
  const auto good = test::read_file(dir / "pkg.tgz");
  for (const int flip : {0x01, 0x80}) {
    auto bytes = good;
    bytes[bytes.size() - 1] =
        static_cast<char>(static_cast<unsigned char>(bytes[bytes.size() - 1]) ^ static_cast<unsigned char>(flip));
    test::write_file(dir / "bad.tgz", bytes);
    const auto e = test::expect_input_error([&] { (void)read_tar_gz(dir / "bad.tgz"); });
    ASSERT_EQ(e.problems().size(), 1U);
    EXPECT_EQ(e.problems()[0].where.file, "bad.tgz");
    EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
  }
}

// ---------------------------------------------------------------------------------------
// read_tar_gz

TEST(TarGzTest, ReadsRegularFilesWithExactContents) {
  test::TempDir dir;
  const std::map<std::string, std::string> files = {
      {"package/package.json", R"({"name":"@etalab/decoupage-administratif","version":"4.0.0"})"},
      {"package/data/communes.json", noise(1500, 5)},  // more than one 512-byte block
      {"package/data/exactly512.bin", noise(512, 6)},  // exactly one block
      {"package/EMPTY", ""},                           // no data block at all
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
  const auto e = test::expect_input_error([&] { (void)read_tar_gz(dir / "pkg.tgz"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "pkg.tgz");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

TEST(TarGzTest, TruncatedTarInsideValidGzipIsAnInputError) {
  test::TempDir dir;
  const std::string big = noise(2000, 13);
  test::write_tar_gz(dir / "whole.tgz", {{"package/big.bin", big}});
  std::string tar = gunzip(dir / "whole.tgz");
  ASSERT_EQ(tar.size(), 512U + 2048U + 1024U);
  tar.resize(512 + 1000);  // header plus half of the data
  gzip(dir / "cut.tgz", tar);
  const auto e = test::expect_input_error([&] { (void)read_tar_gz(dir / "cut.tgz"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "cut.tgz!package/big.bin");
  EXPECT_EQ(e.problems()[0].message, "truncated tar entry");
}

TEST(TarGzTest, UstarPrefixAndNonRegularEntries) {
  test::TempDir dir;
  test::write_tar_gz(dir / "a.tgz", {{"a_dir", ""}, {"b_link", ""}, {"c.json", "{}"}, {"d.txt", "text"}});
  std::string tar = gunzip(dir / "a.tgz");
  ASSERT_EQ(tar.size(), 4U * 512U + 2U * 512U + 1024U);
  tar[0 * 512 + 156] = '5';  // a_dir becomes a directory
  tar[1 * 512 + 156] = '2';  // b_link becomes a symbolic link
  // c.json gets a ustar prefix: its full path is prefix + "/" + name.
  const std::string prefix = "package/a/rather/deep/directory";
  tar.replace(2 * 512 + 345, prefix.size(), prefix);
  gzip(dir / "b.tgz", tar);
  const std::map<std::string, std::string> expected = {
      {"package/a/rather/deep/directory/c.json", "{}"},
      {"d.txt", "text"},
  };
  EXPECT_EQ(read_tar_gz(dir / "b.tgz"), expected);
}

TEST(TarGzTest, NotGzipIsAnInputError) {
  test::TempDir dir;
  test::write_file(dir / "plain.tgz", "this is not gzip data at all");
  const auto e = test::expect_input_error([&] { (void)read_tar_gz(dir / "plain.tgz"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "plain.tgz");
  EXPECT_TRUE(mentions_truncated_or_corrupt(e.problems()[0].message)) << e.problems()[0].message;
}

}  // namespace
}  // namespace fabscope::io

namespace fabscope::io {
namespace {

// Sets the uncompressed size of every entry, in the local headers and the central
// directory, as a damaged or hostile archive would declare it.
std::string with_declared_size(std::string zip, std::uint32_t size) {
  for (const auto& [sig, offset] : {std::pair<std::string, std::size_t>{"PK\x03\x04", 22}, {"PK\x01\x02", 24}}) {
    for (auto p = zip.find(sig); p != std::string::npos; p = zip.find(sig, p + 4)) {
      for (int b = 0; b < 4; ++b) zip[p + offset + b] = static_cast<char>((size >> (8 * b)) & 0xFF);
    }
  }
  return zip;
}

TEST(ZipArchiveTest, DeclaredSizesBeyondTheBoundsAreRefusedBeforeAllocating) {
  const std::string sheet(4000, 'x');  // compresses to a few dozen bytes
  const auto bytes = test::zip_bytes({{"xl/worksheets/sheet1.xml", sheet}});
  // 4 GB declared: more than the 1 GiB an entry may hold.
  auto big = ZipArchive::open_bytes(with_declared_size(bytes, 0xF0000000U), "bomb.xlsx");
  auto e = test::expect_input_error([&] { (void)big.read("xl/worksheets/sheet1.xml"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "bomb.xlsx!xl/worksheets/sheet1.xml");
  EXPECT_NE(e.problems()[0].message.find("declares 4026531840 bytes uncompressed, more than the 1073741824"),
            std::string::npos)
      << e.what();
  // 300 MB declared for a few dozen compressed bytes: a ratio no real file has.
  auto ratio = ZipArchive::open_bytes(with_declared_size(bytes, 300000000U), "bomb.xlsx");
  e = test::expect_input_error([&] { (void)ratio.read("xl/worksheets/sheet1.xml"); });
  EXPECT_EQ(e.problems()[0].where.file, "bomb.xlsx!xl/worksheets/sheet1.xml");
  EXPECT_NE(e.problems()[0].message.find("a ratio above 200:1"), std::string::npos) << e.what();
  // The same archive with its true sizes reads.
  EXPECT_EQ(ZipArchive::open_bytes(bytes, "ok.xlsx").read("xl/worksheets/sheet1.xml"), sheet);
}

}  // namespace
}  // namespace fabscope::io
