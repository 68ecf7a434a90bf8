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

void bind_real(SQLite::Statement& st, int index, double v) {
  if (std::isnan(v)) {
    st.bind(index);  // NULL
  } else {
    st.bind(index, v);
  }
}

double get_real(const SQLite::Column& c) { return c.isNull() ? text::kMissing : c.getDouble(); }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// Tables each dataset fills (deleted and refilled on import).
std::vector<std::string> tables_of(const std::string& id) {
  if (id == "cog_etalab_2026") return {"cog_commune", "cog_epci", "cog_epci_member", "cog_departement", "cog_region"};
  if (id == "insee_grille_densite_2024") return {"insee_density"};
  if (id == "insee_appartenance_2022") return {"insee_geo", "insee_zone"};
  if (id == "insee_comparateur_2022") return {"insee_comparateur"};
  if (id == "laposte_hexasmal") return {"laposte_postcode"};
  throw Error(ExitCode::failure, "no store tables for dataset " + id);
}

void write_cog(SQLite::Database& db, const sources::CogData& cog) {
  SQLite::Statement c(db, "INSERT INTO cog_commune VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : cog.communes) {
    int i = 1;
    for (const auto* s : {&x.code, &x.type, &x.name, &x.zone, &x.departement, &x.region, &x.arrondissement, &x.parent,
                          &x.siren, &x.postcodes}) {
      c.bindNoCopy(i++, *s);
    }
    c.bind(i++, join(x.old_codes));
    bind_real(c, i, x.population);
    c.exec();
    c.reset();
  }
  SQLite::Statement e(db, "INSERT INTO cog_epci VALUES (?,?,?,?,?,?)");
  SQLite::Statement m(db, "INSERT INTO cog_epci_member VALUES (?,?)");
  for (const auto& x : cog.epcis) {
    e.bindNoCopy(1, x.siren);
    e.bindNoCopy(2, x.name);
    e.bindNoCopy(3, x.type);
    e.bindNoCopy(4, x.financing);
    bind_real(e, 5, x.population_total);
    bind_real(e, 6, x.population_municipal);
    e.exec();
    e.reset();
    for (const auto& code : x.members) {
      m.bindNoCopy(1, x.siren);
      m.bind(2, code);
      m.exec();
      m.reset();
    }
  }
  SQLite::Statement d(db, "INSERT INTO cog_departement VALUES (?,?,?,?,?)");
  for (const auto& x : cog.departements) {
    d.bindNoCopy(1, x.code);
    d.bindNoCopy(2, x.name);
    d.bindNoCopy(3, x.region);
    d.bindNoCopy(4, x.chef_lieu);
    d.bindNoCopy(5, x.zone);
    d.exec();
    d.reset();
  }
  SQLite::Statement r(db, "INSERT INTO cog_region VALUES (?,?,?,?)");
  for (const auto& x : cog.regions) {
    r.bindNoCopy(1, x.code);
    r.bindNoCopy(2, x.name);
    r.bindNoCopy(3, x.chef_lieu);
    r.bindNoCopy(4, x.zone);
    r.exec();
    r.reset();
  }
}

void write_density(SQLite::Database& db, const std::vector<sources::DensityRow>& rows) {
  SQLite::Statement st(db, "INSERT INTO insee_density VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : rows) {
    st.bindNoCopy(1, x.code);
    st.bindNoCopy(2, x.name);
    st.bind(3, x.dens);
    st.bindNoCopy(4, x.label);
    bind_real(st, 5, x.pmun21);
    for (int k = 0; k < 7; ++k) bind_real(st, 6 + k, x.share[static_cast<std::size_t>(k)]);
    st.exec();
    st.reset();
  }
}

void write_geo(SQLite::Database& db, const sources::GeoData& geo) {
  SQLite::Statement st(db, "INSERT INTO insee_geo VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : geo.communes) {
    st.bindNoCopy(1, x.values[0]);
    st.bind(2, x.arm ? 1 : 0);
    for (std::size_t k = 1; k < x.values.size(); ++k) st.bindNoCopy(static_cast<int>(k) + 2, x.values[k]);
    st.bindNoCopy(19, x.parent);
    st.exec();
    st.reset();
  }
  SQLite::Statement z(db, "INSERT INTO insee_zone VALUES (?,?,?,?)");
  for (const auto& x : geo.zones) {
    z.bindNoCopy(1, x.level);
    z.bindNoCopy(2, x.code);
    z.bindNoCopy(3, x.name);
    bind_real(z, 4, x.communes);
    z.exec();
    z.reset();
  }
}

void write_comparateur(SQLite::Database& db, const std::vector<sources::ComparateurRow>& rows) {
  std::string sql = "INSERT INTO insee_comparateur VALUES (?";
  for (std::size_t k = 0; k < sources::kComparateurColumns.size(); ++k) sql += ",?";
  sql += ")";
  SQLite::Statement st(db, sql);
  for (const auto& x : rows) {
    st.bindNoCopy(1, x.code);
    for (std::size_t k = 0; k < x.values.size(); ++k) bind_real(st, static_cast<int>(k) + 2, x.values[k]);
    st.exec();
    st.reset();
  }
}

void write_postal(SQLite::Database& db, const std::vector<sources::PostalRow>& rows) {
  SQLite::Statement st(db, "INSERT INTO laposte_postcode VALUES (?,?,?,?,?,?,?)");
  for (const auto& x : rows) {
    st.bindNoCopy(1, x.insee);
    st.bindNoCopy(2, x.name);
    st.bindNoCopy(3, x.postcode);
    st.bind(4, x.line5);
    st.bindNoCopy(5, x.delivery_label);
    bind_real(st, 6, x.latitude);
    bind_real(st, 7, x.longitude);
    st.exec();
    st.reset();
  }
}

}  // namespace

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
      return {ExitCode::store,
              fmt::format("store {}: cannot be written or opened ({}); check the permissions of the file and of its "
                          "directory, or give another --store",
                          file, e.what()),
              fmt::format("base {} : impossible de l'ouvrir ou d'y écrire ({}) ; vérifiez les droits du fichier et de "
                          "son répertoire, ou donnez une autre --store",
                          file, e.what())};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ExitCode::store,
              fmt::format("store {}: locked by another process (an import?) for more than {} s; nothing was changed, "
                          "try again when it has finished",
                          file, kBusyTimeoutMs / 1000),
              fmt::format("base {} : verrouillée par un autre processus (un import ?) depuis plus de {} s ; rien n'a "
                          "été modifié, réessayez quand il aura fini",
                          file, kBusyTimeoutMs / 1000)};
    case SQLITE_FULL:
      return {ExitCode::store,
              fmt::format("store {}: disk full; the import was rolled back and the store is unchanged", file),
              fmt::format("base {} : disque plein ; l'import a été annulé, la base est inchangée", file)};
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return {ExitCode::store,
              fmt::format("store {}: not a fabscope store or damaged ({}); rebuild it with `fabscope run --force` "
                          "into a new file",
                          file, e.what()),
              fmt::format("base {} : pas une base fabscope, ou endommagée ({}) ; reconstruisez-la avec `fabscope run "
                          "--force` dans un nouveau fichier",
                          file, e.what())};
    case SQLITE_IOERR:
      return {ExitCode::store, fmt::format("store {}: input/output error ({})", file, e.what()),
              fmt::format("base {} : erreur d'entrée-sortie ({})", file, e.what())};
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
      m_db->exec("PRAGMA synchronous=NORMAL");
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
  const auto expected = migration_files().size();
  return {ExitCode::store,
          fmt::format("store {} has schema version {}, newer than this program ({}): use a newer fabscope, or "
                      "another --store",
                      m_path.string(), version, expected),
          fmt::format("la base {} a le schéma version {}, plus récent que ce programme ({}) : utilisez un fabscope "
                      "plus récent, ou une autre --store",
                      m_path.string(), version, expected)};
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

void Store::replace_dataset(const sources::DatasetInfo& dataset, const std::string& file_name,
                            const std::string& sha256, std::int64_t rows, const sources::TerritorySources& src) {
  const auto tables = tables_of(dataset.id);
  Savepoint tx(*m_db, "replace_dataset");
  for (const auto& t : tables) m_db->exec("DELETE FROM " + t);
  if (dataset.id == "cog_etalab_2026") write_cog(*m_db, src.cog);
  if (dataset.id == "insee_grille_densite_2024") write_density(*m_db, src.density);
  if (dataset.id == "insee_appartenance_2022") write_geo(*m_db, src.geo);
  if (dataset.id == "insee_comparateur_2022") write_comparateur(*m_db, src.comparateur);
  if (dataset.id == "laposte_hexasmal") write_postal(*m_db, src.postal);
  SQLite::Statement st(*m_db, "INSERT OR REPLACE INTO dataset_import VALUES (?,?,?,?,?,?,?,?)");
  st.bind(1, dataset.id);
  st.bind(2, dataset.vintage);
  st.bind(3, dataset.cog_year);
  st.bind(4, file_name);
  st.bind(5, sha256);
  st.bind(6, static_cast<int64_t>(rows));
  st.bind(7, join(tables));
  st.bind(8, now_iso8601());
  st.exec();
  tx.release();
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

std::vector<sources::CogCommune> Store::load_cog_communes() {
  std::vector<sources::CogCommune> out;
  SQLite::Statement st(*m_db,
                       "SELECT code, type, name, zone, departement, region, arrondissement, parent, "
                       "siren, postcodes, old_codes, population FROM cog_commune");
  while (st.executeStep()) {
    sources::CogCommune c;
    c.code = st.getColumn(0).getString();
    c.type = st.getColumn(1).getString();
    c.name = st.getColumn(2).getString();
    c.zone = st.getColumn(3).getString();
    c.departement = st.getColumn(4).getString();
    c.region = st.getColumn(5).getString();
    c.arrondissement = st.getColumn(6).getString();
    c.parent = st.getColumn(7).getString();
    c.siren = st.getColumn(8).getString();
    c.postcodes = st.getColumn(9).getString();
    c.old_codes = split(st.getColumn(10).getString());
    c.population = get_real(st.getColumn(11));
    out.push_back(std::move(c));
  }
  return out;
}

sources::TerritorySources Store::load_sources() {
  sources::TerritorySources src;
  src.cog.communes = load_cog_communes();
  {
    SQLite::Statement st(*m_db,
                         "SELECT siren, name, type, financing, population_total, population_municipal "
                         "FROM cog_epci");
    SQLite::Statement m(*m_db, "SELECT epci_siren, commune_code FROM cog_epci_member");
    std::map<std::string, std::vector<std::string>> members;
    while (m.executeStep()) members[m.getColumn(0).getString()].push_back(m.getColumn(1).getString());
    while (st.executeStep()) {
      sources::CogEpci e;
      e.siren = st.getColumn(0).getString();
      e.name = st.getColumn(1).getString();
      e.type = st.getColumn(2).getString();
      e.financing = st.getColumn(3).getString();
      e.population_total = get_real(st.getColumn(4));
      e.population_municipal = get_real(st.getColumn(5));
      e.members = std::move(members[e.siren]);
      src.cog.epcis.push_back(std::move(e));
    }
  }
  {
    SQLite::Statement st(*m_db, "SELECT code, name, region, chef_lieu, zone FROM cog_departement");
    while (st.executeStep()) {
      src.cog.departements.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(),
                                      st.getColumn(2).getString(), st.getColumn(3).getString(),
                                      st.getColumn(4).getString()});
    }
    SQLite::Statement r(*m_db, "SELECT code, name, chef_lieu, zone FROM cog_region");
    while (r.executeStep()) {
      src.cog.regions.push_back({r.getColumn(0).getString(), r.getColumn(1).getString(), "", r.getColumn(2).getString(),
                                 r.getColumn(3).getString()});
    }
  }
  {
    SQLite::Statement st(*m_db, "SELECT * FROM insee_density");
    while (st.executeStep()) {
      sources::DensityRow d;
      d.code = st.getColumn(0).getString();
      d.name = st.getColumn(1).getString();
      d.dens = st.getColumn(2).getInt();
      d.label = st.getColumn(3).getString();
      d.pmun21 = get_real(st.getColumn(4));
      for (int k = 0; k < 7; ++k) d.share[static_cast<std::size_t>(k)] = get_real(st.getColumn(5 + k));
      src.density.push_back(std::move(d));
    }
  }
  {
    SQLite::Statement st(*m_db, "SELECT * FROM insee_geo");
    while (st.executeStep()) {
      sources::GeoRow g;
      g.values[0] = st.getColumn(0).getString();
      g.arm = st.getColumn(1).getInt() != 0;
      for (std::size_t k = 1; k < g.values.size(); ++k) g.values[k] = st.getColumn(static_cast<int>(k) + 1).getString();
      g.parent = st.getColumn(18).getString();
      src.geo.communes.push_back(std::move(g));
    }
    SQLite::Statement z(*m_db, "SELECT level, code, name, communes FROM insee_zone");
    while (z.executeStep()) {
      src.geo.zones.push_back({z.getColumn(0).getString(), z.getColumn(1).getString(), z.getColumn(2).getString(),
                               get_real(z.getColumn(3))});
    }
  }
  {
    SQLite::Statement st(*m_db, "SELECT * FROM insee_comparateur");
    while (st.executeStep()) {
      sources::ComparateurRow r;
      r.code = st.getColumn(0).getString();
      for (std::size_t k = 0; k < r.values.size(); ++k) r.values[k] = get_real(st.getColumn(static_cast<int>(k) + 1));
      src.comparateur.push_back(std::move(r));
    }
  }
  {
    SQLite::Statement st(*m_db, "SELECT * FROM laposte_postcode ORDER BY rowid");
    while (st.executeStep()) {
      src.postal.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                            st.getColumn(3).getString(), st.getColumn(4).getString(), get_real(st.getColumn(5)),
                            get_real(st.getColumn(6))});
    }
  }
  return src;
}

}  // namespace fabscope::store
