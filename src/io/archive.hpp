// Reading files as publishers ship them: plain files, ZIP archives (also the container of
// XLSX), and gzip-compressed tar archives (npm packages).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct zip;

namespace fabscope::io {

// Whole file into memory; throws Error(missing_data) naming the path.
std::string read_file(const std::filesystem::path& path);

class ZipArchive {
 public:
  // `label` names the archive in error messages (usually its file name).
  static ZipArchive open_file(const std::filesystem::path& path);
  static ZipArchive open_bytes(std::string bytes, std::string label);
  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] bool contains(const std::string& name) const;
  // Entry contents; throws InputError naming "archive!entry" when absent or corrupt, or
  // when it would inflate beyond 1 GiB or declares a ratio above 200:1 (over 1 MiB): the
  // declared sizes are never trusted for an allocation beyond those bounds.
  [[nodiscard]] std::string read(const std::string& name) const;
  [[nodiscard]] const std::string& label() const { return m_label; }

 private:
  ZipArchive(::zip* handle, std::string label, std::unique_ptr<std::string> bytes);
  ::zip* m_zip = nullptr;
  std::string m_label;
  std::unique_ptr<std::string> m_bytes;  // backing buffer of open_bytes
};

// A ZIP archive (deflated entries, UTF-8 names) of the given entries, in memory, in order.
std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& entries);

// Regular files of a .tar.gz, by path inside the archive.
std::map<std::string, std::string> read_tar_gz(const std::filesystem::path& path);

}  // namespace fabscope::io
