#include "app/snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/text.hpp"
#include "sources/importer.hpp"
#include "store/store.hpp"
#include "territory/codes.hpp"
#include "workshops/access.hpp"

namespace fabscope::app {

const territory::Unit* Snapshot::unit(territory::Level level, const std::string& code) const {
  const auto& idx = index[static_cast<std::size_t>(level)];
  const auto it = idx.find(code);
  return it == idx.end() ? nullptr : &units[static_cast<std::size_t>(level)][it->second];
}

const WorkshopEntry* Snapshot::workshop(const std::string& id) const {
  const auto it = workshop_index.find(id);
  return it == workshop_index.end() ? nullptr : &workshops[it->second];
}

std::optional<std::size_t> Snapshot::node(const std::string& id) const {
  for (std::size_t i = 0; i < evaluation.nodes.size(); ++i) {
    if (evaluation.nodes[i] == id) return i;
  }
  return std::nullopt;
}

double Snapshot::score(std::size_t u, std::size_t n) const { return evaluation.score(u, n); }

std::string Snapshot::parent(const std::string& commune, territory::Level level) const {
  if (level == territory::Level::commune) return commune;
  const auto it = places.find(commune);
  if (it == places.end()) return {};
  switch (level) {
    case territory::Level::epci:
      return it->second.epci;
    case territory::Level::ze:
      return it->second.ze;
    case territory::Level::dep:
      return it->second.dep;
    case territory::Level::reg:
      return it->second.reg;
    case territory::Level::fr:
      return std::string(territory::kFranceCode);
    default:
      return {};
  }
}

double Snapshot::Reach::beyond_share() const { return population > 0 ? beyond / population : text::kMissing; }
double Snapshot::Reach::beyond_help_share() const {
  return population > 0 ? beyond_help / population : text::kMissing;
}
double Snapshot::Reach::mean_access() const { return population > 0 ? access_sum / population : text::kMissing; }

std::map<std::string, Snapshot::Reach> Snapshot::reach(territory::Level level, double radius_km,
                                                       const std::string& only) const {
  std::map<std::string, Reach> out;
  const auto population = *territory::indicator_index("population");
  const bool help = has_public_help();
  for (const auto& c : this->level(territory::Level::commune)) {
    const auto code = parent(c.code, level);
    if (code.empty() || (!only.empty() && code != only)) continue;
    const auto km = nearest_km.find(c.code);
    const double pop = c.values[population];
    if (km == nearest_km.end() || std::isnan(km->second) || std::isnan(pop)) continue;
    auto& r = out[code];
    r.population += pop;
    r.nearest_km = std::min(r.nearest_km, km->second);
    const bool beyond = km->second > radius_km;
    if (beyond) r.beyond += pop;
    if (!help) {
      r.beyond_help = text::kMissing;
    } else if (const auto h = nearest_help_km.find(c.code); beyond && h != nearest_help_km.end() && h->second > radius_km) {
      r.beyond_help += pop;
    }
    if (const auto a = access_30km.find(c.code); a != access_30km.end() && !std::isnan(a->second)) {
      r.access_sum += pop * a->second;
    }
  }
  return out;
}

namespace {

// What the store holds, in a few bytes: every import (id, checksum, time, rows) and the
// last indicator build. Not the file's time: closing the last connection checkpoints the
// WAL, which touches the file without changing its content.
std::string generation(const std::filesystem::path& p) {
  store::Store store(p, /*read_only=*/true);
  std::string g;
  for (const auto& r : store.import_records()) {
    g += fmt::format("{} {} {} {}\n", r.dataset_id, r.sha256, r.imported_at, r.rows);
  }
  if (const auto b = territory::build_info(store)) g += b->computed_at;
  // Answers tied to workshops feed the scores: a new one is a new generation.
  SQLite::Statement answers(store.db(), "SELECT count(*), COALESCE(max(id), 0) FROM submission WHERE workshop_id != ''");
  if (answers.executeStep()) g += fmt::format("\nanswers {} {}", answers.getColumn(0).getInt64(), answers.getColumn(1).getInt64());
  return g;
}

// The equipment of a workshop and what the search matches.
void index_for_search(store::Store& store, const Snapshot& snap,
                      const std::unordered_map<std::string, workshops::WorkshopRow>& rows, WorkshopEntry& e) {
  std::string text = e.row.name + " " + e.row.commune.value_or("") + " " + e.row.commune_name.value_or("") + " " +
                     e.row.city.value_or("") + " " + e.row.dep.value_or("");
  if (e.row.dep) {
    if (const auto* d = snap.unit(territory::Level::dep, *e.row.dep)) text += " " + d->name;
  }
  if (e.row.kind) {
    for (const auto& k : workshops::kinds()) {
      if (k.id == *e.row.kind) text += fmt::format(" {} {}", k.label_fr, k.label_en);
    }
  }
  e.sources.insert(e.row.source);
  if (const auto m = workshops::load_merged(store, e.row.id)) {
    for (const auto& member : m->members) {
      if (const auto it = rows.find(member); it != rows.end()) e.sources.insert(it->second.source);
    }
    for (const auto& a : m->workshop.aliases) text += " " + a;
    if (m->workshop.equipment) e.equipment = *m->workshop.equipment;
  }
  for (const auto& id : e.equipment) {
    text += fmt::format(" {} {}", workshops::equipment_label(id, Lang::fr), workshops::equipment_label(id, Lang::en));
  }
  e.search_key = " " + text::search_key(text) + " ";
}

std::shared_ptr<const Snapshot> build(const std::filesystem::path& store_path) {
  auto snap = std::make_shared<Snapshot>();
  snap->store_path = store_path;
  store::Store store(store_path, /*read_only=*/true);
  if (!territory::has_results(store)) {
    throw Error(ExitCode::missing_data,
                "the store has no territorial indicators yet: run `fabscope run` or `fabscope import --all`");
  }
  for (const auto level : territory::kAllLevels) {
    const auto l = static_cast<std::size_t>(level);
    snap->units[l] = territory::load_level(store, level);
    for (std::size_t i = 0; i < snap->units[l].size(); ++i) snap->index[l].emplace(snap->units[l][i].code, i);
  }
  snap->places = territory::load_places(store);
  const auto& ref = referential::Referential::active();
  // Accessibility (2SFCA, 30 km, no decay, as stored at import): read once, for the panel,
  // the fiches and the white zones.
  snap->access = workshops::access_context(store);
  snap->evaluation = referential::evaluate(store, ref, snap->access);
  // Monte Carlo intervals of every score and rank (the same choices as `evaluate --uncertainty`).
  if (!snap->evaluation.panel.units.empty()) {
    snap->uncertainty = referential::analyse_uncertainty(
        ref, snap->evaluation, referential::default_uncertainty_options(snap->uncertainty_samples, 1));
  }
  snap->analyses = panel_analyses(store, snap->evaluation);
  // Distinct workshops: the panel's units (canonical records), with their register line.
  std::unordered_map<std::string, workshops::WorkshopRow> rows;
  for (auto& r : workshops::list_workshops(store, {})) rows.emplace(r.id, std::move(r));
  const auto ci = territory::indicator_index("density_class");
  for (std::size_t u = 0; u < snap->evaluation.panel.units.size(); ++u) {
    const auto& pu = snap->evaluation.panel.units[u];
    const auto it = rows.find(pu.id);
    if (it == rows.end()) continue;
    WorkshopEntry e{it->second, u, std::nullopt, {}, {}, {}};
    index_for_search(store, *snap, rows, e);
    if (e.row.commune) {
      if (const auto* cu = snap->unit(territory::Level::commune, *e.row.commune);
          cu != nullptr && ci && !std::isnan(cu->values[*ci])) {
        e.density_class = static_cast<int>(cu->values[*ci]);
      }
    }
    snap->workshops.push_back(std::move(e));
  }
  std::sort(snap->workshops.begin(), snap->workshops.end(),
            [](const auto& a, const auto& b) { return a.row.name < b.row.name; });
  for (std::size_t i = 0; i < snap->workshops.size(); ++i) snap->workshop_index.emplace(snap->workshops[i].row.id, i);
  // Merged records lead to their canonical workshop.
  for (const auto& [id, row] : rows) {
    if (snap->workshop_index.count(id) != 0) continue;
    if (const auto m = workshops::load_merged(store, id)) {
      const auto it = snap->workshop_index.find(m->canonical);
      if (it != snap->workshop_index.end()) snap->workshop_index.emplace(id, it->second);
    }
  }
  // Accessibility by commune and white zones.
  const auto& in = snap->access.inputs;
  if (!in.supply.empty()) {
    const auto& acc = snap->access.result;
    for (std::size_t i = 0; i < in.code.size(); ++i) {
      snap->access_30km.emplace(in.code[i], acc.access_per_100k[i]);
      snap->nearest_km.emplace(in.code[i], acc.nearest_km[i]);
      if (!acc.nearest_help_km.empty()) snap->nearest_help_km.emplace(in.code[i], acc.nearest_help_km[i]);
    }
    snap->white_zones = workshops::white_zones(in.dep, in.lat, in.population, acc);
  }
  return snap;
}

}  // namespace

namespace {

// A watched store: its snapshot is built by a thread of its own.
struct Watch {
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  bool building = false;
  std::string key;  // generation() of the store the current snapshot (or error) comes from
  std::shared_ptr<const Snapshot> current;
  std::string error;
  std::atomic<std::uint64_t> generation{0};
  std::thread thread;
  int watchers = 0;  // watch() calls not yet matched by unwatch()
};

struct Registry {
  std::mutex mutex;
  std::map<std::filesystem::path, std::unique_ptr<Watch>> watches;
};
Registry& registry() {
  static Registry r;
  return r;
}

Watch* find_watch(const std::filesystem::path& p) {
  auto& r = registry();
  const std::lock_guard<std::mutex> lock(r.mutex);
  const auto it = r.watches.find(p);
  return it == r.watches.end() ? nullptr : it->second.get();
}

void watch_loop(Watch& w, const std::filesystem::path& p, std::chrono::milliseconds poll) {
  for (;;) {
    std::string key;
    std::string error;
    try {
      if (!std::filesystem::exists(p))
        throw Error(ExitCode::missing_data, "the store has not been imported yet: run `fabscope run`");
      key = generation(p);
    } catch (const std::exception& e) {
      key = std::string("error: ") + e.what();
      error = e.what();
    }
    bool changed = false;
    {
      const std::lock_guard<std::mutex> lock(w.mutex);
      changed = key != w.key;
      if (changed) w.building = error.empty();
    }
    if (changed) {
      std::shared_ptr<const Snapshot> built;
      if (error.empty()) {
        try {
          built = build(p);
        } catch (const std::exception& e) {
          error = e.what();
        }
      }
      {
        const std::lock_guard<std::mutex> lock(w.mutex);
        w.key = key;
        w.building = false;
        w.error = error;
        if (built) w.current = std::move(built);
        if (!error.empty() && !std::filesystem::exists(p)) w.current.reset();
      }
      w.generation.fetch_add(1);
    }
    std::unique_lock<std::mutex> lock(w.mutex);
    if (w.wake.wait_for(lock, poll, [&] { return w.stop; })) return;
  }
}

}  // namespace

void watch(const std::filesystem::path& store_path, std::chrono::milliseconds poll) {
  auto& r = registry();
  const std::lock_guard<std::mutex> lock(r.mutex);
  auto& slot = r.watches[store_path];
  if (slot) {
    ++slot->watchers;
    return;
  }
  slot = std::make_unique<Watch>();
  slot->watchers = 1;
  {
    const std::lock_guard<std::mutex> wl(slot->mutex);
    slot->building = true;
  }
  Watch* w = slot.get();
  slot->thread = std::thread([w, store_path, poll] { watch_loop(*w, store_path, poll); });
}

void unwatch(const std::filesystem::path& store_path) {
  std::unique_ptr<Watch> w;
  {
    auto& r = registry();
    const std::lock_guard<std::mutex> lock(r.mutex);
    const auto it = r.watches.find(store_path);
    if (it == r.watches.end()) return;
    if (--it->second->watchers > 0) return;
    w = std::move(it->second);
    r.watches.erase(it);
  }
  {
    const std::lock_guard<std::mutex> lock(w->mutex);
    w->stop = true;
  }
  w->wake.notify_all();
  if (w->thread.joinable()) w->thread.join();
}

SnapshotState snapshot_state(const std::filesystem::path& store_path) {
  SnapshotState s;
  Watch* w = find_watch(store_path);
  if (w == nullptr) return s;
  const std::lock_guard<std::mutex> lock(w->mutex);
  s.watched = true;
  s.ready = w->current != nullptr;
  s.building = w->building;
  s.error = w->error;
  s.generation = w->generation.load();
  return s;
}

const std::atomic<std::uint64_t>* generation_counter(const std::filesystem::path& store_path) {
  Watch* w = find_watch(store_path);
  return w == nullptr ? nullptr : &w->generation;
}

std::shared_ptr<const Snapshot> snapshot(const std::filesystem::path& store_path) {
  if (Watch* w = find_watch(store_path)) {
    const std::lock_guard<std::mutex> lock(w->mutex);
    if (w->current) return w->current;
    if (w->building) throw Preparing("the data are being prepared; try again in a few seconds");
    throw Error(ExitCode::missing_data, w->error.empty() ? std::string("the store is not ready") : w->error);
  }
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::pair<std::string, std::shared_ptr<const Snapshot>>> cache;
  if (!std::filesystem::exists(store_path)) {
    throw Error(ExitCode::missing_data, "the store has not been imported yet: run `fabscope run`");
  }
  const auto t = generation(store_path);          // outside the lock: readers do not queue on it
  const std::lock_guard<std::mutex> lock(mutex);  // one build at a time
  auto& slot = cache[store_path];
  if (!slot.second || slot.first != t) {
    slot.second = build(store_path);
    slot.first = t;
  }
  return slot.second;
}

}  // namespace fabscope::app
