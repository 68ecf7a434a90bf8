// The catalog of official datasets (data/catalog.toml, embedded in the binary).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fabscope::sources {

struct DatasetInfo {
  std::string id;
  std::string title;
  std::string publisher;
  std::string url;
  std::string page;
  std::string vintage;
  int cog_year = 0;
  std::string licence;
  std::string file;    // relative to the data directory
  std::string sha256;  // expected checksum of the file as published
  std::int64_t size = 0;
};

class Catalog {
 public:
  // Parses TOML text; `label` names it in errors (file:line:column, key).
  static Catalog parse(const std::string& text, const std::string& label);
  static Catalog load(const std::filesystem::path& path);
  static const Catalog& builtin();  // data/catalog.toml as built into the binary

  [[nodiscard]] const std::vector<DatasetInfo>& datasets() const { return m_datasets; }
  [[nodiscard]] const DatasetInfo* find(const std::string& id) const;
  // Throws Error(not_found) listing the known ids.
  [[nodiscard]] const DatasetInfo& get(const std::string& id) const;

 private:
  std::vector<DatasetInfo> m_datasets;
};

enum class FileState { present, missing, checksum_mismatch };

struct FileStatus {
  const DatasetInfo* dataset = nullptr;
  std::filesystem::path path;
  FileState state = FileState::missing;
  std::string actual_sha256;
  std::int64_t actual_size = 0;
};

FileStatus check_file(const DatasetInfo& dataset, const std::filesystem::path& data_dir);

}  // namespace fabscope::sources
