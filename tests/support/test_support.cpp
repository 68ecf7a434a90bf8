#include "support/test_support.hpp"

#include "sources/importer.hpp"
#include "io/xlsx_writer.hpp"

#include <fmt/format.h>
#include <zip.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace fabscope::test {

std::filesystem::path source_dir() { return FABSCOPE_SOURCE_DIR; }

pipeline::ImportOptions import_options() {
  pipeline::ImportOptions o;
  o.data_dir = data_dir();
  for (const auto& imp : sources::importers()) {
    if (imp.dataset_id != "ign_communes_2018") o.datasets.emplace_back(imp.dataset_id);
  }
  return o;
}

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("FABSCOPE_DATA"); env != nullptr && *env != '\0') return env;
  return std::filesystem::weakly_canonical(source_dir() / ".." / "shared" / "data");
}

TempDir::TempDir() {
  std::random_device rd;
  m_path = std::filesystem::temp_directory_path() /
           fmt::format("fabscope-test-{:016x}", (static_cast<std::uint64_t>(rd()) << 32) | rd());
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string zip_bytes(const std::map<std::string, std::string>& entries) {
  const auto tmp = std::filesystem::temp_directory_path() / fmt::format("fabscope-zip-{}.zip", std::random_device{}());
  write_zip(tmp, entries);
  auto bytes = read_file(tmp);
  std::filesystem::remove(tmp);
  return bytes;
}

void write_zip(const std::filesystem::path& path, const std::map<std::string, std::string>& entries) {
  std::filesystem::remove(path);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) throw std::runtime_error("zip_open failed");
  std::vector<std::string> keep;
  keep.reserve(entries.size());
  for (const auto& [name, contents] : entries) {
    keep.push_back(contents);
    zip_source_t* src = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    if (zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) throw std::runtime_error("zip_file_add failed");
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close failed");
}

std::string xlsx_bytes(const std::vector<std::pair<std::string, std::string>>& sheets,
                       const std::vector<std::string>& shared_strings) {
  std::map<std::string, std::string> e;
  std::string wb =
      R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)";
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    wb += fmt::format(R"(<sheet name="{}" sheetId="{}" r:id="rId{}"/>)", sheets[i].first, i + 1, i + 1);
    rels += fmt::format(
        R"(<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{}.xml"/>)",
        i + 1, i + 1);
    e[fmt::format("xl/worksheets/sheet{}.xml", i + 1)] =
        R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
        sheets[i].second + "</sheetData></worksheet>";
  }
  wb += "</sheets></workbook>";
  rels += "</Relationships>";
  e["xl/workbook.xml"] = wb;
  e["xl/_rels/workbook.xml.rels"] = rels;
  if (!shared_strings.empty()) {
    std::string sst =
        R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
    for (const auto& s : shared_strings) sst += "<si><t>" + s + "</t></si>";
    e["xl/sharedStrings.xml"] = sst + "</sst>";
  }
  e["[Content_Types].xml"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
  return zip_bytes(e);
}

void write_xlsx(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& sheets,
                const std::vector<std::string>& shared_strings) {
  write_file(path, xlsx_bytes(sheets, shared_strings));
}

void write_tar_gz(const std::filesystem::path& path, const std::map<std::string, std::string>& files) {
  std::string tar;
  for (const auto& [name, contents] : files) {
    std::array<char, 512> h{};
    std::strncpy(h.data(), name.c_str(), 99);
    std::snprintf(h.data() + 100, 8, "%07o", 0644);
    std::snprintf(h.data() + 108, 8, "%07o", 0);
    std::snprintf(h.data() + 116, 8, "%07o", 0);
    std::snprintf(h.data() + 124, 12, "%011zo", contents.size());
    std::snprintf(h.data() + 136, 12, "%011o", 0);
    h[156] = '0';
    std::memcpy(h.data() + 257, "ustar", 5);
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (const char c : h) sum += static_cast<unsigned char>(c);
    std::snprintf(h.data() + 148, 8, "%06o", sum);
    tar.append(h.data(), h.size());
    tar += contents;
    tar.append((512 - contents.size() % 512) % 512, '\0');
  }
  tar.append(1024, '\0');
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, tar.data(), static_cast<unsigned>(tar.size()));
  gzclose(gz);
}

std::pair<int, std::string> run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return {-1, ""};
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string text_workbook(const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& sheets) {
  TempDir dir;
  std::vector<io::XlsxSheet> out;
  for (const auto& [name, rows] : sheets) {
    io::XlsxSheet s;
    s.name = name;
    s.header = rows.front();
    for (std::size_t r = 1; r < rows.size(); ++r) {
      std::vector<io::XlsxValue> cells;
      for (const auto& c : rows[r]) {
        if (c.empty()) {
          cells.emplace_back(std::monostate{});
        } else {
          cells.emplace_back(c);
        }
      }
      s.rows.push_back(cells);
    }
    out.push_back(std::move(s));
  }
  io::write_xlsx(dir / "f.xlsx", out);
  return read_file(dir / "f.xlsx");
}

}  // namespace fabscope::test
