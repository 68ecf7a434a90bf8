// `data fetch` against a loopback HTTP server and a file:// mirror (no internet here).
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "sources/fetch.hpp"
#include "support/test_support.hpp"

namespace fabscope::sources {
namespace {

DatasetInfo sample(const std::string& body) {
  DatasetInfo d;
  d.id = "sample";
  d.url = "http://127.0.0.1:1/not-used";
  d.file = "raw/sample.csv";
  d.sha256 = sha256_bytes(body);
  d.size = static_cast<std::int64_t>(body.size());
  return d;
}

class LoopbackServer {
 public:
  explicit LoopbackServer(std::string body) : m_body(std::move(body)) {
    m_server.Get("/files/sample.csv",
                 [this](const httplib::Request&, httplib::Response& res) { res.set_content(m_body, "text/csv"); });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~LoopbackServer() {
    m_server.stop();
    m_thread.join();
  }
  [[nodiscard]] std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/files"; }

 private:
  std::string m_body;
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

TEST(Fetch, DownloadsFromLoopbackAndVerifies) {
  const std::string body(200000, 'x');
  LoopbackServer server(body);
  test::TempDir dir;
  const auto from = fetch_dataset(sample(body), dir.path(), {server.base()});
  EXPECT_EQ(from, server.base() + "/sample.csv");
  EXPECT_EQ(test::read_file(dir / "raw/sample.csv"), body);
  EXPECT_FALSE(std::filesystem::exists(dir / "raw/sample.csv.part"));
}

TEST(Fetch, ChecksumMismatchLeavesNothing) {
  LoopbackServer server("not what the catalog says");
  test::TempDir dir;
  auto d = sample("expected content");
  try {
    fetch_dataset(d, dir.path(), {server.base()});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::checksum);
    EXPECT_NE(std::string(e.what()).find(d.sha256), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "raw/sample.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "raw/sample.csv.part"));
}

TEST(Fetch, HttpErrorIsANetworkError) {
  LoopbackServer server("x");
  test::TempDir dir;
  auto d = sample("x");
  d.file = "raw/absent.csv";
  try {
    fetch_dataset(d, dir.path(), {server.base()});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::network);
    EXPECT_NE(std::string(e.what()).find("404"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "raw/absent.csv"));
}

TEST(Fetch, FileMirrorOfTheBundledData) {
  test::TempDir dir;
  const auto& d = Catalog::builtin().get("laposte_hexasmal");
  const std::string mirror = "file://" + (test::data_dir() / "raw").string();
  fetch_dataset(d, dir.path(), {mirror});
  EXPECT_EQ(check_file(d, dir.path()).state, FileState::present);
}

}  // namespace
}  // namespace fabscope::sources
