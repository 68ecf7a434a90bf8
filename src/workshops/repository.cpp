#include "workshops/repository.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/laureates.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {
namespace {

std::optional<std::string> optional_text(SQLite::Statement& st, int i) {
  return st.getColumn(i).isNull() ? std::nullopt : std::optional<std::string>(st.getColumn(i).getString());
}

void bind_optional(SQLite::Statement& st, int i, const std::optional<std::string>& v) {
  if (v) {
    st.bind(i, *v);
  } else {
    st.bind(i);
  }
}

WorkshopRow read_row(SQLite::Statement& st) {
  WorkshopRow r;
  r.id = st.getColumn(0).getString();
  r.source = st.getColumn(1).getString();
  r.name = st.getColumn(2).getString();
  r.kind = optional_text(st, 3);
  r.city = optional_text(st, 4);
  r.postcode = optional_text(st, 5);
  if (!st.getColumn(6).isNull()) {
    r.latitude = st.getColumn(6).getDouble();
    r.longitude = st.getColumn(7).getDouble();
  }
  r.commune = optional_text(st, 8);
  r.commune_name = optional_text(st, 9);
  r.dep = optional_text(st, 10);
  r.method = st.getColumn(11).isNull() ? "" : st.getColumn(11).getString();
  r.note = st.getColumn(12).getString();
  r.laureate = optional_text(st, 13);
  return r;
}

constexpr const char* kSelect =
    "SELECT w.id, w.source, w.name, w.kind, w.city, w.postcode, w.latitude, w.longitude, w.commune, c.name, "
    "c.departement, w.placement_method, w.placement_note, l.name FROM workshop w "
    "LEFT JOIN cog_commune c ON c.code = w.commune AND c.type = 'commune-actuelle' "
    "LEFT JOIN workshop_laureate l ON l.workshop_id = w.id";

void throw_without_territory() {
  throw Error(ExitCode::missing_data, "the territory has not been imported: run `fabscope import --all` first");
}

}  // namespace

// ---- the register ----------------------------------------------------------------------

std::vector<WorkshopRow> list_workshops(store::Store& store, const WorkshopFilter& f) {
  std::string sql = std::string(kSelect) + " WHERE 1=1";
  std::vector<std::string> args;
  if (f.kind) {
    sql += " AND w.kind = ?";
    args.push_back(*f.kind);
  }
  if (f.dep) {
    sql += " AND c.departement = ?";
    args.push_back(*f.dep);
  }
  if (f.source) {
    sql += " AND w.source = ?";
    args.push_back(*f.source);
  }
  if (f.commune) {
    sql += " AND w.commune = ?";
    args.push_back(*f.commune);
  }
  if (f.unplaced_only) sql += " AND w.commune IS NULL";
  if (f.laureates_only) sql += " AND l.name IS NOT NULL";
  sql += " ORDER BY w.commune IS NULL, c.departement, w.name, w.id";
  SQLite::Statement st(store.db(), sql);
  for (std::size_t i = 0; i < args.size(); ++i) st.bind(static_cast<int>(i + 1), args[i]);
  std::vector<WorkshopRow> out;
  while (st.executeStep()) out.push_back(read_row(st));
  return out;
}

std::optional<MergedWorkshop> load_merged(store::Store& store, const std::string& id) {
  MergedWorkshop m;
  m.canonical = id;
  {
    SQLite::Statement st(store.db(), "SELECT merged_into FROM workshop WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    if (!st.getColumn(0).isNull()) m.canonical = st.getColumn(0).getString();
  }
  auto canonical = load_workshop(store, m.canonical);
  if (!canonical) return std::nullopt;
  std::vector<Workshop> records = {std::move(canonical->first)};
  m.row = std::move(canonical->second);
  SQLite::Statement st(store.db(), "SELECT id FROM workshop WHERE merged_into = ? ORDER BY id");
  st.bind(1, m.canonical);
  while (st.executeStep()) {
    m.members.push_back(st.getColumn(0).getString());
    records.push_back(load_workshop(store, m.members.back())->first);
  }
  m.workshop = merge_records(records);
  return m;
}

std::optional<std::pair<Workshop, WorkshopRow>> load_workshop(store::Store& store, const std::string& id) {
  SQLite::Statement st(store.db(), std::string(kSelect) + " WHERE w.id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  auto row = read_row(st);
  SQLite::Statement rec(store.db(), "SELECT record FROM workshop WHERE id = ?");
  rec.bind(1, id);
  rec.executeStep();
  return std::make_pair(workshop_from_json(rec.getColumn(0).getString()), row);
}

void replace_source_workshops(store::Store& store, const std::string& source,
                              const std::vector<StoredWorkshop>& workshops) {
  auto& db = store.db();
  SQLite::Statement del(db, "DELETE FROM workshop WHERE source = ?");
  del.bind(1, source);
  del.exec();
  SQLite::Statement ins(db, "INSERT INTO workshop VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)");
  for (const auto& s : workshops) {
    const auto& w = s.workshop;
    ins.bind(1, w.id);
    ins.bind(2, w.source);
    ins.bind(3, w.source_key);
    ins.bind(4, w.name);
    bind_optional(ins, 5, w.kind);
    bind_optional(ins, 6, w.city);
    bind_optional(ins, 7, w.postcode);
    if (w.latitude) {
      ins.bind(8, *w.latitude);
      ins.bind(9, *w.longitude);
    } else {
      ins.bind(8);
      ins.bind(9);
    }
    bind_optional(ins, 10, s.commune);
    bind_optional(ins, 11, s.commune ? std::optional<std::string>(s.method) : std::nullopt);
    ins.bind(12, encode(s.notes));
    ins.bind(13, to_json(w));
    ins.exec();
    ins.reset();
  }
}

// ---- duplicates ------------------------------------------------------------------------

std::vector<PlacedRecord> placed_records(store::Store& store) {
  std::vector<PlacedRecord> records;
  SQLite::Statement st(store.db(), "SELECT record, commune FROM workshop ORDER BY id");
  while (st.executeStep()) {
    PlacedRecord r{workshop_from_json(st.getColumn(0).getString()), std::nullopt};
    if (!st.getColumn(1).isNull()) r.commune = st.getColumn(1).getString();
    records.push_back(std::move(r));
  }
  return records;
}

void save_duplicates(store::Store& store, const std::map<std::string, std::string>& merged_into,
                     const std::vector<PairMatch>& pairs) {
  auto& db = store.db();
  store::Savepoint tx(db, "save_duplicates");
  db.exec("DELETE FROM workshop_pair");
  db.exec("UPDATE workshop SET merged_into = NULL");
  SQLite::Statement upd(db, "UPDATE workshop SET merged_into = ? WHERE id = ?");
  for (const auto& [member, canonical] : merged_into) {
    upd.bind(1, canonical);
    upd.bind(2, member);
    upd.exec();
    upd.reset();
  }
  SQLite::Statement ins(db, "INSERT OR REPLACE INTO workshop_pair VALUES (?,?,?,?,?,?)");
  for (const auto& p : pairs) {
    ins.bind(1, p.a);
    ins.bind(2, p.b);
    ins.bind(3, p.decision);
    ins.bind(4, p.score);
    if (p.distance_km) {
      ins.bind(5, *p.distance_km);
    } else {
      ins.bind(5);
    }
    ins.bind(6, encode({p.reason}));
    ins.exec();
    ins.reset();
  }
  tx.release();
}

std::vector<PairMatch> load_pairs(store::Store& store) {
  std::vector<PairMatch> out;
  SQLite::Statement st(store.db(),
                       "SELECT a, b, decision, score, distance_km, reason FROM workshop_pair "
                       "ORDER BY decision DESC, score DESC, a");
  while (st.executeStep()) {
    PairMatch m;
    m.a = st.getColumn(0).getString();
    m.b = st.getColumn(1).getString();
    m.decision = st.getColumn(2).getString();
    m.score = st.getColumn(3).getDouble();
    if (!st.getColumn(4).isNull()) m.distance_km = st.getColumn(4).getDouble();
    const auto stored = decode(st.getColumn(5).getString());
    if (!stored.empty()) m.reason = stored.front();
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<GroupMember> duplicate_groups(store::Store& store) {
  std::vector<GroupMember> out;
  SQLite::Statement st(store.db(), "SELECT id, coalesce(merged_into, id), source FROM workshop ORDER BY id");
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()});
  }
  return out;
}

RegisterCounts register_counts(store::Store& store) {
  auto& db = store.db();
  RegisterCounts c;
  c.merged = db.execAndGet("SELECT count(*) FROM workshop WHERE merged_into IS NOT NULL").getInt();
  c.distinct = db.execAndGet("SELECT count(*) FROM workshop WHERE merged_into IS NULL").getInt();
  c.candidates = db.execAndGet("SELECT count(*) FROM workshop_pair WHERE decision = 'candidate'").getInt();
  return c;
}

// ---- laureates -------------------------------------------------------------------------

std::vector<MatchEntry> laureate_candidates(store::Store& store) {
  auto& db = store.db();
  std::vector<MatchEntry> entries;
  {
    SQLite::Statement st(db,
                         "SELECT w.id, w.record, w.commune, c.departement FROM workshop w "
                         "LEFT JOIN cog_commune c ON c.code = w.commune AND c.type = 'commune-actuelle' "
                         "WHERE w.merged_into IS NULL AND w.commune IS NOT NULL ORDER BY w.id");
    while (st.executeStep()) {
      const auto w = workshop_from_json(st.getColumn(1).getString());
      entries.push_back({w.id, w.name, st.getColumn(2).getString(), st.getColumn(3).getString(), w.aliases});
    }
  }
  // Aliases of merged records count too.
  std::map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < entries.size(); ++k) index.emplace(entries[k].id, k);
  SQLite::Statement st(db, "SELECT merged_into, record FROM workshop WHERE merged_into IS NOT NULL");
  while (st.executeStep()) {
    const auto it = index.find(st.getColumn(0).getString());
    if (it == index.end()) continue;
    entries[it->second].aliases.push_back(workshop_from_json(st.getColumn(1).getString()).name);
  }
  return entries;
}

void save_laureate_matches(store::Store& store, const std::vector<LaureateMatch>& matches,
                           const std::vector<std::string>& names) {
  auto& db = store.db();
  store::Savepoint tx(db, "laureates");
  db.exec("DELETE FROM workshop_laureate");
  SQLite::Statement ins(db, "INSERT INTO workshop_laureate VALUES (?,?,?,?,?,?)");
  for (std::size_t k = 0; k < matches.size(); ++k) {
    ins.bind(1, matches[k].laureate_id);
    ins.bind(2, names[k]);
    bind_optional(ins, 3, matches[k].workshop_id);
    ins.bind(4, matches[k].score);
    ins.bind(5, matches[k].method);
    ins.bind(6, matches[k].note);
    ins.exec();
    ins.reset();
  }
  tx.release();
}

std::vector<LaureateMatch> load_laureate_matches(store::Store& store) {
  std::vector<LaureateMatch> out;
  SQLite::Statement st(
      store.db(), "SELECT laureate_id, workshop_id, score, method, note FROM workshop_laureate ORDER BY laureate_id");
  while (st.executeStep()) {
    LaureateMatch m;
    m.laureate_id = st.getColumn(0).getString();
    if (!st.getColumn(1).isNull()) m.workshop_id = st.getColumn(1).getString();
    m.score = st.getColumn(2).getDouble();
    m.method = st.getColumn(3).getString();
    m.note = st.getColumn(4).getString();
    out.push_back(m);
  }
  return out;
}

std::optional<LaureateOf> laureate_of(store::Store& store, const std::string& workshop_id) {
  SQLite::Statement st(store.db(), "SELECT name, method, note FROM workshop_laureate WHERE workshop_id = ?");
  st.bind(1, workshop_id);
  if (!st.executeStep()) return std::nullopt;
  return LaureateOf{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()};
}

// ---- placement and territory -----------------------------------------------------------

std::vector<GazetteerCommune> commune_gazetteer(store::Store& store) {
  auto& db = store.db();
  if (db.execAndGet("SELECT count(*) FROM territory_commune").getInt() == 0) throw_without_territory();
  std::vector<GazetteerCommune> out;
  SQLite::Statement st(db,
                       "SELECT c.code, c.name, c.postcodes, t.latitude, t.longitude, c.departement FROM cog_commune c "
                       "JOIN territory_commune t ON t.code = c.code WHERE c.type = 'commune-actuelle' ORDER BY c.code");
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(5).getString(), store::get_real(st.getColumn(3)), store::get_real(st.getColumn(4))});
  }
  return out;
}

std::vector<int> density_classes_of_kind(store::Store& store, const std::string& kind) {
  SQLite::Statement st(
      store.db(),
      "SELECT t.density_class FROM workshop w JOIN territory t ON t.level = 'commune' AND t.code = w.commune "
      "WHERE w.kind = ? AND w.merged_into IS NULL AND t.density_class IS NOT NULL");
  st.bind(1, kind);
  std::vector<int> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getInt());
  return out;
}

std::vector<PanelRow> panel_workshops(store::Store& store, const std::string& source, const std::string& dep) {
  std::string sql =
      "SELECT w.id, w.commune, c.name FROM workshop w JOIN cog_commune c ON c.code = w.commune "
      "AND c.type = 'commune-actuelle' WHERE w.merged_into IS NULL";
  if (!source.empty()) sql += " AND w.source = ?";
  if (!dep.empty()) sql += " AND c.departement = ?";
  sql += " ORDER BY w.id";
  SQLite::Statement st(store.db(), sql);
  int bind = 1;
  if (!source.empty()) st.bind(bind++, source);
  if (!dep.empty()) st.bind(bind++, dep);
  std::vector<PanelRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()});
  }
  return out;
}

// ---- accessibility ---------------------------------------------------------------------

std::vector<AccessCommune> access_communes(store::Store& store) {
  SQLite::Statement st(store.db(),
                       "SELECT t.code, t.name, c.dep, c.latitude, c.longitude, t.population FROM territory t "
                       "JOIN territory_commune c ON c.code = t.code WHERE t.level = 'commune' ORDER BY t.code");
  std::vector<AccessCommune> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   store::get_real(st.getColumn(3)), store::get_real(st.getColumn(4)),
                   store::get_real(st.getColumn(5))});
  }
  if (out.empty()) throw_without_territory();
  return out;
}

std::vector<SupplyRow> supply_rows(store::Store& store) {
  SQLite::Statement st(store.db(),
                       "SELECT id, latitude, longitude, commune, json_extract(record, '$.capacity') FROM workshop "
                       "WHERE commune IS NOT NULL AND merged_into IS NULL ORDER BY id");
  std::vector<SupplyRow> out;
  while (st.executeStep()) {
    SupplyRow s;
    s.id = st.getColumn(0).getString();
    s.commune = st.getColumn(3).getString();
    if (!st.getColumn(1).isNull()) s.position.emplace(st.getColumn(1).getDouble(), st.getColumn(2).getDouble());
    s.capacity = store::get_real(st.getColumn(4));  // the field table's "capacity"; NaN when unknown
    out.push_back(std::move(s));
  }
  return out;
}

bool has_communes_and_workshops(store::Store& store) {
  return store.db()
             .execAndGet(
                 "SELECT EXISTS (SELECT 1 FROM territory WHERE level = 'commune') AND "
                 "EXISTS (SELECT 1 FROM workshop)")
             .getInt() != 0;
}

void save_access(store::Store& store, const std::vector<StoredAccessRow>& rows, std::size_t supplies_without_demand) {
  auto& db = store.db();
  store::Savepoint sp(db, "store_access");
  db.exec("DELETE FROM workshop_access");
  db.exec("DELETE FROM workshop_access_meta");
  if (!rows.empty()) {
    SQLite::Statement ins(db, "INSERT INTO workshop_access VALUES (?,?,?,?)");
    for (const auto& r : rows) {
      ins.bind(1, r.code);
      store::bind_real(ins, 2, r.access_per_100k);
      store::bind_real(ins, 3, r.nearest_km);
      ins.bind(4, r.white ? 1 : 0);
      ins.exec();
      ins.reset();
    }
    SQLite::Statement meta(db, "INSERT INTO workshop_access_meta VALUES ('supplies_without_demand', ?)");
    meta.bind(1, static_cast<std::int64_t>(supplies_without_demand));
    meta.exec();
  }
  sp.release();
}

std::vector<StoredAccessRow> load_stored_access(store::Store& store, std::size_t* supplies_without_demand) {
  auto& db = store.db();
  std::vector<StoredAccessRow> out;
  SQLite::Statement st(db, "SELECT code, access_per_100k, nearest_km, white FROM workshop_access ORDER BY code");
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), store::get_real(st.getColumn(1)), store::get_real(st.getColumn(2)),
                   st.getColumn(3).getInt() != 0});
  }
  SQLite::Statement meta(db, "SELECT value FROM workshop_access_meta WHERE key = 'supplies_without_demand'");
  if (meta.executeStep()) *supplies_without_demand = static_cast<std::size_t>(meta.getColumn(0).getInt64());
  return out;
}

}  // namespace fabscope::workshops
