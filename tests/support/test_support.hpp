// Helpers shared by the test executables.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "pipeline/import.hpp"

namespace fabscope::test {

// The bundled real data (../shared/data beside the checkout, or $FABSCOPE_DATA).
std::filesystem::path data_dir();
std::filesystem::path source_dir();
// Options importing every bundled dataset from data_dir() but the commune polygons of all
// France (ign_communes_2018: 45 MB and a dissolve), which only the map tests need.
pipeline::ImportOptions import_options();

// A fresh temporary directory, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

void write_file(const std::filesystem::path& path, const std::string& bytes);
std::string read_file(const std::filesystem::path& path);

// Writes a ZIP archive holding the given entries (name -> contents).
void write_zip(const std::filesystem::path& path, const std::map<std::string, std::string>& entries);
// Returns the bytes of a ZIP archive holding the given entries.
std::string zip_bytes(const std::map<std::string, std::string>& entries);
// Writes a minimal XLSX workbook: sheets in order, each given as its sheetData XML rows
// ("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>…").
void write_xlsx(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& sheets,
                const std::vector<std::string>& shared_strings = {});
std::string xlsx_bytes(const std::vector<std::pair<std::string, std::string>>& sheets,
                       const std::vector<std::string>& shared_strings = {});
// The bytes of an XLSX workbook (io::write_xlsx) whose sheets are given as rows of text,
// the first row being the header; an empty text is an empty cell.
std::string text_workbook(const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& sheets);
// Writes a .tar.gz holding the given regular files.
void write_tar_gz(const std::filesystem::path& path, const std::map<std::string, std::string>& files);

// Runs `fn`, expecting an InputError; returns it for inspection (a test failure if none).
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

// Runs `fn`; returns the text of the fabscope::Error it throws (for an InputError, every
// problem as "file:line:column (field): message", one per line), "" when it throws none.
template <typename Fn>
std::string error_text(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Runs a shell command, returns {exit code, stdout}.
std::pair<int, std::string> run(const std::string& command);

}  // namespace fabscope::test
