// The JSON API on loopback: status codes, shapes, stable error codes, bad parameters.
// Eigen (through the impact engine) before httplib: <resolv.h> defines _res, a name Eigen uses.
#include "app/recommendations.hpp"
#include "impact/workshop_impact.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "app/demo.hpp"
#include "collect/answers.hpp"
#include "collect/answers_store.hpp"
#include "collect/repository.hpp"
#include "collect/xlsform.hpp"
#include "pipeline/import.hpp"
#include "referential/panel.hpp"
#include "report/evaluation.hpp"
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
      auto o = test::import_options();
      pipeline::import_datasets(st, sources::Catalog::builtin(), o);
      workshops::RegisterImportOptions ro;
      ro.data_dir = test::data_dir();
      workshops::import_register(st, sources::Catalog::builtin(), "fablabs_io_fr_2017", ro);
      workshops::import_register(st, sources::Catalog::builtin(), "maplabbzh_2020", ro);
    }
    ServerOptions so;
    so.port = 0;
    so.store_path = s_dir->path() / "api.db";
    so.data_dir = test::data_dir();
    s_server = std::make_unique<Server>(so);
    s_port = s_server->bind();
    s_thread = std::thread([] { s_server->serve(); });
    // The snapshot of the store is prepared in the background: the pages answer 503 until then.
    ASSERT_TRUE(s_server->wait_ready(std::chrono::seconds(300)));
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
  struct Page {
    int status = 0;
    std::string type, body, disposition, location;
  };
  static Page page(const std::string& path) {
    httplib::Client c("127.0.0.1", s_port);
    c.set_read_timeout(60, 0);
    const auto res = c.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    return {res->status, res->get_header_value("Content-Type"), res->body, res->get_header_value("Content-Disposition"),
            res->get_header_value("Location")};
  }
  static std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return n;
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
  EXPECT_EQ(health["schema_version"], 11);
  EXPECT_EQ(health["indicators_built"], true);
  const auto [st2, doc] = get("/api/v1/openapi.json");
  EXPECT_EQ(st2, 200);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const auto& r : routes()) {
    if (r.handler) {
      EXPECT_TRUE(doc["paths"].contains(r.path)) << r.path;
    }
  }
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
  const auto [st, list] = get("/api/v1/workshops?dep=22&records=1");
  EXPECT_EQ(st, 200);
  EXPECT_EQ(list.size(), 13U);
  // The default view: one entry per distinct workshop, each with the records merged into it.
  {
    store::Store s(s_dir->path() / "api.db", /*read_only=*/true);
    std::set<std::string> canonical;
    for (const auto& w : list) {
      const auto m = workshops::load_merged(s, w["id"].get<std::string>());
      canonical.insert(m ? m->canonical : w["id"].get<std::string>());
    }
    const auto [stm, merged] = get("/api/v1/workshops?dep=22");
    EXPECT_EQ(stm, 200);
    EXPECT_EQ(merged.size(), canonical.size());
    std::size_t records = 0;
    for (const auto& w : merged) {
      EXPECT_TRUE(canonical.count(w["id"].get<std::string>()) == 1) << w["id"];
      EXPECT_EQ(w["records"][0], w["id"]);
      records += w["records"].size();
    }
    EXPECT_GE(records, merged.size());
    const auto [sta, all_records] = get("/api/v1/workshops?records=1");
    const auto [stb, all_merged] = get("/api/v1/workshops");
    EXPECT_EQ(all_records.size(), 256U);
    EXPECT_LT(all_merged.size(), all_records.size());
  }
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
  // No workshop has data on 65 % of the référentiel's weight yet (survey, impacts): the
  // total is not evaluable and the panel is ranked on the territorial context.
  EXPECT_EQ(ev["ranked_on"], "territory");
  EXPECT_EQ(ev["missing_in_score"], "zero");
  EXPECT_TRUE(ev["units"][0]["total"].is_null());
  EXPECT_EQ(ev["units"][0]["total_state"], "not_evaluable");
  EXPECT_GE(ev["units"][0]["territory"].get<double>(), ev["units"][2]["territory"].get<double>());
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

// ---- HTML pages and downloads ----------------------------------------------------------

TEST_F(Api, HomeMapAndItsDownloads) {
  const auto home = page("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_EQ(home.type, "text/html; charset=utf-8");
  EXPECT_NE(home.body.find(R"(<html lang="fr">)"), std::string::npos);
  EXPECT_NE(home.body.find(R"(<svg xmlns="http://www.w3.org/2000/svg" id="map")"), std::string::npos);
  EXPECT_EQ(count(home.body, R"(<path class="unit")"), 96U);  // metropolitan départements with boundaries
  EXPECT_GT(count(home.body, R"(class="workshop")"), 200U);
  EXPECT_NE(home.body.find("<b>243</b>"), std::string::npos);  // distinct workshops (test_register)
  EXPECT_NE(home.body.find(R"(<option value="density" selected>)"), std::string::npos);
  const auto reg = page("/?indicator=unemployment_rate&level=reg&classes=4");
  ASSERT_EQ(reg.status, 200);
  EXPECT_EQ(count(reg.body, R"(<path class="unit")"), 13U);
  const auto bzh = page("/?indicator=median_income&level=commune");
  ASSERT_EQ(bzh.status, 200);
  EXPECT_GT(count(bzh.body, R"(<path class="unit")"), 1200U);  // communes of Bretagne (COG 2018 polygons)
  // The map's data: the same values as the API, classes from the reference breaks.
  const auto geo = page("/carte.geojson?indicator=density&level=dep&classes=5");
  ASSERT_EQ(geo.status, 200);
  EXPECT_EQ(geo.type, "application/geo+json");
  const auto g = json::parse(geo.body);
  ASSERT_EQ(g["features"].size(), 96U);
  const std::vector<double> want = {45.4407022693154, 64.3970802443004, 101.19531102344,
                                    190.004605794778};  // breaks.csv
  ASSERT_EQ(g["breaks"].size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(g["breaks"][i].get<double>(), want[i], 1e-9 * want[i]);
  const auto [st, ille] = get("/api/v1/territories/dep/35");
  ASSERT_EQ(st, 200);
  bool found = false;
  for (const auto& f : g["features"]) {
    if (f["properties"]["code"] != "35") continue;
    found = true;
    EXPECT_DOUBLE_EQ(f["properties"]["value"].get<double>(), ille["indicators"]["density"].get<double>());
    EXPECT_EQ(f["properties"]["class"], 3);  // 157.8 hab./km² lies in ]101.2, 190.0]
    EXPECT_EQ(f["geometry"]["type"], "MultiPolygon");
  }
  EXPECT_TRUE(found);
  const auto svg = page("/carte.svg?indicator=density");
  EXPECT_EQ(svg.type, "image/svg+xml");
  EXPECT_NE(svg.disposition.find("carte-density-dep.svg"), std::string::npos);
  const auto png = page("/carte.png?indicator=density&points=score");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.type, "image/png");
  EXPECT_EQ(png.body.substr(1, 3), "PNG");
  EXPECT_GT(png.body.size(), 50000U);
  EXPECT_EQ(page("/?points=nope").status, 400);
  const auto csv = page("/carte.csv?indicator=density");
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')), "level,code,name,density,class");
  EXPECT_EQ(count(csv.body, "\n"), 97U);
}

TEST_F(Api, WorkshopListFiltersAndDownloads) {
  const auto all = page("/ateliers");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(count(all.body, "<tr data-id="), 243U);
  const auto ille = page("/ateliers?dep=35&sort=name");
  ASSERT_EQ(ille.status, 200);
  const auto n = count(ille.body, "<tr data-id=");
  EXPECT_GT(n, 5U);
  EXPECT_LT(n, 243U);
  const auto csv = page("/ateliers?dep=35&sort=name&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.disposition.find("attachment"), std::string::npos);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "id,name,kind,commune,commune_name,dep,density_class,ranked_on,score,score_p05,score_p95,coverage,total,"
            "total_coverage,rank,laureate_2013,fictitious_answers,territory,territory_p05,territory_p95,model,model_p05,"
            "model_p95,success,"
            "success_p05,success_p95,impacts,impacts_p05,impacts_p95");
  EXPECT_EQ(count(csv.body, "\n"), n + 1);
  EXPECT_EQ(count(csv.body, ",35,"), n);  // every row is in Ille-et-Vilaine
  const auto xlsx = page("/ateliers?dep=35&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  // Scores between bounds, laureates, density classes.
  const auto high = page("/ateliers?score_min=0.7&format=csv");
  const auto rows = count(high.body, "\n") - 1;
  EXPECT_GT(rows, 0U);
  EXPECT_LT(rows, 243U);
  EXPECT_EQ(count(page("/ateliers?laureate=1").body, "<tr data-id="), 6U);
  EXPECT_GT(count(page("/ateliers?density_class=1").body, "<tr data-id="), 10U);
  EXPECT_EQ(page("/ateliers?score_min=2").status, 400);
  EXPECT_EQ(page("/ateliers?sort=nope").status, 400);
  EXPECT_EQ(page("/ateliers?format=doc").status, 400);
}

TEST_F(Api, WorkshopFiche) {
  const auto f = page("/ateliers/fablabs_io:labfabur1");
  ASSERT_EQ(f.status, 200);
  EXPECT_NE(f.body.find("<h1>LabFab UR1</h1>"), std::string::npos);
  EXPECT_NE(f.body.find(R"(<section id="context">)"), std::string::npos);
  EXPECT_NE(f.body.find("Rennes (35238)"), std::string::npos);
  EXPECT_NE(f.body.find(R"(class="interval")"), std::string::npos);  // Monte Carlo interval of the total
  EXPECT_NE(f.body.find("fablabs_io_fr_2017"), std::string::npos);   // provenance
  EXPECT_NE(f.body.find(R"(<svg xmlns="http://www.w3.org/2000/svg" id="locator")"), std::string::npos);
  EXPECT_NE(f.body.find("Ille-et-Vilaine (35)"), std::string::npos);  // the locator's département
  // A merged duplicate leads to the same fiche.
  const auto m = page("/ateliers/maplabbzh:72");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("<h1>LabFab UR1</h1>"), std::string::npos);
  const auto nf = page("/ateliers/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.type, "text/html; charset=utf-8");
  EXPECT_EQ(nf.body.find("Traceback"), std::string::npos);
}

TEST_F(Api, TerritoryPagesAndReferential) {
  const auto p = page("/territoires/commune/35238");
  ASSERT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("<h1>Rennes</h1>"), std::string::npos);
  EXPECT_NE(p.body.find("LabFab UR1"), std::string::npos);
  const auto csv = page("/territoires/commune/35238?format=csv");
  ASSERT_EQ(csv.status, 200);
  const auto [st, api] = get("/api/v1/territories/commune/35238");
  ASSERT_EQ(st, 200);
  const auto pos = csv.body.find("\npopulation,");
  ASSERT_NE(pos, std::string::npos);
  const auto line = csv.body.substr(pos + 1, csv.body.find('\n', pos + 1) - pos - 1);
  const auto value = line.substr(line.find(',', line.find(',') + 1) + 1);
  EXPECT_DOUBLE_EQ(std::stod(value), api["indicators"]["population"].get<double>());
  // The download has what the page shows: the département and région columns filled
  // (Ille-et-Vilaine and Bretagne, as in the page's table).
  {
    const auto fields = [](const std::string& l) {
      std::vector<std::string> out;
      std::size_t at = 0;
      for (std::size_t comma; (comma = l.find(',', at)) != std::string::npos; at = comma + 1) {
        out.push_back(l.substr(at, comma - at));
      }
      out.push_back(l.substr(at));
      return out;
    };
    const auto header = fields(csv.body.substr(0, csv.body.find('\n')));
    const auto row = fields(line);
    const auto col = [&](const std::string& id) {
      return std::find(header.begin(), header.end(), id) - header.begin();
    };
    const auto [std_, dep] = get("/api/v1/territories/dep/35");
    const auto [str_, reg] = get("/api/v1/territories/reg/53");
    EXPECT_DOUBLE_EQ(std::stod(row[col("dep_value")]), dep["indicators"]["population"].get<double>());
    EXPECT_DOUBLE_EQ(std::stod(row[col("reg_value")]), reg["indicators"]["population"].get<double>());
  }
  EXPECT_EQ(page("/territoires/dep/22").status, 200);
  // Links between levels: Lannion to its EPCI and zone d'emploi; the EPCI lists its 57 communes.
  const auto lannion = page("/territoires/commune/22113").body;
  EXPECT_NE(lannion.find(R"(href="/territoires/epci/200065928")"), std::string::npos);
  EXPECT_NE(lannion.find(R"(href="/territoires/ze/)"), std::string::npos);
  const auto lta = page("/territoires/epci/200065928");
  EXPECT_EQ(lta.status, 200);
  EXPECT_NE(lta.body.find("<h2>Communes (57)</h2>"), std::string::npos);
  EXPECT_NE(lta.body.find(R"(<li><a href="/territoires/commune/22113">Lannion</a></li>)"), std::string::npos);
  EXPECT_EQ(page("/territoires/commune/99999").status, 404);
  EXPECT_EQ(page("/territoires/nope/1").status, 400);
  const auto search = page("/territoires?q=lannion");
  EXPECT_NE(search.body.find(R"(href="/territoires/commune/22113")"), std::string::npos);
  const auto ref = page("/referentiel");
  ASSERT_EQ(ref.status, 200);
  EXPECT_EQ(count(ref.body, R"(<li class="dimension">)"), 4U);
  EXPECT_EQ(count(ref.body, R"(<li class="criterion">)"), 15U);
  EXPECT_EQ(count(ref.body, R"(<li class="indicator")"), 38U);
}

// Search as people type: a workshop by its commune or its machines, a territory written
// with "st", without hyphens, by a former code or an arrondissement.
TEST_F(Api, SearchFindsWhatPeopleType) {
  // "brest" finds the workshops of Brest (16, placed there), not only those named so.
  const auto brest = page("/ateliers?q=brest");
  EXPECT_GE(count(brest.body, "<tr data-id="), 16U);
  // "découpe laser" finds the workshops that have a laser cutter, as the machine filter does.
  const auto laser = count(page("/ateliers?q=d%C3%A9coupe%20laser").body, "<tr data-id=");
  EXPECT_EQ(laser, count(page("/ateliers?equipment=laser_cutting").body, "<tr data-id="));
  EXPECT_GT(laser, 50U);
  EXPECT_LT(count(page("/ateliers?q=laser%20brest").body, "<tr data-id="), laser);
  EXPECT_EQ(page("/ateliers?equipment=nope").status, 400);
  // Around a place: Lannion by name or code, within 20 km; farther includes more.
  const auto near = page("/ateliers?autour=lannion&km=20");
  ASSERT_EQ(near.status, 200);
  EXPECT_NE(near.body.find(R"(id="around-note")"), std::string::npos);
  const auto n20 = count(near.body, "<tr data-id=");
  EXPECT_EQ(n20, count(page("/ateliers?autour=22113&km=20").body, "<tr data-id="));
  EXPECT_GE(n20, 2U);  // Lannion's own workshops
  EXPECT_GT(count(page("/ateliers?autour=22113&km=80").body, "<tr data-id="), n20);
  EXPECT_EQ(page("/ateliers?autour=nowhere-at-all").status, 404);
  // By register: MapLabBZH (Bretagne) workshops, those merged into a fablabs.io record included.
  const auto bzh = count(page("/ateliers?source=maplabbzh_2020").body, "<tr data-id=");
  const auto fio = count(page("/ateliers?source=fablabs_io_fr_2017").body, "<tr data-id=");
  EXPECT_GT(bzh, 20U);
  EXPECT_GT(fio, 100U);
  EXPECT_GT(bzh + fio, 243U);  // the merged ones count in both
  EXPECT_EQ(page("/ateliers?source=nope").status, 400);
  // Suggestions as people type: "st bri" offers Saint-Brieuc first among communes with its
  // page; workshops by the same matching as the list; too short, nothing; bad "for", 400.
  const auto [st1, towns] = get("/api/v1/suggest?q=st%20bri");
  ASSERT_EQ(st1, 200);
  bool saint_brieuc = false;
  for (const auto& t : towns) saint_brieuc = saint_brieuc || t["href"] == "/territoires/commune/22278";
  EXPECT_TRUE(saint_brieuc) << towns.dump();
  EXPECT_LE(towns.size(), 8U);
  const auto [st2, shops] = get("/api/v1/suggest?for=workshops&q=lannion&limit=20");
  ASSERT_EQ(st2, 200);
  EXPECT_GE(shops.size(), 2U);
  for (const auto& w : shops) EXPECT_EQ(w["href"].get<std::string>().rfind("/ateliers/", 0), 0U);
  EXPECT_EQ(get("/api/v1/suggest?q=s").second.size(), 0U);
  EXPECT_EQ(get("/api/v1/suggest?q=brest&for=nope").first, 400);
  EXPECT_EQ(get("/api/v1/suggest?q=brest&limit=21").first, 400);
  EXPECT_EQ(page("/ateliers?autour=22113&km=-1").status, 400);
  // Coverage: every workshop has its territorial context (100 %), none 65 % of the total.
  EXPECT_EQ(count(page("/ateliers?couverture_min=0.5").body, "<tr data-id="), 243U);
  // Territories.
  EXPECT_NE(page("/territoires?q=st%20brieuc").body.find(R"(href="/territoires/commune/22278")"), std::string::npos);
  EXPECT_NE(page("/territoires?q=perros%20guirec").body.find(R"(href="/territoires/commune/22168")"),
            std::string::npos);
  EXPECT_NE(page("/territoires?q=Equeurdreville").body.find(R"(href="/territoires/commune/50129?from=50173")"),
            std::string::npos);
  // A delegated commune's code and an arrondissement lead to their commune, with a note.
  const auto old = page("/territoires/commune/50173");
  EXPECT_EQ(old.status, 302);
  EXPECT_EQ(old.location, "/territoires/commune/50129?from=50173");
  const auto paris = page("/territoires/commune/75101");
  EXPECT_EQ(paris.status, 302);
  EXPECT_EQ(paris.location, "/territoires/commune/75056?from=75101");
  const auto landed = page("/territoires/commune/50129?from=50173");
  EXPECT_NE(landed.body.find(R"(id="alias-note")"), std::string::npos);
  EXPECT_NE(landed.body.find("commune déléguée"), std::string::npos);
  const auto [st, api] = get("/api/v1/territories/commune/75101");
  EXPECT_EQ(st, 200);
  EXPECT_EQ(api["code"], "75056");
  EXPECT_EQ(api["resolved_from"]["type"], "arrondissement-municipal");
  EXPECT_EQ(page("/territoires/commune/99999").status, 404);
}

// Side by side: two workshops with their scores, intervals and coverage; two territories
// with the région of the first and France (the aggregate of every commune).
TEST_F(Api, CompareWorkshopsAndTerritoriesSideBySide) {
  const auto w = page("/comparer?ateliers=fablabs_io:fablablannion,fablabs_io:labfabur1");
  ASSERT_EQ(w.status, 200);
  EXPECT_NE(w.body.find("Fablab Lannion - KerNEL"), std::string::npos);
  EXPECT_NE(w.body.find("LabFab UR1"), std::string::npos);
  EXPECT_NE(w.body.find("non évaluable (17\u202F%)"), std::string::npos);  // the total, with its coverage
  EXPECT_NE(w.body.find("0,433 [0,159–0,453] · 100\u202F% · rang 176"), std::string::npos);
  const auto wcsv = page("/comparer?ateliers=fablabs_io:fablablannion,fablabs_io:labfabur1&format=csv");
  EXPECT_EQ(wcsv.body.substr(0, wcsv.body.find('\n')), "row,fablabs_io:fablablannion,fablabs_io:labfabur1");
  const auto t = page("/comparer?territoires=commune:22113,commune:22278");
  ASSERT_EQ(t.status, 200);
  const auto csv = page("/comparer?territoires=commune:22113,commune:22278&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')), "indicator,commune:22113,commune:22278,reg:53,fr:FR");
  const auto [st, france] = get("/api/v1/territories/fr/FR");
  ASSERT_EQ(st, 200);
  EXPECT_DOUBLE_EQ(france["indicators"]["population"].get<double>(), 66732538);
  EXPECT_NE(csv.body.find("\nPopulation municipale 2018,20040,44170,3335414,66732538\n"), std::string::npos);
  // Errors: too many, unknown.
  EXPECT_EQ(page("/comparer?ateliers=a,b,c,d,e").status, 400);
  EXPECT_EQ(page("/comparer?ateliers=fablabs_io:fablablannion,nope").status, 404);
  EXPECT_EQ(page("/comparer?territoires=commune:22113,zz:1").status, 404);
  // One item: the page asks for another, with a search that adds to the selection.
  const auto one = page("/comparer?ateliers=fablabs_io:fablablannion&q=rennes");
  EXPECT_NE(one.body.find(R"(<ul id="candidates">)"), std::string::npos);
}

// The analyses of the panel: archetypes, typology with its graphics, laureates against
// comparable workshops; the fiche's archetype with its evidence and its peers; the panel CSV.
TEST_F(Api, AnalysesPageAndTheFichesArchetypeAndPeers) {
  const auto a = page("/analyses");
  ASSERT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("243 ateliers, 26 variables"), std::string::npos);
  EXPECT_NE(a.body.find(R"(<th scope="row">Fablab générique)"), std::string::npos);
  EXPECT_NE(a.body.find(R"(<td class="num">172</td><td class="num">172</td>)"), std::string::npos);
  for (const char* id : {R"(id="factor-map")", R"(id="variables-map")", R"(id="dendrogram")", R"(id="balance-plot")",
                         R"(id="cluster-profiles")", R"(id="laureates-statement")"}) {
    EXPECT_NE(a.body.find(id), std::string::npos) << id;
  }
  EXPECT_NE(a.body.find("5 lauréats dans le panel, 5 appariés à 5 ateliers comparables"), std::string::npos);
  EXPECT_NE(a.body.find("seules de grandes différences se distinguent du hasard"), std::string::npos);
  const auto csv = page("/analyses?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, 39), "workshop,kind,laureate_2013,density_cla");
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 244);
  EXPECT_EQ(page("/analyses?format=xml").status, 400);
  const auto en = page("/analyses?lang=en");
  EXPECT_NE(en.body.find("The study&#39;s six archetypes"), std::string::npos);
  const auto w = page("/ateliers/fablabs_io:fablablannion");
  EXPECT_NE(w.body.find("Fablab générique</strong> — sûr (similarité 0,87"), std::string::npos);
  EXPECT_NE(w.body.find(R"(id="archetype-evidence")"), std::string::npos);
  EXPECT_NE(w.body.find(">La Vilaine Bidouille</a>"), std::string::npos);
  EXPECT_NE(w.body.find("« Fablab générique » que 63 % des 171 autres ateliers"), std::string::npos);
}

// The worked example on real answers (Nesta, UK): labelled as a UK panel; the typology of
// docs/analysis/example-nesta.md (4 clusters: 1, 35, 37, 25); the QCA on the recoded sets.
TEST_F(Api, NestaWorkedExampleIsLabelledAndComputed) {
  const auto n = page("/analyses/nesta");
  ASSERT_EQ(n.status, 200);
  EXPECT_NE(n.body.find(R"(id="uk-panel")"), std::string::npos);
  EXPECT_NE(n.body.find("Panel britannique (enquête Nesta 2015), pas des ateliers français"), std::string::npos);
  EXPECT_NE(n.body.find("98 makerspaces, 8 questions fermées actives"), std::string::npos);
  EXPECT_NE(n.body.find("4 classes"), std::string::npos);
  EXPECT_NE(n.body.find(R"(<tr><th scope="row">2</th><td class="num">35</td><td class="num">0,64</td>)"),
            std::string::npos);
  EXPECT_NE(n.body.find("53 makerspaces ; 45 écartés"), std::string::npos);
  EXPECT_NE(n.body.find("<code>SHOP + CODE*ACCOUNTS*LARGE → OPEN_PERM</code>"), std::string::npos);
  EXPECT_NE(n.body.find(R"(id="nesta-factor-map")"), std::string::npos);
  EXPECT_NE(n.body.find(R"(<p id="nesta-archetypes">)"), std::string::npos);
  EXPECT_NE(n.body.find("<td>Fablab générique ("), std::string::npos);
  EXPECT_NE(page("/analyses").body.find(R"(id="nesta-link")"), std::string::npos);
}

// Economic impacts (/impacts): the national multipliers of the bundled WIOD table as the
// independent numpy computation gives them (tests/reference/expected/impact), a région
// regionalised by FLQ beside France, downloads, and located refusals.
TEST_F(Api, ImpactsPageShowsMultipliersNationalAndRegional) {
  const auto fr = page("/impacts");
  ASSERT_EQ(fr.status, 200);
  EXPECT_NE(fr.body.find("<h2 id=\"impacts-where\">France, 2014</h2>"), std::string::npos);
  EXPECT_NE(fr.body.find(R"(id="impacts-chart")"), std::string::npos);
  EXPECT_NE(fr.body.find("Emplois : non disponibles"), std::string::npos);
  // The CSV of France against numpy's 2014 multipliers, every industry, to 1e-9.
  const auto csv = page("/impacts?format=csv");
  ASSERT_EQ(csv.status, 200);
  std::map<std::string, std::vector<double>> ours;
  for (std::size_t start = csv.body.find('\n') + 1, end = csv.body.find('\n', start); end != std::string::npos;
       start = end + 1, end = csv.body.find('\n', start)) {
    const auto line = csv.body.substr(start, end - start);
    std::vector<double> v;
    for (std::size_t c = line.size(); v.size() < 4;) {
      const auto comma = line.rfind(',', c - 1);
      v.insert(v.begin(), std::stod(line.substr(comma + 1, c - comma - 1)));
      c = comma;
    }
    ours[line.substr(0, line.find(','))] = v;
  }
  ASSERT_EQ(ours.size(), 56U);
  const auto ref = test::read_file(test::source_dir() / "tests/reference/expected/impact/multipliers_national.csv");
  std::size_t checked = 0;
  for (std::size_t start = ref.find('\n') + 1, end = ref.find('\n', start); end != std::string::npos;
       start = end + 1, end = ref.find('\n', start)) {
    const auto line = ref.substr(start, end - start);
    if (line.rfind("2014,", 0) != 0) continue;
    std::vector<std::string> f;
    for (std::size_t from = 0;;) {
      const auto c = line.find(',', from);
      f.push_back(line.substr(from, c == std::string::npos ? std::string::npos : c - from));
      if (c == std::string::npos) break;
      from = c + 1;
    }
    const auto& v = ours.at(f[1]);
    for (std::size_t k = 0; k < 4; ++k) EXPECT_NEAR(v[k], std::stod(f[4 + k]), 1e-9) << f[1] << " " << k;
    ++checked;
  }
  EXPECT_EQ(checked, 56U);
  // Bretagne: FLQ from its jobs and sector quotients, beside France.
  const auto bzh = page("/impacts?level=reg&code=53");
  ASSERT_EQ(bzh.status, 200);
  EXPECT_NE(bzh.body.find("λ de Flegg = 0,450 : le territoire pèse 4,97 % des emplois de la France"),
            std::string::npos);
  EXPECT_NE(bzh.body.find("1,28 (France 1,92)"), std::string::npos);  // A01, Type I
  EXPECT_NE(bzh.body.find("Production type I, France"), std::string::npos);
  EXPECT_NE(page("/impacts?level=dep&code=22&lang=en").body.find("Flegg&#39;s λ = 0.264"), std::string::npos);
  const auto x = page("/impacts?level=reg&code=53&year=2010&format=xlsx");
  EXPECT_EQ(x.status, 200);
  EXPECT_EQ(x.body.substr(0, 2), "PK");
  EXPECT_EQ(page("/impacts?level=dep&code=999").status, 404);
  EXPECT_EQ(page("/impacts?level=dep&code=976").status, 404);  // Mayotte: no comparateur data
  EXPECT_EQ(page("/impacts?year=1990").status, 400);
  EXPECT_EQ(page("/impacts?level=commune&code=22113").status, 400);
  EXPECT_EQ(page("/impacts?format=pdf").status, 400);
}

// A weight scenario re-scores the panel on the server, says what moved, downloads as TOML;
// a value that is not a weight keeps what was typed and scores nothing.
TEST_F(Api, WeightScenarioReranksAndDownloads) {
  const auto same = page("/scenario");
  ASSERT_EQ(same.status, 200);
  EXPECT_EQ(same.body.find(R"(id="scenario-ranking")"), std::string::npos);
  const std::string q = "w.t_density=4&w.success=0.1";
  const auto moved = page("/scenario?" + q);
  ASSERT_EQ(moved.status, 200);
  EXPECT_NE(moved.body.find(R"(id="scenario-ranking")"), std::string::npos);
  EXPECT_NE(moved.body.find("changent de rang"), std::string::npos);
  EXPECT_NE(moved.body.find("▲"), std::string::npos);
  EXPECT_NE(moved.body.find(R"(value="4")"), std::string::npos);  // the form keeps the scenario
  const auto toml = page("/scenario?" + q + "&format=toml");
  ASSERT_EQ(toml.status, 200);
  EXPECT_NE(toml.disposition.find("referentiel-scenario.toml"), std::string::npos);
  const auto ref = referential::Referential::parse(toml.body, "scenario.toml");
  EXPECT_EQ(ref.dimensions[2].id, "success");
  EXPECT_EQ(ref.dimensions[2].weight, 0.1);
  EXPECT_EQ(ref.dimensions[0].children[0].weight, 4);
  // The scenario's ranking is the core's on the edited référentiel.
  store::Store s(s_dir->path() / "api.db", /*read_only=*/true);
  const auto e = referential::evaluate(s, ref);
  const auto first = e.ranking(e.ranking_node(), false).front();
  const auto pos = moved.body.find("<tbody>", moved.body.find(R"(id="scenario-ranking")"));
  EXPECT_NE(moved.body.find(e.panel.units[first].name, pos), std::string::npos);
  // Not a weight: kept, flagged, nothing recomputed.
  const auto bad = page("/scenario?w.t_density=-2&w.success=abc");
  ASSERT_EQ(bad.status, 200);
  EXPECT_NE(bad.body.find(R"(value="abc")"), std::string::npos);
  EXPECT_NE(bad.body.find(R"(aria-invalid="true")"), std::string::npos);
  EXPECT_EQ(bad.body.find(R"(id="scenario-ranking")"), std::string::npos);
  EXPECT_EQ(page("/scenario?w.t_density=-2&format=toml").status, 400);
  EXPECT_EQ(page("/scenario?w.nope=1").status, 400);
}

TEST_F(Api, PagesInEnglishAndErrors) {
  const auto en = page("/ateliers?lang=en");
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find(R"(<html lang="en">)"), std::string::npos);
  EXPECT_NE(en.body.find(R"(<a id="nav-workshops" href="/ateliers?lang=en">Workshops</a>)"), std::string::npos);
  EXPECT_NE(en.body.find(R"(<a id="lang-fr" href="/ateliers")"), std::string::npos);
  const auto bad = page("/?indicator=nope");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown indicator &#39;nope&#39;"), std::string::npos);
  // A commune-only indicator is not offered at another level; asked for, the map shows the
  // density and says why.
  const auto only = page("/?indicator=median_income&level=dep");
  EXPECT_EQ(only.status, 200);
  EXPECT_NE(only.body.find(R"(id="map-note")"), std::string::npos);
  EXPECT_EQ(only.body.find(R"(<option value="median_income")"), std::string::npos);
  EXPECT_NE(page("/?level=commune").body.find(R"(<option value="median_income")"), std::string::npos);
  const auto epci = page("/?level=epci");  // no EPCI boundaries without ign_communes_2018
  EXPECT_EQ(epci.status, 404);
  EXPECT_NE(epci.body.find("ign_communes_2018"), std::string::npos);
  EXPECT_EQ(page("/?level=fr").status, 400);
  EXPECT_EQ(page("/?method=manual").status, 400);
  EXPECT_EQ(page("/?method=manual&breaks=50%20abc").status, 400);
  EXPECT_EQ(page("/?method=manual&breaks=50%20100%20500").status, 200);
  EXPECT_EQ(page("/?classes=12").status, 400);
  const auto missing = page("/no/such/page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.type, "text/html; charset=utf-8");
  // The API's openapi.json documents the API only, not the pages.
  const auto [st, doc] = get("/api/v1/openapi.json");
  EXPECT_EQ(st, 200);
  EXPECT_FALSE(doc["paths"].contains("/ateliers"));
  EXPECT_TRUE(doc["paths"].contains("/api/v1/answers/{form_id}"));  // a page route under /api/: documented
}

// One raw exchange over a socket: the request's bytes as they are, the answer as it comes.
struct RawAnswer {
  int status = 0;  // 0: closed (or timed out) without an answer
  std::string headers, body;
};

RawAnswer raw_exchange(int port, const std::string& bytes, bool head, int timeout_ms = 5000) {
  RawAnswer a;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return a;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return a;
  }
  for (std::size_t sent = 0; sent < bytes.size();) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (e.g. 413): read what it said
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[65536];
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    // An interim "100 Continue" comes before the answer.
    while (in.rfind("HTTP/1.1 100", 0) == 0 && in.find("\r\n\r\n") != std::string::npos)
      in.erase(0, in.find("\r\n\r\n") + 4);
    const auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    std::string lower = in.substr(0, end);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto cl = lower.find("\r\ncontent-length: ");
    const std::size_t length = cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 18));
    if (head || in.size() >= end + 4 + length) break;
  }
  ::close(fd);
  if (in.rfind("HTTP/1.", 0) == 0 && in.size() > 12) a.status = std::atoi(in.c_str() + 9);
  const auto end = in.find("\r\n\r\n");
  if (end != std::string::npos) {
    a.headers = in.substr(0, end);
    a.body = in.substr(end + 4);
  }
  return a;
}

std::string unescape_case(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == 'r') {
      out += '\r';
    } else if (c == 'n') {
      out += '\n';
    } else if (c == 't') {
      out += '\t';
    } else if (c == 'x') {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (c == '*') {
      const auto colon = s.find(':', i);
      out.append(std::stoul(s.substr(i + 1, colon - i - 1)), s[colon + 1]);
      i = colon + 1;
    } else {
      out += c;
    }
  }
  return out;
}

// The corpus of hostile requests (tests/server/make_corpus.py): each answered with the
// expected status and a well-formed body, never reflecting markup, and the server goes on.
TEST_F(Api, HostileRequestCorpus) {
  std::ifstream in(std::string(FABSCOPE_SOURCE_DIR) + "/tests/server/http_corpus.txt", std::ios::binary);
  ASSERT_TRUE(in);
  std::string line;
  std::size_t cases = 0;
  while (std::getline(in, line)) {
    const auto t1 = line.find('\t');
    const auto t2 = line.find('\t', t1 + 1);
    ASSERT_NE(t2, std::string::npos) << line.substr(0, 80);
    std::string expected = line.substr(0, t1);
    const auto name = line.substr(t1 + 1, t2 - t1 - 1);
    const auto request = unescape_case(line.substr(t2 + 1));
    const bool no_reflect = !expected.empty() && expected.back() == '!';
    if (no_reflect) expected.pop_back();
    const bool head = request.rfind("HEAD ", 0) == 0;
    const auto a = raw_exchange(s_port, request, head);
    ++cases;
    bool ok = false;
    for (std::size_t pos = 0; pos <= expected.size();) {
      const auto bar = expected.find('|', pos);
      const auto one = expected.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
      if (std::to_string(a.status) == one) ok = true;
      if (bar == std::string::npos) break;
      pos = bar + 1;
    }
    EXPECT_TRUE(ok) << name << ": status " << a.status << ", expected " << expected << "\n"
                    << a.headers.substr(0, 300) << "\n"
                    << a.body.substr(0, 300);
    if (a.status == 0) continue;
    EXPECT_EQ(a.headers.find("EXCEPTION"), std::string::npos) << name;
    // Our answers carry the security headers; requests too malformed to parse are answered by the
    // transport itself with a fixed body and no Content-Type.
    if (a.headers.find("Content-Type:") != std::string::npos) {
      EXPECT_NE(a.headers.find("X-Content-Type-Options: nosniff"), std::string::npos) << name;
    }
    if (!head && a.status != 204 && a.status != 304 && a.headers.find("Content-Encoding: gzip") == std::string::npos) {
      if (a.headers.find("Content-Type: application/json") != std::string::npos) {
        EXPECT_TRUE(json::accept(a.body)) << name << ": " << a.body.substr(0, 200);
        if (a.status >= 400) {
          const auto j = json::parse(a.body, nullptr, false);
          EXPECT_TRUE(j.is_object() && j.contains("code") && j.contains("message")) << name;
        }
      } else if (a.headers.find("Content-Type: text/html") != std::string::npos) {
        EXPECT_NE(a.body.find("</html>"), std::string::npos) << name;
      }
    }
    if (no_reflect) {
      EXPECT_EQ(a.body.find("<script>alert(1)</script>"), std::string::npos) << name;
    }
    EXPECT_EQ(a.body.find("/tmp/"), std::string::npos) << name << ": an internal path in the answer";
  }
  EXPECT_GE(cases, 200U);
  // Still serving.
  EXPECT_EQ(page("/").status, 200);
  EXPECT_EQ(get("/api/v1/health").first, 200);
}

TEST_F(Api, ConditionalCompressedAndSecure) {
  httplib::Client c("127.0.0.1", s_port);
  c.set_read_timeout(60, 0);
  const auto first = c.Get("/ateliers");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const auto etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_NE(first->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(first->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(first->get_header_value("Referrer-Policy"), "same-origin");
  EXPECT_EQ(first->body.find("<script>\n"), std::string::npos);  // no inline script
  const auto again = c.Get("/ateliers", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  // gzip: the same bytes once inflated (httplib's client inflates when built with zlib; compare sizes otherwise).
  const auto raw = raw_exchange(
      s_port, "GET /ateliers HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n", false);
  EXPECT_EQ(raw.status, 200);
  EXPECT_NE(raw.headers.find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_LT(raw.body.size(), first->body.size() / 2);
  EXPECT_EQ(static_cast<unsigned char>(raw.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(raw.body[1]), 0x8b);
  // The health check says no more than it needs: no path of this machine.
  const auto [st, health] = get("/api/v1/health");
  EXPECT_EQ(st, 200);
  EXPECT_FALSE(health.contains("store"));
  EXPECT_EQ(health["ready"], true);
}

TEST_F(Api, EvaluationFromTheSnapshotAgreesWithTheCore) {
  const auto [st, j] = get("/api/v1/evaluation?top=5");
  ASSERT_EQ(st, 200);
  store::Store s(s_dir->path() / "api.db", /*read_only=*/true);
  const auto e = referential::evaluate(s, referential::Referential::builtin());
  ASSERT_EQ(j["units"].size(), 5U);
  const auto on = e.ranking_node();
  EXPECT_EQ(j["ranked_on"], e.nodes[on]);
  for (const auto& u : j["units"]) {
    const auto rank = u["rank"].get<int>();
    std::size_t i = 0;
    while (i < e.panel.units.size() && e.panel.units[i].id != u["id"]) ++i;
    ASSERT_LT(i, e.panel.units.size());
    EXPECT_EQ(e.rank(i, on), rank);
    EXPECT_DOUBLE_EQ(u[e.nodes[on]].get<double>(), e.score(i, on));
    EXPECT_EQ(u["total"].is_null(), !e.evaluable(i, e.total_node()));
  }
}

// On the whole panel, through the API (the pages read the same snapshot): no score below
// its coverage rule has a value or a rank, and every published score and rank lies inside
// its own 5–95 % interval.
TEST_F(Api, EveryScoreRespectsItsCoverageRuleAndLiesInItsInterval) {
  const auto [st, j] = get("/api/v1/evaluation");
  ASSERT_EQ(st, 200);
  ASSERT_EQ(j["units"].size(), 243U);
  std::size_t scores = 0, not_evaluable = 0;
  for (const auto& u : j["units"]) {
    for (const std::string node : {"total", "territory", "model", "success", "impacts"}) {
      const double cov = u[node + "_coverage"].get<double>();
      const double rule = u[node + "_min_coverage"].get<double>();
      EXPECT_EQ(rule, 0.65);
      if (cov < rule) {
        ++not_evaluable;
        EXPECT_TRUE(u[node].is_null()) << u["id"] << " " << node;
        EXPECT_TRUE(u[node + "_rank"].is_null()) << u["id"] << " " << node;
        EXPECT_EQ(u[node + "_state"], "not_evaluable");
        EXPECT_FALSE(u[node + "_missing"].get<std::string>().empty());
        continue;
      }
      ++scores;
      const double s = u[node].get<double>();
      EXPECT_LE(u[node + "_p05"].get<double>(), s) << u["id"] << " " << node;
      EXPECT_GE(u[node + "_p95"].get<double>(), s) << u["id"] << " " << node;
      const double rank = u[node + "_rank"].get<double>();
      EXPECT_LE(u[node + "_rank_p05"].get<double>(), rank) << u["id"] << " " << node;
      EXPECT_GE(u[node + "_rank_p95"].get<double>(), rank) << u["id"] << " " << node;
    }
  }
  EXPECT_EQ(scores, 243U);  // the territorial context, for every workshop
  EXPECT_EQ(not_evaluable, 243U * 4);
}

// The evaluation workbook (src/report, used by `fabscope evaluate --format xlsx`) is the
// same evaluation: its ranking sheet lists the ranked workshops in the order of ranking()
// with their totals and coverage, then the unranked.
TEST_F(Api, EvaluationWorkbookFollowsTheRanking) {
  store::Store s(s_dir->path() / "api.db", /*read_only=*/true);
  const auto& ref = referential::Referential::builtin();
  const auto e = referential::evaluate(s, ref);
  const auto sheets = report::evaluation_sheets(ref, e, std::nullopt, Lang::fr);
  ASSERT_EQ(sheets.size(), 4U);
  EXPECT_EQ(sheets[0].name, "Classement");
  EXPECT_EQ(sheets[3].name, "Sources");
  const auto& sheet = sheets[0];
  const auto& rows = sheet.rows;
  ASSERT_EQ(rows.size(), e.panel.units.size());
  const auto col = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find(sheet.header.begin(), sheet.header.end(), id) - sheet.header.begin());
  };
  const auto on = e.ranking_node();
  const auto order = e.ranking(on, false);
  ASSERT_FALSE(order.empty());
  for (std::size_t n = 0; n < order.size(); ++n) {
    const auto i = order[n];
    EXPECT_EQ(std::get<std::string>(rows[n][col("id")]), e.panel.units[i].id) << n;
    EXPECT_DOUBLE_EQ(std::get<double>(rows[n][col("rank")]), e.rank(i, on)) << n;
    EXPECT_DOUBLE_EQ(std::get<double>(rows[n][col(e.nodes[on])]), e.score(i, on)) << n;
    EXPECT_DOUBLE_EQ(std::get<double>(rows[n][col("total_coverage")]), e.coverage(i, e.total_node())) << n;
  }
  const auto unranked = rows.size() - order.size();
  for (std::size_t n = order.size(); n < rows.size(); ++n) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(rows[n][0])) << n << " of " << unranked;
  }
  EXPECT_EQ(sheets[2].rows.size(), ref.indicators.size());
}

// Many clients at once (also run under ThreadSanitizer by make check-sanitizers): every
// answer is the one a lone client gets, cached or not.
TEST_F(Api, ConcurrentClientsGetTheSameAnswers) {
  const std::vector<std::string> urls = {"/api/v1/workshops",
                                         "/api/v1/territories/commune/35238",
                                         "/ateliers?dep=29",
                                         "/territoires/dep/22",
                                         "/api/v1/evaluation?top=7",
                                         "/ateliers/fablabs_io:fablablannion",
                                         "/api/v1/territories/search?q=brest"};
  auto variant = [&](std::size_t k, int n) {
    // A query parameter that no route reads makes another cache entry: misses too.
    return urls[k] + (urls[k].find('?') == std::string::npos ? "?" : "&") + "n=" + std::to_string(n);
  };
  std::map<std::string, std::string> expected;
  for (std::size_t k = 0; k < urls.size(); ++k) expected[variant(k, 0)] = page(variant(k, 0)).body;
  std::atomic<int> mismatches{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", s_port);
      c.set_read_timeout(60, 0);
      for (int i = 0; i < 40; ++i) {
        const auto k = static_cast<std::size_t>(t + i) % urls.size();
        const auto url = variant(k, i % 5);
        const auto res = c.Get(url.c_str());
        if (!res || res->status != 200) {
          ++failures;
          continue;
        }
        // The same answer as the lone client's, once the page's own links (which keep the query) are set aside.
        auto body = res->body;
        const auto n = "n=" + std::to_string(i % 5);
        for (auto pos = body.find(n); pos != std::string::npos; pos = body.find(n, pos + 3))
          body.replace(pos, n.size(), "n=0");
        if (body != expected.at(variant(k, 0))) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
}

// Expensive routes are rate limited per address when not cached; cached answers are not.
TEST_F(Api, ExpensiveRoutesAreRateLimitedPerAddress) {
  ServerOptions so;
  so.port = 0;
  so.store_path = s_dir->path() / "api.db";
  so.data_dir = test::data_dir();
  so.expensive_per_minute = 4;  // a burst of 1
  Server limited(so);
  const int port = limited.bind();
  std::thread t([&] { limited.serve(); });
  ASSERT_TRUE(limited.wait_ready(std::chrono::seconds(300)));
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  const auto first = c.Get("/carte.png?level=reg");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  const auto second = c.Get("/carte.png?level=dep");  // another map, not cached: refused
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 429);
  EXPECT_FALSE(second->get_header_value("Retry-After").empty());
  const auto again = c.Get("/carte.png?level=reg");  // cached: served
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, first->body);
  limited.stop();
  t.join();
  // The fixture's server still serves (its snapshot watch outlives the second server's).
  EXPECT_EQ(get("/api/v1/health").second["ready"], true);
  EXPECT_EQ(page("/ateliers").status, 200);
}

}  // namespace
}  // namespace fabscope::server

namespace fabscope {
namespace {

// Answers tied to a workshop feed its référentiel scores: the survey indicators get values
// (yes → 1, three revenue sources → 3, staff from q_staff_fte where the register has none)
// and the coverage rises; the fiche lists the answers, labelled fictitious when they are.
// A store with the territory and the fablabs.io register.
void store_with_register(const std::filesystem::path& path) {
  store::Store st(path);
  auto o = test::import_options();
  pipeline::import_datasets(st, sources::Catalog::builtin(), o);
  workshops::RegisterImportOptions ro;
  ro.data_dir = test::data_dir();
  workshops::import_register(st, sources::Catalog::builtin(), "fablabs_io_fr_2017", ro);
}

// A server on a free port over a store, with the bundled data, until destroyed.
struct LiveServer {
  explicit LiveServer(const std::filesystem::path& store) : srv(options(store)) {
    port = srv.bind();
    thread = std::thread([this] { srv.serve(); });
  }
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;
  ~LiveServer() {
    srv.stop();
    thread.join();
  }
  static server::ServerOptions options(const std::filesystem::path& store) {
    server::ServerOptions so;
    so.port = 0;
    so.store_path = store;
    so.data_dir = test::data_dir();
    return so;
  }
  server::Server srv;
  std::thread thread;
  int port = 0;
};

TEST(AnswersInScores, CoverageRisesAndTheFicheShowsThem) {
  test::TempDir dir;
  store_with_register(dir / "s.db");
  store::Store st(dir / "s.db");
  const auto& ref = referential::Referential::builtin();
  const std::string id = "fablabs_io:fablablannion";
  const auto before = referential::evaluate(st, ref);
  const auto unit = [&](const referential::Evaluation& e) {
    for (std::size_t u = 0; u < e.panel.units.size(); ++u) {
      if (e.panel.units[u].id == id) return u;
    }
    throw std::runtime_error("Lannion not in the panel");
  };
  const auto m = ref.indicators.size();
  const auto col = [&](const std::string& ind) { return *ref.find(ind); };
  const auto u0 = unit(before);
  EXPECT_TRUE(std::isnan(before.panel.values[u0 * m + col("m_fabmanager")]));

  const auto path = test::source_dir() / "data/instruments/questionnaire_gestionnaire.xlsx";
  const auto ins = collect::read_xlsform(path);
  const auto stored =
      collect::save_instrument(st, ins, test::read_file(path), "questionnaire_gestionnaire.xlsx").stored;
  collect::Submission s;
  s.instance_id = "uuid:test-lannion";
  s.workshop_id = id;
  s.data.values = {{"q_fabmanager", "yes"},
                   {"q_revenue_sources", "public_subsidies services training"},
                   {"q_publics_diversity", "4"},
                   {"q_users_per_week", "120"}};
  collect::save_submissions(st, stored, {s}, "demo", true);
  const auto after = referential::evaluate(st, ref);
  const auto u1 = unit(after);
  EXPECT_EQ(after.panel.values[u1 * m + col("m_fabmanager")], 1);
  EXPECT_EQ(after.panel.values[u1 * m + col("m_business_model")], 3);
  EXPECT_EQ(after.panel.values[u1 * m + col("i_div_direct")], 0.75);
  EXPECT_EQ(after.panel.values[u1 * m + col("s_users_week")], 120);
  // The criteria that gained an answer are now covered; the dimensions above them rise.
  for (const char* node : {"m_team", "model", "success"}) {
    const auto k = *after.node(node);
    EXPECT_GT(after.coverage(u1, k), before.coverage(u0, k)) << node;
    EXPECT_EQ(after.known(u1, k), before.known(u0, k) + (std::string(node) == "m_team"  ? 1U
                                                         : std::string(node) == "model" ? 2U
                                                                                        : 1U))
        << node;
  }

  // The fiche: the answers, their questionnaire, fictitious.
  const LiveServer live(dir / "s.db");
  ASSERT_TRUE(live.srv.wait_ready(std::chrono::seconds(300)));
  httplib::Client c("127.0.0.1", live.port);
  c.set_read_timeout(120, 0);
  const auto res = c.Get(("/ateliers/" + id).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find(R"(<section id="answers">)"), std::string::npos);
  EXPECT_NE(res->body.find("Un fabmanager est-il employé ?</th><td>Oui</td>"), std::string::npos);
  EXPECT_NE(res->body.find(R"(<span class="badge fictitious">fictive</span>)"), std::string::npos);
}

// A workshop's economic impacts from its declared figures: on the fiche with the four
// impact areas and the recommendations, and in impacts.json with every input, from which
// the figures are recomputed here (reproducible from their listed inputs); the pages of
// the national synthesis and the opportunity map answer with their tables and downloads.
TEST(WorkshopImpacts, FromListedInputsOnTheFicheAndInJson) {
  test::TempDir dir;
  store_with_register(dir / "s.db");
  const std::string id = "fablabs_io:fablablannion";
  {
    store::Store st(dir / "s.db");
    const auto path = test::source_dir() / "data/instruments/questionnaire_gestionnaire.xlsx";
    const auto ins = collect::read_xlsform(path);
    const auto stored =
        collect::save_instrument(st, ins, test::read_file(path), "questionnaire_gestionnaire.xlsx").stored;
    collect::Submission s;
    s.instance_id = "uuid:test-lannion-impacts";
    s.workshop_id = id;
    s.data.values = {{"q_staff_fte", "2.5"}, {"q_wage_bill", "90000"}, {"q_budget", "200000"}};
    collect::Record a, b, c;
    a.values = {{"q_purchase_sector", "C26"}, {"q_purchase_amount", "10000"}, {"q_purchase_local_share", "30"}};
    b.values = {{"q_purchase_sector", "L68"}, {"q_purchase_amount", "12000"}, {"q_purchase_local_share", "100"}};
    c.values = {{"q_purchase_sector", "other"}, {"q_purchase_amount", "2000"}, {"q_purchase_local_share", "50"}};
    s.data.repeats["achats"] = {a, b, c};
    collect::save_submissions(st, stored, {s}, "import", false);
  }
  auto live = std::make_unique<LiveServer>(dir / "s.db");
  ASSERT_TRUE(live->srv.wait_ready(std::chrono::seconds(300)));
  httplib::Client http("127.0.0.1", live->port);
  http.set_read_timeout(120, 0);

  const auto fiche = http.Get(("/ateliers/" + id).c_str());
  ASSERT_TRUE(fiche);
  EXPECT_EQ(fiche->status, 200);
  for (const char* part : {R"(<section id="impacts">)", R"(id="impact-areas")", R"(id="impact-levels")",
                           R"(id="economic-impacts")", R"(id="impact-purchases")", R"(<section id="recommendations">)",
                           "Emploi et compétences", "régionalisé par FLQ pour 22 Côtes-d&#39;Armor"}) {
    EXPECT_NE(fiche->body.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(fiche->body.find(R"(id="impacts-fictitious")"), std::string::npos);  // real answers here

  const auto res = http.Get(("/ateliers/" + id + "/impacts.json").c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto j = nlohmann::json::parse(res->body);
  EXPECT_EQ(j["output_eur"]["direct"], 200000.0);
  EXPECT_EQ(j["declared"]["local_purchases_eur"], 3000.0 + 12000.0);
  EXPECT_EQ(j["purchases"][2]["status"], "not_in_table");
  EXPECT_EQ(j["model"]["territory"]["code"], "22");
  EXPECT_TRUE(j["jobs_fte"]["indirect"].is_null());  // no employment table: never invented

  // Recomputed from the listed inputs only.
  const auto table = impact::read_io_table(test::data_dir() / "raw/FRA_NIOT_nov16.xlsx");
  const auto& m = j["model"];
  const auto* year = table.year(m["year"].get<int>());
  ASSERT_NE(year, nullptr);
  impact::TerritoryQuotients q;
  q.employment = m["territory"]["employment"];
  q.national_employment = m["territory"]["national_employment"];
  for (const auto& [sector, lq] : m["territory"]["location_quotients"].items()) q.sector_lq[sector] = lq;
  const auto model = impact::regional_model(
      *year, impact::regionalisation(table, impact::builtin_industry_sectors(), q, m["delta"], false),
      {m["labour_share"].get<double>()});
  EXPECT_NEAR(model.lambda, m["lambda"].get<double>(), 1e-15);
  impact::WorkshopFigures f;
  f.staff_fte = j["declared"]["staff_fte"];
  f.wage_bill = j["declared"]["wage_bill_eur"];
  f.revenues = j["declared"]["revenues_eur"];
  for (const auto& p : j["purchases"]) f.purchases.push_back({p["sector"], p["amount_eur"], p["local_share_pct"]});
  const auto again = impact::workshop_impact(table, *year, model, f);
  const auto near = [](double a, const nlohmann::json& b) { EXPECT_NEAR(a, b.get<double>(), 1e-9 * std::abs(a)); };
  near(again.output.indirect, j["output_eur"]["indirect"]);
  near(again.output.induced, j["output_eur"]["induced"]);
  near(again.value_added.indirect, j["value_added_eur"]["indirect"]);
  near(again.value_added.induced, j["value_added_eur"]["induced"]);
  EXPECT_GT(again.output.indirect, 0);
  EXPECT_GT(again.output.induced, again.output.indirect);  // 90,000 € of wages against 15,000 € of local purchases

  // The national synthesis and the opportunity map, with their downloads.
  const auto reco = http.Get("/recommandations");
  ASSERT_TRUE(reco);
  EXPECT_EQ(reco->status, 200);
  EXPECT_NE(reco->body.find(R"(id="synthesis-table")"), std::string::npos);
  EXPECT_NE(reco->body.find("t_white_zones"), std::string::npos);
  const auto csv = http.Get("/recommandations?format=csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->body.rfind("rule,block,audience,recommendation,concerned,checked,share", 0), 0U) << csv->body.substr(0, 200);
  const auto opp = http.Get("/opportunites?archetype=generic_fablab&radius=30&level=epci");
  ASSERT_TRUE(opp);
  EXPECT_EQ(opp->status, 200);
  EXPECT_NE(opp->body.find(R"(id="opportunities-table")"), std::string::npos);
  // This store has no commune boundaries (test::import_options): the page says so, the table stays.
  EXPECT_NE(opp->body.find(R"(id="opp-map-missing")"), std::string::npos);
  EXPECT_EQ(http.Get("/opportunites?archetype=nope")->status, 400);
  EXPECT_EQ(http.Get("/opportunites?radius=9999")->status, 400);
  const auto territory = http.Get("/territoires/dep/22");
  ASSERT_TRUE(territory);
  EXPECT_NE(territory->body.find(R"(<section id="recommendations">)"), std::string::npos);
  // Its workshops' impacts, summed: Lannion's alone here (200,000 € of direct output).
  EXPECT_NE(territory->body.find(R"(id="workshops-impacts-table")"), std::string::npos);
  EXPECT_NE(territory->body.find("Ensemble (1 atelier)</th><td></td><td class=\"num\">2,5</td><td class=\"num\">200\u202f000</td>"),
            std::string::npos);
  const auto impacts = http.Get("/impacts");
  ASSERT_TRUE(impacts);
  EXPECT_NE(impacts->body.find(R"(id="workshops-impacts-table")"), std::string::npos);
  live.reset();

  // No recommendation is shown without evidence: every rule that fires lists the facts it read.
  store::Store st(dir / "s.db", true);
  const auto snap = app::snapshot(dir / "s.db");
  const auto sources = app::fact_sources(st, &table);
  std::size_t fired = 0;
  for (std::size_t u = 0; u < snap->evaluation.panel.units.size(); ++u) {
    for (const auto& f2 : recommend::apply_all(recommend::builtin_rules(), recommend::Audience::workshop,
                                               app::workshop_facts(*snap, u, sources))) {
      if (f2.outcome != recommend::Outcome::fires) continue;
      ++fired;
      EXPECT_EQ(f2.evidence.size(), std::set<std::string>(f2.rule->condition.names().begin(),
                                                          f2.rule->condition.names().end()).size())
          << f2.rule->id;
      EXPECT_TRUE(f2.missing.empty());
    }
  }
  EXPECT_GT(fired, 100U);  // w_networks alone fires on most of the register
}

// The demonstration: the same seed gives the same answers; every answer is fictitious,
// passes its form's checks and belongs to a placed workshop; the manager's questionnaire
// carries the real workshop's name; a second run adds nothing.
TEST(Demo, SeededFictitiousAndValid) {
  test::TempDir a, b;
  store_with_register(a / "s.db");
  store_with_register(b / "s.db");
  app::DemoOptions options;
  options.instruments = test::source_dir() / "data/instruments";
  options.workshops = 25;
  store::Store sa(a / "s.db"), sb(b / "s.db");
  const auto ra = app::make_demo(sa, options);
  const auto rb = app::make_demo(sb, options);
  EXPECT_EQ(ra.invited, 25U);
  EXPECT_EQ(ra.managers, rb.managers);
  EXPECT_EQ(ra.users, rb.users);
  EXPECT_GT(ra.managers, 10U);  // about 70 % of 25
  EXPECT_LT(ra.managers, 25U);
  EXPECT_EQ(ra.documents, ra.managers);
  EXPECT_GE(ra.users, 3 * ra.managers);
  EXPECT_TRUE(app::make_demo(sa, options).already);

  const auto dump = [](store::Store& st) {
    SQLite::Statement q(
        st.db(), "SELECT instance_id, workshop_id, data, fictitious, origin FROM submission ORDER BY instance_id");
    std::vector<std::string> out;
    while (q.executeStep()) {
      EXPECT_EQ(q.getColumn(3).getInt(), 1) << q.getColumn(0).getString();
      EXPECT_EQ(q.getColumn(4).getString(), "demo");
      out.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " " + q.getColumn(2).getString());
    }
    return out;
  };
  const auto da = dump(sa);
  EXPECT_EQ(da, dump(sb));  // the same seed, the same answers
  EXPECT_EQ(da.size(), ra.managers + ra.users + ra.documents);

  // Every answer passes its form's checks; the manager answers name their workshop.
  for (const auto* form : {"fabscope_gestionnaire", "fabscope_usager", "fabscope_documents"}) {
    const auto loaded = collect::load_instrument(sa, form);
    ASSERT_TRUE(loaded) << form;
    const collect::AnswerChecker checker(loaded->second, "2026-12-07");
    for (auto s : collect::load_submissions(sa, form)) {
      for (const auto& p : checker.check(s.submission.data)) {
        EXPECT_FALSE(p.error) << form << " " << s.submission.instance_id << ": " << p.path << " " << p.message;
      }
      const auto w = workshops::load_merged(sa, s.submission.workshop_id);
      ASSERT_TRUE(w) << s.submission.workshop_id;
      if (std::string(form) == "fabscope_gestionnaire") {
        EXPECT_EQ(s.submission.data.value("q_name"), w->workshop.name);
      }
    }
  }
  // Their scores are marked fictitious.
  const auto e = referential::evaluate(sa, referential::Referential::builtin());
  std::size_t marked = 0;
  for (const auto& u : e.panel.units) marked += u.fictitious ? 1 : 0;
  EXPECT_EQ(marked, ra.managers);
}

}  // namespace
}  // namespace fabscope
