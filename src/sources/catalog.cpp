#include "sources/catalog.hpp"

#include <fmt/format.h>

#include "io/toml.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "io/archive.hpp"

namespace fabscope::sources {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_data_files();

namespace {
std::string required(const toml::table& t, const char* key, const std::string& label, std::size_t index,
                     ProblemList& problems) {
  const auto* node = t.get(key);
  if (node == nullptr || !node->is_string()) {
    const auto& src = t.source();
    problems.add({label, static_cast<std::int64_t>(src.begin.line), static_cast<std::int64_t>(src.begin.column),
                  fmt::format("dataset[{}].{}", index, key)},
                 "missing or not a string");
    return {};
  }
  return node->as_string()->get();
}
}  // namespace

Catalog Catalog::parse(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  Catalog catalog;
  ProblemList problems;
  const auto* list = root.get_as<toml::array>("dataset");
  if (list == nullptr) problems.add({label, 0, 0, "dataset"}, "no [[dataset]] table");
  std::size_t i = 0;
  if (list != nullptr) {
    for (const auto& node : *list) {
      const auto* t = node.as_table();
      if (t == nullptr) continue;
      DatasetInfo d;
      d.id = required(*t, "id", label, i, problems);
      d.title = required(*t, "title", label, i, problems);
      d.publisher = required(*t, "publisher", label, i, problems);
      d.url = required(*t, "url", label, i, problems);
      d.page = t->get_as<std::string>("page") ? t->get_as<std::string>("page")->get() : "";
      d.vintage = required(*t, "vintage", label, i, problems);
      d.licence = required(*t, "licence", label, i, problems);
      d.file = required(*t, "file", label, i, problems);
      d.sha256 = required(*t, "sha256", label, i, problems);
      if (const auto* y = t->get_as<int64_t>("cog_year")) d.cog_year = static_cast<int>(y->get());
      if (const auto* s = t->get_as<int64_t>("size")) d.size = s->get();
      if (d.sha256.size() != 64 && !d.sha256.empty()) {
        problems.add(
            {label, static_cast<std::int64_t>(t->source().begin.line), 0, fmt::format("dataset[{}].sha256", i)},
            "expected 64 hexadecimal digits");
      }
      if (catalog.find(d.id) != nullptr) {
        problems.add({label, static_cast<std::int64_t>(t->source().begin.line), 0, fmt::format("dataset[{}].id", i)},
                     fmt::format("duplicate id '{}'", d.id));
      }
      catalog.m_datasets.push_back(std::move(d));
      ++i;
    }
  }
  problems.throw_if_any();
  return catalog;
}

Catalog Catalog::load(const std::filesystem::path& path) { return parse(io::read_file(path), path.string()); }

const Catalog& Catalog::builtin() {
  static const Catalog catalog = [] {
    for (const auto& [name, text] : embedded_data_files()) {
      if (name == "catalog.toml") return parse(std::string(text), "data/catalog.toml");
    }
    throw Error(ExitCode::failure, "the built-in catalog is missing");
  }();
  return catalog;
}

const DatasetInfo* Catalog::find(const std::string& id) const {
  for (const auto& d : m_datasets) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

const DatasetInfo& Catalog::get(const std::string& id) const {
  if (const auto* d = find(id)) return *d;
  std::vector<std::string> ids;
  for (const auto& d : m_datasets) ids.push_back(d.id);
  throw Error(ExitCode::not_found, fmt::format("unknown dataset '{}' (known: {})", id, fmt::join(ids, ", ")));
}

FileStatus check_file(const DatasetInfo& dataset, const std::filesystem::path& data_dir) {
  FileStatus st;
  st.dataset = &dataset;
  st.path = data_dir / dataset.file;
  std::error_code ec;
  if (std::filesystem::is_directory(st.path, ec)) {
    for (const auto& e : std::filesystem::directory_iterator(st.path, ec)) {
      if (e.is_regular_file()) st.actual_size += static_cast<std::int64_t>(e.file_size());
    }
  } else if (std::filesystem::is_regular_file(st.path, ec)) {
    st.actual_size = static_cast<std::int64_t>(std::filesystem::file_size(st.path, ec));
  } else {
    return st;
  }
  st.actual_sha256 = sha256_file(st.path);
  st.state = st.actual_sha256 == dataset.sha256 ? FileState::present : FileState::checksum_mismatch;
  return st;
}

}  // namespace fabscope::sources
