// The store: one SQLite file (WAL), versioned migrations (src/store/migrations),
// transactions and savepoints, the provenance of every imported dataset, and helpers to
// bind and read rows. It knows no dataset: each dataset (src/sources, src/workshops) owns
// its tables and writes them through replace_dataset().
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace fabscope::store {

struct ImportRecord {
  std::string dataset_id;
  std::string vintage;
  int cog_year = 0;
  std::string file_name;
  std::string sha256;
  std::int64_t rows = 0;
  std::string tables;
  std::string imported_at;
};

// How long a connection waits for another process's lock before failing (SQLITE_BUSY).
inline constexpr int kBusyTimeoutMs = 10000;

// The error (exit code 8 for what a user can act on) of a SQLite failure on the store at
// `path`: read-only, locked, disk full, not a database or damaged; names the file.
Error store_error(const std::filesystem::path& path, const SQLite::Exception& e);

class Store {
 public:
  // Opens (creating if needed) and migrates. Throws Error naming the file. An existing
  // store whose file or directory is not writable is opened read-only (immutable).
  explicit Store(const std::filesystem::path& path, bool read_only = false);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  [[nodiscard]] int schema_version();
  [[nodiscard]] SQLite::Database& db() { return *m_db; }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

  [[nodiscard]] std::optional<ImportRecord> import_record(const std::string& dataset_id);
  [[nodiscard]] std::vector<ImportRecord> import_records();

  // Replaces everything the dataset had in the store with what `src` holds for it, and
  // its provenance row, atomically (a savepoint: all or nothing, also inside a larger
  // transaction).
  // `record.tables` are emptied, then `write` fills them; `schema` (CREATE TABLE IF NOT
  // EXISTS statements, may be empty) first creates the tables of a dataset whose tables
  // are not in the migrations. `record.imported_at` is set here.
  void replace_dataset(ImportRecord record, std::string_view schema,
                       const std::function<void(SQLite::Database&)>& write);

  // The CREATE statements of these tables and of their indexes, as the store has them.
  [[nodiscard]] std::vector<std::string> schema_of(const std::vector<std::string>& tables);

  // Records the provenance of an import (replacing the dataset's previous record).
  void record_import(const ImportRecord& record);

  // Whether the store has this table (a dataset added after the store was imported may not).
  [[nodiscard]] bool has_table(const std::string& table);

 private:
  void migrate();
  [[nodiscard]] Error newer_schema(int version) const;
  std::filesystem::path m_path;
  std::unique_ptr<SQLite::Database> m_db;
};

// The write transaction of an import: IMMEDIATE, so the write lock is taken (waiting for
// another writer up to the busy timeout) before anything is read; rolled back unless
// committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Store& store) : m_tx(store.db(), SQLite::TransactionBehavior::IMMEDIATE) {}
  void commit() { m_tx.commit(); }

 private:
  SQLite::Transaction m_tx;
};

// RAII savepoint: rolled back unless release() is called. Nestable, unlike BEGIN.
class Savepoint {
 public:
  Savepoint(SQLite::Database& db, std::string name);
  Savepoint(Store& store, std::string name) : Savepoint(store.db(), std::move(name)) {}
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();

 private:
  SQLite::Database& m_db;
  std::string m_name;
  bool m_done = false;
};

// Row helpers shared by the repositories: NaN is stored as NULL and read back as NaN
// (a missing value, never 0).
void bind_real(SQLite::Statement& st, int index, double v);
[[nodiscard]] double get_real(const SQLite::Column& c);
// Lists stored as one space-separated text column.
[[nodiscard]] std::string join_words(const std::vector<std::string>& words);
[[nodiscard]] std::vector<std::string> split_words(const std::string& text);

// Current UTC time, ISO 8601 (FABSCOPE_DETERMINISTIC=1 gives a fixed time for golden files).
std::string now_iso8601();

}  // namespace fabscope::store
