// The JSON API on loopback: status codes, shapes, stable error codes, bad parameters.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "pipeline/import.hpp"
#include "server/server.hpp"
#include "support/test_support.hpp"
#include "workshops/register.hpp"

namespace fabscope::server {
namespace {

using nlohmann::json;

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<test::TempDir>();
    {
      store::Store st(s_dir->path() / "api.db");
      pipeline::ImportOptions o;
      o.data_dir = test::data_dir();
      pipeline::import_datasets(st, sources::Catalog::builtin(), o);
      workshops::RegisterImportOptions ro;
      ro.data_dir = test::data_dir();
      workshops::import_register(st, sources::Catalog::builtin(), "fablabs_io_fr_2017", ro);
      workshops::import_register(st, sources::Catalog::builtin(), "maplabbzh_2020", ro);
    }
    ServerOptions so;
    so.port = 0;
    so.store_path = s_dir->path() / "api.db";
    s_server = std::make_unique<Server>(so);
    s_port = s_server->bind();
    s_thread = std::thread([] { s_server->serve(); });
  }
  static void TearDownTestSuite() {
    s_server->stop();
    s_thread.join();
    s_server.reset();
    s_dir.reset();
  }
  static std::pair<int, json> get(const std::string& path) {
    httplib::Client c("127.0.0.1", s_port);
    c.set_read_timeout(60, 0);  // the evaluation takes seconds on a loaded CI machine
    const auto res = c.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {0, json()};
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    return {res->status, json::parse(res->body)};
  }
  static inline std::unique_ptr<test::TempDir> s_dir;
  static inline std::unique_ptr<Server> s_server;
  static inline std::thread s_thread;
  static inline int s_port = 0;
};

TEST_F(Api, HealthAndOpenApi) {
  const auto [st, health] = get("/api/v1/health");
  EXPECT_EQ(st, 200);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["schema_version"], 2);
  EXPECT_EQ(health["indicators_built"], true);
  const auto [st2, doc] = get("/api/v1/openapi.json");
  EXPECT_EQ(st2, 200);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const auto& r : routes()) EXPECT_TRUE(doc["paths"].contains(r.path)) << r.path;
}

TEST_F(Api, TerritoryProfileAndPages) {
  const auto [st, j] = get("/api/v1/territories/commune/22113");
  EXPECT_EQ(st, 200);
  EXPECT_EQ(j["name"], "Lannion");
  EXPECT_EQ(j["indicators"]["population"], 20040.0);
  EXPECT_EQ(j["parents"]["epci"], "200065928");
  const auto [st2, page] = get("/api/v1/territories/reg?limit=5&offset=2");
  EXPECT_EQ(st2, 200);
  EXPECT_EQ(page["total"], 26);
  EXPECT_EQ(page["units"].size(), 5U);
  EXPECT_EQ(page["units"][0]["code"], "03");
  EXPECT_TRUE(page["units"][0]["indicators"]["pop_within_10km"].is_null());  // commune only
  const auto [st3, found] = get("/api/v1/territories/search?q=lannion&level=epci");
  EXPECT_EQ(st3, 200);
  EXPECT_EQ(found[0]["code"], "200065928");
}

TEST_F(Api, WorkshopsAndEvaluation) {
  const auto [st, list] = get("/api/v1/workshops?dep=22");
  EXPECT_EQ(st, 200);
  EXPECT_EQ(list.size(), 13U);
  const auto [st2, w] = get("/api/v1/workshops/fablabs_io:fablablannion");
  EXPECT_EQ(st2, 200);
  EXPECT_EQ(w["placement"]["commune"], "22113");
  EXPECT_EQ(w["provenance"]["equipment"]["source"], "fablabs_io_fr_2017");
  const auto [st3, laureates] = get("/api/v1/workshops?laureate=1");
  EXPECT_EQ(laureates.size(), 6U);
  const auto [st4, ev] = get("/api/v1/evaluation?top=3");
  EXPECT_EQ(st4, 200);
  EXPECT_EQ(ev["units"].size(), 3U);
  EXPECT_EQ(ev["units"][0]["rank"], 1);
  EXPECT_GE(ev["units"][0]["total"].get<double>(), ev["units"][2]["total"].get<double>());
}

TEST_F(Api, ErrorsAreStableCodesNeverTraces) {
  const auto [s1, e1] = get("/api/v1/territories/canton/35");
  EXPECT_EQ(s1, 400);
  EXPECT_EQ(e1["code"], "bad_request");
  EXPECT_NE(e1["message"].get<std::string>().find("unknown level"), std::string::npos);
  const auto [s2, e2] = get("/api/v1/territories/commune/99999");
  EXPECT_EQ(s2, 404);
  EXPECT_EQ(e2["code"], "not_found");
  const auto [s3, e3] = get("/api/v1/territories/reg?limit=abc");
  EXPECT_EQ(s3, 400);
  EXPECT_EQ(e3["code"], "bad_request");
  const auto [s4, e4] = get("/api/v1/nowhere");
  EXPECT_EQ(s4, 404);
  EXPECT_EQ(e4["code"], "not_found");
  const auto [s5, e5] = get("/api/v1/workshops/nope");
  EXPECT_EQ(s5, 404);
  const auto [s6, e6] = get("/api/v1/territories/search");
  EXPECT_EQ(s6, 400);
  EXPECT_EQ(e6["message"], "q is required");
  const auto [s7, e7] = get("/api/v1/workshops?laureate=yes");
  EXPECT_EQ(s7, 400);
}

TEST_F(Api, ConcurrentReaders) {
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", s_port);
      c.set_read_timeout(60, 0);
      for (int i = 0; i < 5; ++i) {
        const auto res = c.Get("/api/v1/territories/dep/35");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 40);
}

}  // namespace
}  // namespace fabscope::server
