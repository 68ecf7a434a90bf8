// Downloading the official files into the data directory.
#pragma once

#include <filesystem>
#include <string>

#include "sources/catalog.hpp"

namespace fabscope::sources {

struct FetchOptions {
  // Base address to use instead of each dataset's official URL: BASE/<file name>.
  // Any scheme curl knows: https://, http://, file://.
  std::string mirror;
  long timeout_seconds = 600;
};

// Downloads one dataset to data_dir/dataset.file through a temporary file, verifies its
// SHA-256 and only then moves it into place. On any failure nothing is left behind and
// an Error (network or checksum) is thrown. Returns the address it was fetched from.
std::string fetch_dataset(const DatasetInfo& dataset, const std::filesystem::path& data_dir,
                          const FetchOptions& options);

}  // namespace fabscope::sources
