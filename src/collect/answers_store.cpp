// Answers in the store and their exports (answers_store.hpp).
#include "collect/answers_store.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <functional>

#include "core/text.hpp"

namespace fabscope::collect {
namespace {

nlohmann::json to_json(const Record& r) {
  nlohmann::json j;
  j["values"] = r.values;
  auto& reps = j["repeats"] = nlohmann::json::object();
  for (const auto& [name, instances] : r.repeats) {
    auto& arr = reps[name] = nlohmann::json::array();
    for (const auto& i : instances) arr.push_back(to_json(i));
  }
  return j;
}

Record from_json(const nlohmann::json& j) {
  Record r;
  if (j.contains("values")) r.values = j["values"].get<std::map<std::string, std::string>>();
  if (j.contains("repeats")) {
    for (const auto& [name, arr] : j["repeats"].items()) {
      auto& v = r.repeats[name];
      for (const auto& i : arr) v.push_back(from_json(i));
    }
  }
  return r;
}

// A value as exported: as stored, or with its choices' labels.
std::string shown(const Instrument& ins, const AnswerColumn& c, const std::string& value, const ExportOptions& o) {
  if (!o.labels || c.other || value.empty()) return value;
  if (c.question->type == "select_one") return choice_label(ins, *c.question, value, o.lang);
  if (c.question->type == "select_multiple") {
    std::string out;
    for (const auto& t : text::split(value, ' ')) {
      if (!t.empty()) out += (out.empty() ? "" : ", ") + choice_label(ins, *c.question, std::string(t), o.lang);
    }
    return out;
  }
  return value;
}

}  // namespace

std::string record_json(const Record& record) { return to_json(record).dump(); }
Record record_from_json(const std::string& text) { return from_json(nlohmann::json::parse(text)); }

SaveResult save_submissions(store::Store& store, const StoredInstrument& instrument,
                            const std::vector<Submission>& submissions, const std::string& origin, bool fictitious) {
  store::Savepoint tx(store, "save_submissions");
  SaveResult r;
  const auto now = store::now_iso8601();
  SQLite::Statement ins(store.db(),
                        "INSERT INTO submission (instance_id, form_id, version, workshop_id, origin, fictitious, "
                        "source, submitted_at, received_at, data, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (instance_id) DO NOTHING");
  for (const auto& s : submissions) {
    ins.bind(1, s.instance_id);
    ins.bind(2, instrument.form_id);
    ins.bind(3, instrument.version);
    ins.bind(4, s.workshop_id);
    ins.bind(5, origin);
    ins.bind(6, fictitious ? 1 : 0);
    const auto src = s.meta.find("source_row");
    ins.bind(7, src == s.meta.end() ? origin : src->second);
    ins.bind(8, s.submitted_at);
    ins.bind(9, now);
    ins.bind(10, record_json(s.data));
    ins.bind(11, nlohmann::json(s.meta).dump());
    if (ins.exec() == 1) {
      ++r.inserted;
    } else {
      ++r.already;
    }
    ins.reset();
  }
  tx.release();
  return r;
}

std::vector<StoredSubmission> load_submissions(store::Store& store, const std::string& form_id,
                                               std::int64_t campaign_id) {
  SQLite::Statement q(
      store.db(),
      "SELECT id, instance_id, form_id, version, workshop_id, origin, fictitious, source, "
      "submitted_at, received_at, data, meta, COALESCE(invitation_id, 0) FROM submission WHERE form_id = ? "
      "AND (? = 0 OR invitation_id IN (SELECT id FROM invitation WHERE campaign_id = ?)) ORDER BY id");
  q.bind(1, form_id);
  q.bind(2, campaign_id);
  q.bind(3, campaign_id);
  std::vector<StoredSubmission> out;
  while (q.executeStep()) {
    StoredSubmission s;
    s.id = q.getColumn(0).getInt64();
    s.submission.instance_id = q.getColumn(1).getString();
    s.form_id = q.getColumn(2).getString();
    s.version = q.getColumn(3).getInt();
    s.submission.workshop_id = q.getColumn(4).getString();
    s.origin = q.getColumn(5).getString();
    s.fictitious = q.getColumn(6).getInt() != 0;
    s.source = q.getColumn(7).getString();
    s.submission.submitted_at = q.getColumn(8).getString();
    s.received_at = q.getColumn(9).getString();
    s.submission.data = record_from_json(q.getColumn(10).getString());
    s.submission.meta = nlohmann::json::parse(q.getColumn(11).getString()).get<std::map<std::string, std::string>>();
    s.invitation_id = q.getColumn(12).getInt64();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<AnswerTable> answer_tables(const Instrument& instrument, const std::vector<StoredSubmission>& submissions,
                                       const ExportOptions& options) {
  const auto columns = answer_columns(instrument);
  const auto repeats = repeat_groups(instrument);
  std::vector<AnswerTable> tables;
  std::vector<std::vector<const AnswerColumn*>> cols;
  const auto add_table = [&](const std::string& repeat, const std::vector<std::string>& chain) {
    AnswerTable t;
    t.repeat = repeat;
    t.name = repeat.empty() ? instrument.form_id : instrument.form_id + "-" + repeat;
    std::vector<const AnswerColumn*> mine;
    if (repeat.empty()) {
      t.header = {"KEY",         "_form_version", "_workshop",    "_origin",
                  "_fictitious", "_submitted_at", "_received_at", "_source"};
    } else {
      t.header = {"KEY", "PARENT_KEY", "_submission"};
    }
    for (const auto& c : columns) {
      if (c.repeats == chain) {
        t.header.push_back(c.name());
        mine.push_back(&c);
      }
    }
    tables.push_back(std::move(t));
    cols.push_back(std::move(mine));
  };
  add_table("", {});
  for (const auto& [item, chain] : repeats) {
    auto full = chain;
    full.push_back(item->name);
    add_table(item->name, full);
  }
  const auto values = [&](std::size_t ti, const Record& r, std::vector<std::string>& row) {
    for (const auto* c : cols[ti]) row.push_back(shown(instrument, *c, r.value(c->name()), options));
  };
  std::function<void(const Record&, const std::string&, const std::string&)> instances =
      [&](const Record& r, const std::string& key, const std::string& submission) {
        for (std::size_t ti = 1; ti < tables.size(); ++ti) {
          const auto it = r.repeats.find(tables[ti].repeat);
          if (it == r.repeats.end()) continue;
          for (std::size_t i = 0; i < it->second.size(); ++i) {
            const auto child = fmt::format("{}/{}[{}]", key, tables[ti].repeat, i + 1);
            std::vector<std::string> row = {child, key, submission};
            values(ti, it->second[i], row);
            tables[ti].rows.push_back(std::move(row));
            instances(it->second[i], child, submission);
          }
        }
      };
  for (const auto& s : submissions) {
    std::vector<std::string> row = {s.submission.instance_id,
                                    std::to_string(s.version),
                                    s.submission.workshop_id,
                                    s.origin,
                                    s.fictitious ? "1" : "0",
                                    s.submission.submitted_at,
                                    s.received_at,
                                    s.source};
    values(0, s.submission.data, row);
    tables[0].rows.push_back(std::move(row));
    instances(s.submission.data, s.submission.instance_id, s.submission.instance_id);
  }
  return tables;
}

std::vector<AnswerCount> answer_counts(const Instrument& instrument, const std::vector<StoredSubmission>& submissions) {
  std::vector<AnswerCount> out;
  for (const auto& c : answer_columns(instrument)) {
    if (!c.repeats.empty()) continue;
    std::size_t answered = 0;
    std::map<std::string, std::size_t> chosen;
    const bool select = !c.other && (c.question->type == "select_one" || c.question->type == "select_multiple");
    for (const auto& s : submissions) {
      const auto v = s.submission.data.value(c.name());
      if (v.empty()) continue;
      ++answered;
      if (!select) continue;
      for (const auto& t : text::split(v, ' ')) {
        if (!t.empty()) ++chosen[std::string(t)];
      }
    }
    out.push_back({c.name(), "", answered});
    if (chosen.empty()) continue;
    if (const auto* list = instrument.list(c.question->list)) {
      for (const auto& ch : list->choices) {
        if (const auto it = chosen.find(ch.name); it != chosen.end()) out.push_back({c.name(), ch.name, it->second});
      }
    }
    if (const auto it = chosen.find("other"); it != chosen.end()) out.push_back({c.name(), "other", it->second});
  }
  return out;
}

std::string answer_table_csv(const AnswerTable& table) {
  std::string csv;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + text::csv_field(cells[i]);
    csv += '\n';
  };
  line(table.header);
  for (const auto& r : table.rows) line(r);
  return csv;
}

std::string answers_json(const Instrument& instrument, const std::vector<StoredSubmission>& submissions,
                         const ExportOptions& options) {
  const auto columns = answer_columns(instrument);
  std::function<nlohmann::json(const Record&)> shown_record = [&](const Record& r) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& entry : r.values) {
      const auto& [name, value] = entry;
      const auto c =
          std::find_if(columns.begin(), columns.end(), [&](const AnswerColumn& a) { return a.name() == entry.first; });
      j[name] = c == columns.end() ? value : shown(instrument, *c, value, options);
    }
    for (const auto& [name, instances] : r.repeats) {
      auto& arr = j[name] = nlohmann::json::array();
      for (const auto& i : instances) arr.push_back(shown_record(i));
    }
    return j;
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : submissions) {
    out.push_back({{"instance_id", s.submission.instance_id},
                   {"form_id", s.form_id},
                   {"form_version", s.version},
                   {"workshop", s.submission.workshop_id},
                   {"origin", s.origin},
                   {"fictitious", s.fictitious},
                   {"submitted_at", s.submission.submitted_at},
                   {"received_at", s.received_at},
                   {"source", s.source},
                   {"answers", shown_record(s.submission.data)}});
  }
  return out.dump(2) + "\n";
}

}  // namespace fabscope::collect
