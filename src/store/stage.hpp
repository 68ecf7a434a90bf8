// Staged tables: a private in-memory database holding some of the store's tables, filled
// on a worker thread, then copied into the store by its one writer.
//
// Writing rows to SQLite is mostly encoding them (binding values, building records); the
// copy `INSERT INTO main.t SELECT * FROM stage.t` between tables of the same shape skips
// that (SQLite's transfer optimisation copies the records as they are). So the costly
// part runs in parallel with the writer's other work, and the writer's share is a copy.
//
// Use: before the store's transaction, `StageSlot slot(store, "stage_x")` (SQLite attaches
// databases only outside transactions); on the worker, `Stage stage(store_schema)`, fill
// `stage.db()`; then in the transaction, `slot.replace_tables(stage, tables)`. The slot
// detaches when it goes out of scope (after the transaction ended).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace fabscope::store {

class Stage {
 public:
  // `schema`: CREATE statements of the tables (Store::schema_of, so that they have
  // exactly the store's shape). The stage is filled inside one transaction.
  explicit Stage(const std::vector<std::string>& schema);
  ~Stage();
  Stage(Stage&&) noexcept;
  Stage& operator=(Stage&&) noexcept;
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

  [[nodiscard]] SQLite::Database& db() { return *m_db; }

 private:
  friend class StageSlot;
  std::unique_ptr<SQLite::Database> m_db;
  std::unique_ptr<SQLite::Transaction> m_tx;
};

class StageSlot {
 public:
  // Attaches an empty database named `schema` to the store; outside a transaction.
  StageSlot(Store& store, std::string schema);
  ~StageSlot();  // detaches (errors ignored: the store is being closed or rolled back)
  StageSlot(const StageSlot&) = delete;
  StageSlot& operator=(const StageSlot&) = delete;

  // Replaces the rows of each table of the store by the stage's rows. Inside the caller's
  // transaction; the stage is consumed (its pages are handed to the slot).
  void replace_tables(Stage&& stage, const std::vector<std::string>& tables);

 private:
  Store& m_store;
  std::string m_schema;
};

}  // namespace fabscope::store
