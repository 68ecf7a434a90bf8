#include "store/stage.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include "core/error.hpp"

namespace fabscope::store {

Stage::Stage(const std::vector<std::string>& schema)
    : m_db(std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX)) {
  m_db->exec("PRAGMA page_size=65536");
  for (const auto& sql : schema) m_db->exec(sql);
  m_tx = std::make_unique<SQLite::Transaction>(*m_db);
}

Stage::~Stage() = default;
Stage::Stage(Stage&&) noexcept = default;
Stage& Stage::operator=(Stage&&) noexcept = default;

StageSlot::StageSlot(Store& store, std::string schema) : m_store(store), m_schema(std::move(schema)) {
  m_store.db().exec(fmt::format("ATTACH ':memory:' AS {}", m_schema));
}

StageSlot::~StageSlot() {
  try {
    m_store.db().exec(fmt::format("DETACH {}", m_schema));
  } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is closing anyway
  }
}

void StageSlot::replace_tables(Stage&& stage, const std::vector<std::string>& tables) {
  Stage s = std::move(stage);
  s.m_tx->commit();
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(s.m_db->getHandle(), "main", &size, 0);
  if (bytes == nullptr) throw Error(ExitCode::failure, "staged tables: out of memory");
  // The attached database takes the copy (and frees it when detached).
  const int rc = sqlite3_deserialize(m_store.db().getHandle(), m_schema.c_str(), bytes, size, size,
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) {
    throw Error(ExitCode::failure, fmt::format("staged tables: cannot attach ({})", sqlite3_errstr(rc)));
  }
  for (const auto& t : tables) {
    m_store.db().exec(fmt::format("DELETE FROM main.{}", t));
    m_store.db().exec(fmt::format("INSERT INTO main.{0} SELECT * FROM {1}.{0}", t, m_schema));
  }
}

}  // namespace fabscope::store
