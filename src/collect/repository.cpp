// Instruments in the store (docs/collect/xlsform.md, "Versions").
#include "collect/repository.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <map>

#include "collect/xlsform.hpp"
#include "core/sha256.hpp"

namespace fabscope::collect {
namespace {

nlohmann::json summary_json(const InstrumentSummary& s) {
  return {{"questions", s.questions},
          {"groups", s.groups},
          {"repeats", s.repeats},
          {"lists", s.lists},
          {"choices", s.choices},
          {"with_relevance", s.with_relevance},
          {"with_constraint", s.with_constraint},
          {"required", s.required},
          {"calculations", s.calculations},
          {"choice_filters", s.choice_filters},
          {"or_other", s.or_other},
          {"types", s.types}};
}

InstrumentSummary summary_of(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  InstrumentSummary s;
  s.questions = j.value("questions", std::size_t{0});
  s.groups = j.value("groups", std::size_t{0});
  s.repeats = j.value("repeats", std::size_t{0});
  s.lists = j.value("lists", std::size_t{0});
  s.choices = j.value("choices", std::size_t{0});
  s.with_relevance = j.value("with_relevance", std::size_t{0});
  s.with_constraint = j.value("with_constraint", std::size_t{0});
  s.required = j.value("required", std::size_t{0});
  s.calculations = j.value("calculations", std::size_t{0});
  s.choice_filters = j.value("choice_filters", std::size_t{0});
  s.or_other = j.value("or_other", std::size_t{0});
  if (j.contains("types")) s.types = j["types"].get<std::map<std::string, std::size_t>>();
  return s;
}

constexpr const char* kColumns =
    "SELECT form_id, version, form_version, title, source, sha256, imported_at, summary FROM instrument";

StoredInstrument read_row(SQLite::Statement& st) {
  StoredInstrument s;
  s.form_id = st.getColumn(0).getString();
  s.version = st.getColumn(1).getInt();
  s.form_version = st.getColumn(2).getString();
  s.title = st.getColumn(3).getString();
  s.source = st.getColumn(4).getString();
  s.sha256 = st.getColumn(5).getString();
  s.imported_at = st.getColumn(6).getString();
  s.summary = summary_of(st.getColumn(7).getString());
  return s;
}

std::map<std::string, const Item*> by_name(const Instrument& ins) {
  std::map<std::string, const Item*> out;
  for (const auto* q : ins.questions()) out[q->name] = q;
  return out;
}

std::string label_of(const Item& i) {
  std::string out;
  const auto it = i.texts.find("label");
  if (it == i.texts.end()) return out;
  for (const auto& [lang, t] : it->second) {
    out += fmt::format("{}{}{}", out.empty() ? "" : " | ", lang.empty() ? "" : lang + ": ", t);
  }
  return out;
}

}  // namespace

std::vector<InstrumentChange> compare(const Instrument& before, const Instrument& after) {
  std::vector<InstrumentChange> out;
  const auto a = by_name(before);
  const auto b = by_name(after);
  for (const auto& [name, item] : a) {
    if (b.count(name) == 0) out.push_back({name, "removed", item->type, ""});
  }
  for (const auto& [name, item] : b) {
    const auto it = a.find(name);
    if (it == a.end()) {
      out.push_back({name, "added", "", item->type});
      continue;
    }
    const Item& old = *it->second;
    if (old.type != item->type) out.push_back({name, "type", old.type, item->type});
    if (old.list != item->list) out.push_back({name, "list", old.list, item->list});
    if (label_of(old) != label_of(*item)) out.push_back({name, "label", label_of(old), label_of(*item)});
    for (const char* col : {"relevant", "constraint", "required", "calculation", "choice_filter"}) {
      if (old.column(col) != item->column(col)) out.push_back({name, col, old.column(col), item->column(col)});
    }
  }
  return out;
}

ImportResult save_instrument(store::Store& store, const Instrument& instrument, const std::string& workbook,
                             const std::string& source) {
  store::Savepoint tx(store, "save_instrument");
  ImportResult r;
  const auto sha = sha256_bytes(workbook);
  const auto previous = load_instrument(store, instrument.form_id);
  if (previous && previous->first.sha256 == sha) {
    r.stored = previous->first;
    r.unchanged = true;
    tx.release();
    return r;
  }
  r.stored.form_id = instrument.form_id;
  r.stored.version = previous ? previous->first.version + 1 : 1;
  r.stored.form_version = instrument.version;
  r.stored.title = instrument.title;
  r.stored.source = source;
  r.stored.sha256 = sha;
  r.stored.imported_at = store::now_iso8601();
  r.stored.summary = summarize(instrument);
  SQLite::Statement ins(store.db(),
                        "INSERT INTO instrument (form_id, version, form_version, title, source, sha256, imported_at, "
                        "workbook, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, r.stored.form_id);
  ins.bind(2, r.stored.version);
  ins.bind(3, r.stored.form_version);
  ins.bind(4, r.stored.title);
  ins.bind(5, source);
  ins.bind(6, sha);
  ins.bind(7, r.stored.imported_at);
  ins.bind(8, workbook.data(), static_cast<int>(workbook.size()));
  ins.bind(9, summary_json(r.stored.summary).dump());
  ins.exec();
  if (previous) {
    r.changes = compare(previous->second, instrument);
    SQLite::Statement ch(store.db(),
                         "INSERT INTO instrument_change (form_id, version, question, change, before, after) VALUES "
                         "(?, ?, ?, ?, ?, ?)");
    for (const auto& c : r.changes) {
      ch.bind(1, r.stored.form_id);
      ch.bind(2, r.stored.version);
      ch.bind(3, c.question);
      ch.bind(4, c.change);
      ch.bind(5, c.before);
      ch.bind(6, c.after);
      ch.exec();
      ch.reset();
    }
  }
  tx.release();
  return r;
}

std::vector<StoredInstrument> list_instruments(store::Store& store) {
  SQLite::Statement st(store.db(), std::string(kColumns) +
                                       " AS i WHERE version = (SELECT MAX(version) FROM instrument WHERE form_id = "
                                       "i.form_id) ORDER BY form_id");
  std::vector<StoredInstrument> out;
  while (st.executeStep()) out.push_back(read_row(st));
  return out;
}

std::vector<StoredInstrument> instrument_versions(store::Store& store, const std::string& form_id) {
  SQLite::Statement st(store.db(), std::string(kColumns) + " WHERE form_id = ? ORDER BY version");
  st.bind(1, form_id);
  std::vector<StoredInstrument> out;
  while (st.executeStep()) out.push_back(read_row(st));
  return out;
}

std::vector<InstrumentChange> instrument_changes(store::Store& store, const std::string& form_id, int version) {
  SQLite::Statement st(store.db(),
                       "SELECT question, change, before, after FROM instrument_change WHERE form_id = ? AND version = "
                       "? ORDER BY rowid");
  st.bind(1, form_id);
  st.bind(2, version);
  std::vector<InstrumentChange> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString()});
  }
  return out;
}

std::optional<std::pair<StoredInstrument, Instrument>> load_instrument(store::Store& store, const std::string& form_id,
                                                                       std::optional<int> version) {
  SQLite::Statement q(store.db(),
                      "SELECT form_id, version, form_version, title, source, sha256, imported_at, summary, workbook "
                      "FROM instrument WHERE form_id = ? " +
                          std::string(version ? "AND version = ?" : "ORDER BY version DESC LIMIT 1"));
  q.bind(1, form_id);
  if (version) q.bind(2, *version);
  if (!q.executeStep()) return std::nullopt;
  auto stored = read_row(q);
  const auto blob = q.getColumn(8);
  std::string bytes(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes()));
  auto stem = stored.source.substr(0, stored.source.rfind('.'));
  return std::make_pair(stored, read_xlsform_bytes(std::move(bytes), stored.source, stem));
}

}  // namespace fabscope::collect
