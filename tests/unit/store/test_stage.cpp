// Staged tables (store/stage.hpp): rows written in a private database on another thread
// and copied into the store inside its transaction — the same rows as a direct write, all
// or nothing with the transaction.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "core/error.hpp"
#include "store/stage.hpp"
#include "support/test_support.hpp"

namespace fabscope::store {
namespace {

std::string zones(Store& s) {
  std::string out;
  SQLite::Statement st(s.db(), "SELECT level, code, name, quote(communes) FROM insee_zone ORDER BY level, code");
  while (st.executeStep()) {
    out += st.getColumn(0).getString() + "|" + st.getColumn(1).getString() + "|" + st.getColumn(2).getString() + "|" +
           st.getColumn(3).getString() + "\n";
  }
  return out;
}

void fill(SQLite::Database& db, int rows) {
  SQLite::Statement st(db, "INSERT INTO insee_zone VALUES (?, ?, ?, ?)");
  for (int i = 0; i < rows; ++i) {
    st.bind(1, i % 2 == 0 ? "EPCI" : "ZE2020");
    st.bind(2, fmt::format("{:05d}", i));
    st.bind(3, fmt::format("Zone {} — é", i));
    if (i % 7 == 0) {
      st.bind(4);  // NULL stays NULL
    } else {
      st.bind(4, i * 1.25);
    }
    st.exec();
    st.reset();
  }
}

TEST(Stage, CopiesTheSameRowsAsADirectWriteAndReplacesTheOldOnes) {
  test::TempDir dir;
  Store direct(dir.path() / "direct.db");
  fill(direct.db(), 500);
  Store staged(dir.path() / "staged.db");
  fill(staged.db(), 3);  // old rows, to be replaced
  {
    StageSlot slot(staged, "stage_test");
    Stage stage(staged.schema_of({"insee_zone"}));
    std::thread worker([&] { fill(stage.db(), 500); });  // filled on another thread
    worker.join();
    SQLite::Transaction tx(staged.db());
    slot.replace_tables(std::move(stage), {"insee_zone"});
    tx.commit();
  }
  EXPECT_EQ(zones(staged), zones(direct));
  EXPECT_EQ(staged.db().execAndGet("SELECT count(*) FROM insee_zone").getInt(), 500);
  EXPECT_EQ(staged.db().execAndGet("SELECT count(*) FROM insee_zone WHERE communes IS NULL").getInt(), 72);
  // The slot is detached once it goes out of scope.
  EXPECT_EQ(staged.db().execAndGet("SELECT count(*) FROM pragma_database_list WHERE name = 'stage_test'").getInt(), 0);
}

TEST(Stage, ARolledBackTransactionKeepsTheOldRows) {
  test::TempDir dir;
  Store s(dir.path() / "s.db");
  fill(s.db(), 3);
  const auto before = zones(s);
  {
    StageSlot slot(s, "stage_test");
    Stage stage(s.schema_of({"insee_zone"}));
    fill(stage.db(), 50);
    SQLite::Transaction tx(s.db());
    slot.replace_tables(std::move(stage), {"insee_zone"});
    EXPECT_EQ(s.db().execAndGet("SELECT count(*) FROM insee_zone").getInt(), 50);
  }  // no commit: rolled back
  EXPECT_EQ(zones(s), before);
}

TEST(Stage, SchemaOfAnUnknownTableIsAnError) {
  test::TempDir dir;
  Store s(dir.path() / "s.db");
  EXPECT_THROW((void)s.schema_of({"no_such_table"}), Error);
  EXPECT_FALSE(s.schema_of({"territory", "territory_commune"}).empty());
}

}  // namespace
}  // namespace fabscope::store
