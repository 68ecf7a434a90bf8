// Answers collected elsewhere, read row by row against an instrument (answers_import.hpp).
#include "collect/answers_import.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <set>

#include "core/sha256.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"

namespace fabscope::collect {
namespace {

constexpr std::size_t kMaxRows = 100000;
constexpr std::size_t kMaxColumns = 5000;

// One table as read: its header, its rows, the line of each row in the file.
struct Table {
  std::string file;  // "answers.csv" or "answers.xlsx!sheet"
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<bool>> numeric;  // xlsx: the cell was a number
  std::vector<std::int64_t> lines;
  [[nodiscard]] Location where(std::size_t row, std::size_t column, std::string field = {}) const {
    return {file, row == npos ? 1 : lines[row], static_cast<std::int64_t>(column) + 1, std::move(field)};
  }
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

std::string label_key(std::string_view s) {
  std::string out;
  for (const char c : text::fold(s)) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

Table read_csv_table(const AnswerFile& f) {
  Table t;
  t.file = f.label;
  // The separator: ';' when the first line holds more of them than commas.
  const auto first = std::string_view(f.bytes).substr(0, f.bytes.find('\n'));
  io::CsvOptions opt;
  if (std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',')) opt.delimiter = ';';
  io::CsvReader reader(f.bytes, f.label, opt);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) throw InputError(Problem{{f.label, 1, 0, {}}, "empty file: no header row"});
  for (const auto& h : fields) t.header.emplace_back(text::trim(h));
  if (t.header.size() > kMaxColumns) {
    throw InputError(Problem{{f.label, 1, 0, {}}, fmt::format("more than {} columns", kMaxColumns)});
  }
  while (reader.next(fields)) {
    if (std::all_of(fields.begin(), fields.end(), [](std::string_view v) { return text::trim(v).empty(); })) continue;
    if (fields.size() != t.header.size()) {
      throw InputError(Problem{reader.where(std::min(fields.size(), t.header.size())),
                               fmt::format("{} fields for {} header columns", fields.size(), t.header.size())});
    }
    if (t.rows.size() == kMaxRows) {
      throw InputError(Problem{reader.where(0), fmt::format("more than {} rows", kMaxRows)});
    }
    t.rows.emplace_back(fields.begin(), fields.end());
    t.numeric.emplace_back(fields.size(), false);
    t.lines.push_back(reader.line());
  }
  return t;
}

Table read_sheet(const io::XlsxWorkbook& book, const std::string& sheet) {
  Table t;
  t.file = book.label() + "!" + sheet;
  bool header = true;
  std::string error;
  book.for_each_row(sheet, [&](const io::XlsxRow& row) {
    if (header) {
      for (const auto& c : row.cells) t.header.emplace_back(text::trim(c.value));
      while (!t.header.empty() && t.header.back().empty()) t.header.pop_back();
      header = false;
      if (t.header.size() > kMaxColumns) error = fmt::format("more than {} columns", kMaxColumns);
      return error.empty();
    }
    std::vector<std::string> cells(t.header.size());
    std::vector<bool> numeric(t.header.size(), false);
    bool any = false;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i].type == io::CellType::empty || row.cells[i].value.empty()) continue;
      if (i >= t.header.size()) {
        error = fmt::format("a value in column {}, which has no header", io::column_letters(i));
        t.lines.push_back(row.number);
        return false;
      }
      cells[i] = std::string(row.cells[i].value);
      numeric[i] = row.cells[i].type == io::CellType::number;
      any = true;
    }
    if (!any) return true;
    if (t.rows.size() == kMaxRows) {
      error = fmt::format("more than {} rows", kMaxRows);
      return false;
    }
    t.rows.push_back(std::move(cells));
    t.numeric.push_back(std::move(numeric));
    t.lines.push_back(row.number);
    return true;
  });
  if (!error.empty()) {
    throw InputError(Problem{{t.file, t.lines.empty() ? 1 : t.lines.back(), 0, {}}, error});
  }
  return t;
}

bool is_meta_header(const std::string& h) {
  static const std::set<std::string, std::less<>> kMeta = {
      "instanceID",  "KEY",           "PARENT_KEY",         "SubmissionDate",
      "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
      "Status",      "ReviewState",   "DeviceID",           "Edits",
      "FormVersion", "__version__"};
  return h.starts_with("_") || h.starts_with("meta/") || h.starts_with("meta-") || h.starts_with("formhub/") ||
         kMeta.contains(h);
}

// What a header is in a table.
struct Binding {
  enum class Kind { answer, copy, meta, workshop, refused } kind = Kind::refused;
  std::size_t column = 0;  // index in the columns (answer, copy)
  std::string choice;      // copy: the choice of a select_multiple expanded into 0/1 columns
};

class Resolver {
 public:
  Resolver(const Instrument& instrument, const std::vector<AnswerColumn>& columns) {
    std::vector<std::string> path;
    paths(instrument.root, path);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto& c = columns[i];
      m_names[c.name()] = i;
      if (c.other) continue;
      const auto it = m_paths.find(c.question);
      if (it != m_paths.end()) {
        for (std::size_t k = 0; k + 1 < it->second.size(); ++k) {
          for (const char sep : {'/', '-'}) {
            std::string key;
            for (std::size_t j = k; j < it->second.size(); ++j)
              key += (j > k ? std::string(1, sep) : "") + it->second[j];
            add(m_by_path, key, i);
          }
        }
      }
      const auto label = c.question->texts.find("label");
      if (label != c.question->texts.end()) {
        std::set<std::string> keys;
        for (const auto& [lang, text] : label->second) {
          if (!text.empty()) keys.insert(label_key(text));
        }
        for (const auto& k : keys) add(m_by_label, k, i);
      }
    }
  }

  // The column a header names; nullopt when none; `how` says how it matched.
  std::optional<std::size_t> find(const std::string& header, std::string& how) const {
    if (const auto it = m_names.find(header); it != m_names.end()) {
      how = "name";
      return it->second;
    }
    if (const auto it = m_by_path.find(header); it != m_by_path.end() && it->second != kAmbiguous) {
      how = "path";
      return it->second;
    }
    if (const auto slash = header.rfind('/'); slash != std::string::npos) {
      if (const auto it = m_names.find(header.substr(slash + 1)); it != m_names.end()) {
        how = "path";
        return it->second;
      }
    }
    if (const auto it = m_by_label.find(label_key(header)); it != m_by_label.end()) {
      if (it->second == kAmbiguous) {
        how = "ambiguous";
        return std::nullopt;
      }
      how = "label";
      return it->second;
    }
    return std::nullopt;
  }

 private:
  static constexpr std::size_t kAmbiguous = static_cast<std::size_t>(-1);
  static void add(std::map<std::string, std::size_t>& m, const std::string& key, std::size_t i) {
    const auto [it, inserted] = m.emplace(key, i);
    if (!inserted && it->second != i) it->second = kAmbiguous;
  }
  void paths(const Item& item, std::vector<std::string>& path) {
    for (const auto& c : item.children) {
      path.push_back(c.name);
      if (c.kind == ItemKind::question) {
        m_paths[&c] = path;
      } else {
        paths(c, path);
      }
      path.pop_back();
    }
  }

  std::map<const Item*, std::vector<std::string>> m_paths;
  std::map<std::string, std::size_t> m_names, m_by_path, m_by_label;
};

// The records of one table, before they are attached to their parents.
struct Rows {
  std::vector<Record> records;
  std::vector<std::string> keys, parents;  // own key, parent's key
  struct Lines {
    int table = 0;
    std::int64_t line = 0;
    std::map<std::string, std::vector<Lines>> repeats;
  };
  std::vector<Lines> lines;
  std::vector<std::map<std::string, std::string>> meta;
  std::vector<std::string> workshop;
  std::vector<std::string> ids;
};

std::string cell(const Table& t, std::size_t row, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    const auto it = std::find(t.header.begin(), t.header.end(), n);
    if (it != t.header.end())
      return std::string(text::trim(t.rows[row][static_cast<std::size_t>(it - t.header.begin())]));
  }
  return {};
}

}  // namespace

namespace {

void repeat_names(const Item& item, std::set<std::string>& out) {
  for (const auto& c : item.children) {
    if (c.kind == ItemKind::repeat) out.insert(c.name);
    if (c.kind != ItemKind::question) repeat_names(c, out);
  }
}

// The repeat a CSV of the archive holds: the stem's part after a hyphen that names one of
// the instrument's repeats (the longest such part); empty for the main table.
std::string repeat_of_entry(const std::string& stem, const std::set<std::string>& repeats) {
  std::string best;
  for (std::size_t i = stem.find('-'); i != std::string::npos; i = stem.find('-', i + 1)) {
    const auto tail = stem.substr(i + 1);
    if (repeats.count(tail) != 0 && tail.size() > best.size()) best = tail;
  }
  return best;
}

}  // namespace

ZipAnswers answers_from_zip(const Instrument& instrument, std::string bytes, const std::string& label) {
  const auto zip = io::ZipArchive::open_bytes(std::move(bytes), label);
  std::set<std::string> repeats;
  repeat_names(instrument.root, repeats);
  ZipAnswers out;
  std::vector<std::string> mains;
  std::vector<Problem> problems;
  for (const auto& name : zip.names()) {
    if (name.empty() || name.back() == '/' || name.rfind("media/", 0) == 0) continue;
    const std::filesystem::path p(name);
    if (text::to_lower(p.extension().string()) != ".csv") continue;
    const auto stem = p.stem().string();
    const auto repeat = repeat_of_entry(stem, repeats);
    AnswerFile f;
    f.label = fmt::format("{}!{}", label, name);
    if (repeat.empty()) {
      mains.push_back(name);
      f.bytes = zip.read(name);
      out.main = std::move(f);
      continue;
    }
    if (out.repeats.count(repeat) != 0) {
      problems.push_back({{f.label, 0, 0, {}},
                          fmt::format("a second CSV for the repeat group « {} »", repeat)});
      continue;
    }
    f.bytes = zip.read(name);
    out.repeats.emplace(repeat, std::move(f));
  }
  if (mains.size() != 1) {
    std::vector<std::string> known;
    known.reserve(repeats.size());
    for (const auto& r : repeats) known.push_back(fmt::format("<form>-{}.csv", r));
    problems.push_back(
        {{label, 0, 0, {}},
         mains.empty()
             ? fmt::format("no main CSV in the archive (ODK Central's <form>.csv; repeat groups: {})",
                           known.empty() ? std::string("none") : fmt::format("{}", fmt::join(known, ", ")))
             : fmt::format("{} CSV files name no repeat group of the questionnaire ({}); expected one main table "
                           "and {}",
                           mains.size(), fmt::join(mains, ", "),
                           known.empty() ? std::string("no repeat") : fmt::format("{}", fmt::join(known, ", ")))});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return out;
}

AnswerFile answer_file(const std::filesystem::path& path) {
  AnswerFile f;
  f.label = path.filename().string();
  f.bytes = io::read_file(path);
  auto ext = text::to_lower(path.extension().string());
  f.xlsx = ext == ".xlsx";
  return f;
}

namespace {

// One reading of answers: the tables, how their columns bind to questions, the records,
// repeat instances attached, every submission checked (read_answers).
struct Reader {
  Reader(const Instrument& ins, const AnswerFile& file, const AnswerImportOptions& opts)
      : instrument(ins),
        main(file),
        options(opts),
        columns(answer_columns(ins)),
        repeats(repeat_groups(ins)),
        resolver(ins, columns) {
    for (const auto* q : instrument.questions()) {
      if (is_metadata_type(q->type)) metadata.insert(q->name);
    }
  }

  AnswerImport run() {
    read_tables();
    problems.throw_if_any();
    bind();
    read_rows();
    problems.throw_if_any();
    attach();
    problems.throw_if_any();
    check();
    problems.throw_if_any();
    return std::move(out);
  }

  // The tables: the main one first, then one per repeat group found.
  void read_tables() {
    if (main.xlsx) {
      const auto book = io::XlsxWorkbook::open_bytes(main.bytes, main.label);
      const auto& sheets = book.sheet_names();
      if (sheets.empty()) throw InputError(Problem{{main.label, 0, 0, {}}, "a workbook without sheets"});
      tables.push_back(read_sheet(book, sheets.front()));
      table_repeat.emplace_back();
      for (std::size_t s = 1; s < sheets.size(); ++s) {
        const auto it = std::find_if(repeats.begin(), repeats.end(), [&](const auto& r) {
          const auto& n = r.first->name;
          return text::to_lower(n) == text::to_lower(sheets[s]) ||
                 (n.size() > 31 && text::to_lower(n.substr(0, 31)) == text::to_lower(sheets[s]));
        });
        if (it == repeats.end()) {
          std::string names;
          for (const auto& r : repeats) names += (names.empty() ? "" : ", ") + r.first->name;
          problems.add({main.label + "!" + sheets[s], 0, 0, {}},
                       fmt::format("sheet « {} » is no repeat group of the form ({})", sheets[s],
                                   names.empty() ? "it has none" : names));
          continue;
        }
        tables.push_back(read_sheet(book, sheets[s]));
        table_repeat.push_back(it->first->name);
      }
    } else {
      tables.push_back(read_csv_table(main));
      table_repeat.emplace_back();
    }
    for (const auto& entry : options.repeats) {
      const auto& name = entry.first;  // not a structured binding: lambdas capture it
      const auto& file = entry.second;
      const auto it =
          std::find_if(repeats.begin(), repeats.end(), [&](const auto& r) { return r.first->name == name; });
      if (it == repeats.end()) {
        problems.add({file.label, 0, 0, {}}, fmt::format("« {} » is not a repeat group of the form", name));
        continue;
      }
      tables.push_back(read_csv_table(file));
      table_repeat.push_back(name);
    }
  }

  // The repeats from the root to `repeat`, itself included ("" for the main table).
  [[nodiscard]] std::vector<std::string> chain_of(const std::string& repeat) const {
    std::vector<std::string> chain;
    if (repeat.empty()) return chain;
    for (const auto& r : repeats) {
      if (r.first->name == repeat) {
        chain = r.second;
        chain.push_back(repeat);
      }
    }
    return chain;
  }

  // How every header binds: an answer column, a copy of a select_multiple, metadata, the workshop.
  void bind() {
    rows.resize(tables.size());
    bindings.resize(tables.size());
    for (const auto* q : instrument.questions()) {
      if (is_metadata_type(q->type)) metadata.insert(q->name);
    }
    column_at.resize(tables.size());
    for (std::size_t ti = 0; ti < tables.size(); ++ti) {
      const auto& t = tables[ti];
      const auto chain = chain_of(table_repeat[ti]);
      auto& bind = bindings[ti];
      std::set<std::string> seen;
      for (std::size_t c = 0; c < t.header.size(); ++c) {
        const auto& h = t.header[c];
        Binding b;
        if (h.empty()) {
          problems.add(t.where(Table::npos, c), "a column without a header");
        } else if (!seen.insert(h).second) {
          problems.add(t.where(Table::npos, c, h), "a duplicated column");
        } else if (!options.workshop_column.empty() && h == options.workshop_column && ti == 0) {
          b.kind = Binding::Kind::workshop;
        } else if (std::string how; const auto col = resolver.find(h, how)) {
          if (columns[*col].repeats != chain) {
            problems.add(t.where(Table::npos, c, h),
                         fmt::format("question « {} » does not belong to this table ({})", columns[*col].name(),
                                     columns[*col].repeats.empty() ? "the main table"
                                                                   : "repeat group " + columns[*col].repeats.back()));
          } else if (column_at[ti].contains(*col)) {
            problems.add(t.where(Table::npos, c, h),
                         fmt::format("a second column for question « {} »", columns[*col].name()));
          } else {
            b.kind = Binding::Kind::answer;
            b.column = *col;
            column_at[ti][*col] = c;
            if (how != "name") out.matched[h] = columns[*col].name();
          }
        } else if (how == "ambiguous") {
          problems.add(t.where(Table::npos, c, h), "this label is that of several questions: name the column");
        } else if (is_meta_header(h) || metadata.contains(h)) {
          b.kind = Binding::Kind::meta;
          if (ti == 0) out.meta_columns.push_back(h);
        } else {
          // Kobo's expansion of a select_multiple: "question/choice" as 0/1.
          bool copy = false;
          if (const auto slash = h.rfind('/'); slash != std::string::npos) {
            std::string how2;
            if (const auto whole = resolver.find(h.substr(0, slash), how2);
                whole && columns[*whole].question->type == "select_multiple" && !columns[*whole].other) {
              const auto* list = instrument.list(columns[*whole].question->list);
              const auto choice = h.substr(slash + 1);
              if (list != nullptr && std::any_of(list->choices.begin(), list->choices.end(),
                                                 [&](const Choice& ch) { return ch.name == choice; })) {
                b.kind = Binding::Kind::copy;
                b.column = *whole;
                b.choice = choice;
                copy = true;
              }
            }
          }
          if (!copy) {
            b.kind = Binding::Kind::refused;  // reported; the rows are still read for their other problems
            problems.add(t.where(Table::npos, c, h),
                         "unknown column: neither the name, the path nor the label of a question of the form");
          }
        }
        bind.push_back(b);
      }
    }
  }

  // Every row read into a record.
  void read_rows() {
    for (std::size_t ti = 0; ti < tables.size(); ++ti) {
      const auto& t = tables[ti];
      auto& r = rows[ti];
      const bool has_index = std::find(t.header.begin(), t.header.end(), "_index") != t.header.end();
      const bool has_key = std::find(t.header.begin(), t.header.end(), "KEY") != t.header.end();
      for (std::size_t i = 0; i < t.rows.size(); ++i) {
        Record rec;
        std::map<std::string, std::string> meta;
        std::string workshop;
        std::map<std::size_t, std::set<std::string>> copies;
        for (std::size_t c = 0; c < t.header.size(); ++c) {
          const auto& b = bindings[ti][c];
          const auto& raw = t.rows[i][c];
          switch (b.kind) {
            case Binding::Kind::refused:
              break;
            case Binding::Kind::meta:
              if (!text::trim(raw).empty()) meta[t.header[c]] = std::string(text::trim(raw));
              break;
            case Binding::Kind::workshop:
              workshop = std::string(text::trim(raw));
              break;
            case Binding::Kind::copy: {
              const auto v = text::to_lower(text::trim(raw));
              if (v == "1" || v == "true" || v == "vrai") copies[b.column].insert(b.choice);
              break;
            }
            case Binding::Kind::answer: {
              const auto& col = columns[b.column];
              if (col.other) {
                if (!text::trim(raw).empty()) rec.values[col.name()] = std::string(raw);
                break;
              }
              ValueOptions vo;
              vo.dates = options.dates;
              vo.numeric_cell = t.numeric[i][c];
              auto n = normalise_answer(instrument, *col.question, raw, vo);
              if (!n.error.empty()) {
                problems.add(t.where(i, c, col.name()), n.error);
                break;
              }
              if (n.value.empty()) break;
              rec.values[col.name()] = n.value;
              if (n.other) {
                ++out.others[col.name()];
                auto& slot = rec.values[col.name() + "_other"];
                if (slot.empty()) slot = *n.other;
              }
              break;
            }
          }
        }
        for (const auto& [col, chosen] : copies) {
          if (column_at[ti].contains(col) || chosen.empty()) continue;
          std::string v;
          for (const auto& ch : instrument.list(columns[col].question->list)->choices) {
            if (chosen.contains(ch.name)) v += (v.empty() ? "" : " ") + ch.name;
          }
          rec.values[columns[col].name()] = v;
        }
        // Keys: Kobo's _index/_parent_index, ODK Central's KEY/PARENT_KEY, else the row.
        std::string key = has_index ? cell(t, i, {"_index"}) : has_key ? cell(t, i, {"KEY"}) : std::to_string(i + 1);
        std::string parent = cell(t, i, {"_parent_index", "PARENT_KEY"});
        if (ti > 0 && parent.empty()) {
          problems.add(t.where(i, 0), "a row without _parent_index or PARENT_KEY: which submission does it belong to?");
        }
        // The submission's id: ODK's instanceID, Kobo's _uuid, ODK Central's KEY, else the
        // digest of the row (importing the same file twice adds nothing).
        std::string id;
        if (ti == 0) {
          id = cell(t, i, {"meta/instanceID", "instanceID", "meta-instanceID", "KEY"});
          if (id.empty()) {
            const auto uuid = cell(t, i, {"_uuid"});
            if (!uuid.empty()) id = uuid.starts_with("uuid:") ? uuid : "uuid:" + uuid;
          }
          if (id.empty()) {
            std::string all = instrument.form_id;
            for (const auto& v : t.rows[i]) all += "\x1f" + v;
            id = "sha256:" + sha256_bytes(all).substr(0, 32);
          }
        }
        r.records.push_back(std::move(rec));
        r.keys.push_back(std::move(key));
        r.parents.push_back(std::move(parent));
        r.lines.push_back({static_cast<int>(ti), t.lines[i], {}});
        r.meta.push_back(std::move(meta));
        r.workshop.push_back(std::move(workshop));
        r.ids.push_back(std::move(id));
      }
    }
  }

  // Repeat instances attached to their parents, the deepest tables first.
  void attach() {
    std::vector<std::size_t> order;
    for (std::size_t ti = 1; ti < tables.size(); ++ti) order.push_back(ti);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return chain_of(table_repeat[a]).size() > chain_of(table_repeat[b]).size();
    });
    for (const auto ti : order) {
      const auto chain = chain_of(table_repeat[ti]);
      std::string parent_repeat = chain.size() >= 2 ? chain[chain.size() - 2] : "";
      const auto p = std::find(table_repeat.begin(), table_repeat.end(), parent_repeat);
      if (p == table_repeat.end()) {
        problems.add(
            {tables[ti].file, 0, 0, {}},
            fmt::format("repeat group « {} » sits in « {} », whose sheet is missing", table_repeat[ti], parent_repeat));
        continue;
      }
      auto& parent = rows[static_cast<std::size_t>(p - table_repeat.begin())];
      std::map<std::string, std::size_t> by_key;
      for (std::size_t i = 0; i < parent.keys.size(); ++i) by_key.emplace(parent.keys[i], i);
      auto& child = rows[ti];
      for (std::size_t i = 0; i < child.records.size(); ++i) {
        const auto it = by_key.find(child.parents[i]);
        if (it == by_key.end()) {
          problems.add(tables[ti].where(i, 0),
                       fmt::format("« {} » names no row of the parent table", child.parents[i]));
          continue;
        }
        parent.records[it->second].repeats[table_repeat[ti]].push_back(std::move(child.records[i]));
        parent.lines[it->second].repeats[table_repeat[ti]].push_back(std::move(child.lines[i]));
        ++out.repeat_instances[table_repeat[ti]];
      }
    }
  }

  // Every submission checked as a whole (relevance, required, constraints).
  void check() {
    AnswerChecker checker(instrument, options.today);
    std::map<std::string, std::size_t> seen_ids;
    std::set<std::string> warned;
    auto& mains = rows[0];
    out.rows = mains.records.size();
    for (std::size_t i = 0; i < mains.records.size(); ++i) {
      auto& rec = mains.records[i];
      for (const auto& p : checker.check(rec)) {
        // The problem's row: walk "rep[2]/…" through the lines of the instances.
        const Rows::Lines* at = &mains.lines[i];
        std::string rest = p.path;
        for (auto slash = rest.find('/'); slash != std::string::npos; slash = rest.find('/')) {
          const auto step = rest.substr(0, slash);
          rest = rest.substr(slash + 1);
          const auto open = step.find('[');
          if (open == std::string::npos) break;
          const auto name = step.substr(0, open);
          const auto index = std::stoul(step.substr(open + 1)) - 1;
          const auto it = at->repeats.find(name);
          if (it == at->repeats.end() || index >= it->second.size()) break;
          at = &it->second[index];
        }
        const auto& t = tables[static_cast<std::size_t>(at->table)];
        std::int64_t column = 0;
        for (const auto& [col, tc] : column_at[static_cast<std::size_t>(at->table)]) {
          if (columns[col].name() == p.question) column = static_cast<std::int64_t>(tc) + 1;
        }
        Location where{t.file, at->line, column, p.question};
        if (p.error) {
          problems.add(where, p.message);
        } else if (p.message.find("not checked") == std::string::npos || warned.insert(p.question + p.message).second) {
          out.warnings.push_back({where, p.message});
        }
      }
      const auto [it, fresh] = seen_ids.emplace(mains.ids[i], i);
      if (!fresh) {
        const bool same = tables[0].rows[i] == tables[0].rows[it->second];
        if (!same) {
          problems.add(tables[0].where(i, 0), fmt::format("submission id « {} » already used on line {}", mains.ids[i],
                                                          tables[0].lines[it->second]));
        } else {
          out.warnings.push_back({tables[0].where(i, 0), fmt::format("the same submission as line {}: counted once",
                                                                     tables[0].lines[it->second])});
        }
        continue;
      }
      Submission s;
      s.instance_id = mains.ids[i];
      s.workshop_id = mains.workshop[i];
      s.meta = std::move(mains.meta[i]);
      for (const char* k : {"_submission_time", "SubmissionDate", "end", "Timestamp"}) {
        if (const auto m = s.meta.find(k); m != s.meta.end() && s.submitted_at.empty()) s.submitted_at = m->second;
      }
      s.meta["source_row"] = fmt::format("{}:{}", tables[0].file, tables[0].lines[i]);
      s.data = std::move(rec);
      out.submissions.push_back(std::move(s));
    }
  }

  const Instrument& instrument;
  const AnswerFile& main;
  const AnswerImportOptions& options;
  AnswerImport out;
  ProblemList problems;
  const std::vector<AnswerColumn> columns;
  const std::vector<std::pair<const Item*, std::vector<std::string>>> repeats;
  const Resolver resolver;
  std::vector<Table> tables;
  std::vector<std::string> table_repeat;  // "" for the main table
  std::vector<Rows> rows;
  std::vector<std::vector<Binding>> bindings;
  std::set<std::string> metadata;                             // the form's metadata questions (start, end, deviceid…)
  std::vector<std::map<std::size_t, std::size_t>> column_at;  // per table: answer column → table column
};

}  // namespace

AnswerImport read_answers(const Instrument& instrument, const AnswerFile& main, const AnswerImportOptions& options) {
  return Reader(instrument, main, options).run();
}

}  // namespace fabscope::collect
