#include "store/store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::store {

const std::vector<std::pair<std::string_view, std::string_view>>& migration_files();

namespace {

// Before SQLite starts: no global memory statistics. They take one process-wide mutex on
// every allocation, which connections on different threads (the store's writer and a
// Stage) would otherwise fight over.
[[maybe_unused]] const int kSqliteConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

}  // namespace

void bind_real(SQLite::Statement& st, int index, double v) {
  if (std::isnan(v)) {
    st.bind(index);  // NULL
  } else {
    st.bind(index, v);
  }
}

double get_real(const SQLite::Column& c) { return c.isNull() ? text::kMissing : c.getDouble(); }

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

Savepoint::Savepoint(SQLite::Database& db, std::string name) : m_db(db), m_name(std::move(name)) {
  m_db.exec("SAVEPOINT " + m_name);
}

Savepoint::~Savepoint() {
  if (m_done) return;
  try {
    m_db.exec("ROLLBACK TO " + m_name);
    m_db.exec("RELEASE " + m_name);
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing more can be done in a destructor
  }
}

void Savepoint::release() {
  m_db.exec("RELEASE " + m_name);
  m_done = true;
}

std::string now_iso8601() {
  if (const char* d = std::getenv("FABSCOPE_DETERMINISTIC"); d != nullptr && std::string(d) == "1") {
    return "2000-01-01T00:00:00Z";
  }
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The error of a SQLite failure on the store, in words a user can act on (exit code 8).
Error store_error(const std::filesystem::path& path, const SQLite::Exception& e) {
  const std::string file = path.string();
  switch (e.getErrorCode()) {
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return localized_error(ExitCode::store, "error.store.unwritable", file, e.what());
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return localized_error(ExitCode::store, "error.store.locked", file, kBusyTimeoutMs / 1000);
    case SQLITE_FULL:
      return localized_error(ExitCode::store, "error.store.full", file);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return localized_error(ExitCode::store, "error.store.damaged", file, e.what());
    case SQLITE_IOERR:
      return localized_error(ExitCode::store, "error.store.io", file, e.what());
    default:
      return {ExitCode::failure, fmt::format("store {}: {}", file, e.what())};
  }
}

Store::Store(const std::filesystem::path& path, bool read_only) : m_path(path) {
  try {
    if (!read_only && path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    // An existing store that cannot be written (read-only file, directory or mount) is
    // still readable: opened read-only and immutable (SQLite then needs no -wal or -shm
    // file, which it could not create); a command that writes then fails clearly.
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const bool exists = std::filesystem::exists(path);
    const bool writable = !exists || (::access(path.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0);
    if (exists && !writable) read_only = true;
    const bool immutable = read_only && exists && !writable;
    const std::string name = immutable ? "file:" + path.string() + "?immutable=1" : path.string();
    m_db = std::make_unique<SQLite::Database>(
        name,  // One connection per thread: SQLite's own mutexes are not needed.
        (read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)) | SQLite::OPEN_NOMUTEX |
            (immutable ? SQLITE_OPEN_URI : 0));
    m_db->setBusyTimeout(kBusyTimeoutMs);
    // A file that is not a SQLite database fails here, on its first read.
    (void)m_db->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (!read_only) {
      // 64 KiB pages for a new store (a no-op on an existing one): a whole import writes
      // about 30 MB in one transaction, and large pages halve the B-tree work and keep the
      // WAL under the auto-checkpoint threshold (bench/territory_vs_pandas.sh: 1.3 -> 1.1 s).
      m_db->exec("PRAGMA page_size=65536");
      m_db->exec("PRAGMA journal_mode=WAL");
      // FULL: the WAL is synced at every commit, so an acknowledged write (an answer, an
      // import) survives a power cut, not only a crash of the process. Imports are one
      // transaction each: one sync more per import.
      m_db->exec("PRAGMA synchronous=FULL");
      // A whole import fits in the page cache: no spilling to the WAL mid-transaction.
      m_db->exec("PRAGMA cache_size=-262144");
      m_db->exec("PRAGMA temp_store=MEMORY");
      // After a failed import (disk full), the WAL is cut back to this size.
      m_db->exec("PRAGMA journal_size_limit=67108864");
    }
    m_db->exec("PRAGMA foreign_keys=ON");
    if (!read_only) {
      migrate();
    } else if (const int v = schema_version(); v > static_cast<int>(migration_files().size())) {
      throw newer_schema(v);
    }
  } catch (const SQLite::Exception& e) {
    throw store_error(path, e);
  }
}

Error Store::newer_schema(int version) const {
  return localized_error(ExitCode::store, "error.store.newer_schema", m_path.string(), version,
                         migration_files().size());
}

int Store::schema_version() { return m_db->execAndGet("PRAGMA user_version").getInt(); }

void Store::migrate() {
  const int current = schema_version();
  const auto& files = migration_files();
  if (current > static_cast<int>(files.size())) throw newer_schema(current);
  int expected = 0;
  for (const auto& [name, sql] : files) {
    const int number = std::stoi(std::string(name.substr(0, 4)));
    if (number != ++expected) throw Error(ExitCode::failure, fmt::format("migration {} is out of sequence", name));
    if (number <= current) continue;
    SQLite::Transaction tx(*m_db);
    m_db->exec(std::string(sql));
    m_db->exec(fmt::format("PRAGMA user_version = {}", number));
    tx.commit();
  }
  if (current > expected) throw newer_schema(current);
}

std::optional<ImportRecord> Store::import_record(const std::string& dataset_id) {
  for (auto& r : import_records()) {
    if (r.dataset_id == dataset_id) return r;
  }
  return std::nullopt;
}

std::vector<ImportRecord> Store::import_records() {
  std::vector<ImportRecord> out;
  SQLite::Statement st(*m_db,
                       "SELECT dataset_id, vintage, cog_year, file_name, sha256, rows, tables, imported_at "
                       "FROM dataset_import ORDER BY dataset_id");
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getInt(),
                   st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getInt64(),
                   st.getColumn(6).getString(), st.getColumn(7).getString()});
  }
  return out;
}

void Store::replace_dataset(ImportRecord record, std::string_view schema,
                            const std::function<void(SQLite::Database&)>& write) {
  Savepoint tx(*m_db, "replace_dataset");
  if (!schema.empty()) m_db->exec(std::string(schema));
  for (const auto& t : split_words(record.tables)) m_db->exec("DELETE FROM " + t);
  write(*m_db);
  record.imported_at = now_iso8601();
  record_import(record);
  tx.release();
}

void Store::record_import(const ImportRecord& record) {
  SQLite::Statement st(*m_db, "INSERT OR REPLACE INTO dataset_import VALUES (?,?,?,?,?,?,?,?)");
  st.bind(1, record.dataset_id);
  st.bind(2, record.vintage);
  st.bind(3, record.cog_year);
  st.bind(4, record.file_name);
  st.bind(5, record.sha256);
  st.bind(6, static_cast<int64_t>(record.rows));
  st.bind(7, record.tables);
  st.bind(8, record.imported_at.empty() ? now_iso8601() : record.imported_at);
  st.exec();
}

bool Store::has_table(const std::string& table) {
  SQLite::Statement st(*m_db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  st.bind(1, table);
  return st.executeStep();
}

std::vector<std::string> Store::schema_of(const std::vector<std::string>& tables) {
  std::vector<std::string> out;
  SQLite::Statement st(*m_db,
                       "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                       "ORDER BY type = 'index', name");
  for (const auto& t : tables) {
    st.bind(1, t);
    bool found = false;
    while (st.executeStep()) {
      found = found || st.getColumn(0).getString() == "table";
      out.push_back(st.getColumn(1).getString());
    }
    st.reset();
    if (!found) throw Error(ExitCode::failure, fmt::format("store {}: no table {}", m_path.string(), t));
  }
  return out;
}

}  // namespace fabscope::store
