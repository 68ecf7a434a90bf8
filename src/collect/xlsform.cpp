// Reading and writing XLSForm workbooks (docs/collect/xlsform.md).
#include "collect/xlsform.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/xlsx.hpp"
#include "workshops/fields.hpp"

namespace fabscope::collect {
namespace {

constexpr std::size_t kMaxRows = 20'000;  // rows of one sheet: far beyond any questionnaire
constexpr std::size_t kMaxCell = 32'767;  // characters of a cell, as in Excel
constexpr std::array<std::string_view, 9> kTranslatable = {
    "label", "hint", "guidance_hint", "constraint_message", "required_message", "image", "audio", "video", "big-image"};
constexpr std::array<std::string_view, 5> kSelects = {"select_one", "select_multiple", "rank", "select_one_from_file",
                                                      "select_multiple_from_file"};
// Columns holding XPath expressions: checked for references and typographic quotes.
constexpr std::array<std::string_view, 6> kExpressions = {"relevant",      "constraint", "calculation",
                                                          "choice_filter", "required",   "repeat_count"};

std::string lower(std::string_view s) { return text::to_lower(s); }

// A header cell: its key after XLSForm's aliases, and its language.
struct Column {
  std::string key, lang, written;
};

Column parse_header(const std::string& written) {
  Column c;
  c.written = written;
  std::vector<std::string> parts;
  std::string s(text::trim(written));
  for (std::size_t from = 0;;) {
    const auto at = s.find("::", from);
    parts.emplace_back(text::trim(s.substr(from, at == std::string::npos ? std::string::npos : at - from)));
    if (at == std::string::npos) break;
    from = at + 2;
  }
  if (parts.size() > 1 && lower(parts[0]) == "media") parts.erase(parts.begin());
  std::string key = lower(parts[0]);
  std::replace(key.begin(), key.end(), ' ', '_');
  static const std::set<std::string> known = {"type",
                                              "name",
                                              "label",
                                              "hint",
                                              "guidance_hint",
                                              "constraint_message",
                                              "required_message",
                                              "image",
                                              "audio",
                                              "video",
                                              "big-image",
                                              "relevant",
                                              "constraint",
                                              "required",
                                              "calculation",
                                              "choice_filter",
                                              "appearance",
                                              "default",
                                              "repeat_count",
                                              "read_only",
                                              "parameters",
                                              "list_name",
                                              "trigger",
                                              "bind",
                                              "body",
                                              "instance",
                                              "form_title",
                                              "form_id",
                                              "version",
                                              "default_language",
                                              "instance_name",
                                              "public_key",
                                              "submission_url",
                                              "style",
                                              "allow_choice_duplicates",
                                              "omit_instanceid",
                                              "clean_text_values",
                                              "add_none_option",
                                              "autoplay",
                                              "jr:constraintmsg",
                                              "constraintmsg",
                                              "jr:requiredmsg",
                                              "requiredmsg",
                                              "relevance",
                                              "calculate",
                                              "caption",
                                              "readonly",
                                              "jr:count",
                                              "namespaces",
                                              "media",
                                              "rows"};
  static const std::map<std::string, std::string> aliases = {{"jr:constraintmsg", "constraint_message"},
                                                             {"constraintmsg", "constraint_message"},
                                                             {"jr:requiredmsg", "required_message"},
                                                             {"requiredmsg", "required_message"},
                                                             {"relevance", "relevant"},
                                                             {"calculate", "calculation"},
                                                             {"caption", "label"},
                                                             {"list name", "list_name"},
                                                             {"readonly", "read_only"},
                                                             {"jr:count", "repeat_count"},
                                                             {"noapperrorstring", "bind::jr:noAppErrorString"},
                                                             {"jr:noapperrorstring", "bind::jr:noAppErrorString"}};
  if (const auto it = aliases.find(key); it != aliases.end()) {
    key = it->second;
  } else if (known.count(key) == 0 && parts.size() == 1) {
    key = std::string(text::trim(parts[0]));  // an unknown column keeps its case (bind and body attributes)
  }
  c.key = key;
  if (parts.size() > 1 && std::find(kTranslatable.begin(), kTranslatable.end(), key) != kTranslatable.end()) {
    c.lang = parts[1];
  } else if (parts.size() > 1) {
    c.key = key + "::" + parts[1];  // bind::…, body::…: kept whole
  }
  return c;
}

bool translatable(const std::string& key) {
  return std::find(kTranslatable.begin(), kTranslatable.end(), key) != kTranslatable.end();
}

// A question's type after the aliases, and its list and or_other.
struct Type {
  std::string kind;  // "begin group", "end group", "begin repeat", "end repeat", or a question type
  std::string list;
  bool or_other = false;
};

Type parse_type(const std::string& written) {
  std::vector<std::string> tokens;
  std::string token;
  for (const char ch : written + " ") {
    if (ch == ' ' || ch == '\t') {
      if (!token.empty()) tokens.push_back(token);
      token.clear();
    } else {
      token += ch;
    }
  }
  Type t;
  if (tokens.empty()) return t;
  std::string first = lower(tokens[0]);
  std::size_t next = 1;
  if ((first == "begin" || first == "end") && tokens.size() > 1) {
    t.kind = first + " " + lower(tokens[1]);
    return t;
  }
  if (first == "begin_group" || first == "end_group" || first == "begin_repeat" || first == "end_repeat") {
    t.kind = first.replace(first.find('_'), 1, " ");
    return t;
  }
  if (first == "select" && tokens.size() > 1) {
    const auto second = lower(tokens[1]);
    first = second == "one" ? "select_one" : "select_multiple";
    next = 2;
  }
  static const std::map<std::string, std::string> aliases = {
      {"int", "integer"},          {"string", "text"},       {"select_all_that_apply", "select_multiple"},
      {"add_note_prompt", "note"}, {"location", "geopoint"}, {"gps", "geopoint"},
      {"photo", "image"},          {"imei", "deviceid"},     {"q_picture", "image"}};
  if (const auto it = aliases.find(first); it != aliases.end()) first = it->second;
  t.kind = first;
  if (std::find(kSelects.begin(), kSelects.end(), first) != kSelects.end() && tokens.size() > next) {
    t.list = tokens[next];
    t.or_other = tokens.size() > next + 1 && lower(tokens[next + 1]) == "or_other";
  }
  return t;
}

bool valid_name(const std::string& n) {
  if (n.empty()) return false;
  const auto first = static_cast<unsigned char>(n[0]);
  if (!(std::isalpha(first) || n[0] == '_' || first >= 0x80)) return false;
  return std::all_of(n.begin(), n.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return std::isalnum(u) || ch == '_' || ch == '-' || ch == '.' || u >= 0x80;
  });
}

class Reader {
 public:
  Reader(const io::XlsxWorkbook& book, std::string stem) : m_book(book), m_stem(std::move(stem)) {}

  Instrument read() {
    Instrument ins;
    const auto& names = m_book.sheet_names();
    auto find = [&](const std::string& want) -> std::string {
      for (const auto& n : names) {
        if (lower(n) == want) return n;
      }
      return {};
    };
    m_survey = find("survey");
    if (m_survey.empty()) {
      throw InputError(Problem{{m_book.label(), 0, 0, "survey"},
                               fmt::format("no sheet « survey » (sheets: {})", fmt::join(names, ", "))});
    }
    for (const auto& n : names) ins.sheets.push_back(sheet(n));
    const std::string choices = find("choices");
    const std::string settings = find("settings");
    for (const auto& s : ins.sheets) {
      if (s.name == settings) read_settings(s, ins);
    }
    for (const auto& s : ins.sheets) {
      if (s.name == choices) read_choices(s, ins);
    }
    for (const auto& s : ins.sheets) {
      if (s.name == m_survey) read_survey(s, ins);
    }
    check_references();
    m_problems.throw_if_any();
    ins.warnings = std::move(m_warnings);
    return ins;
  }

 private:
  Location where(const std::string& sheet, std::int64_t row, std::size_t column, const std::string& field) const {
    return m_book.where(sheet, row, column, field);
  }

  Sheet sheet(const std::string& name) {
    Sheet s;
    s.name = name;
    m_book.for_each_row(name, [&](const io::XlsxRow& row) {
      std::vector<std::string> cells;
      cells.reserve(row.cells.size());
      for (const auto& c : row.cells) {
        if (c.type == io::CellType::boolean) {
          cells.emplace_back(c.value == "1" ? "TRUE" : "FALSE");
        } else if (const auto v = c.type == io::CellType::number ? text::parse_double(c.value) : std::nullopt;
                   v && std::isfinite(*v) && std::floor(*v) == *v && std::abs(*v) < 1e15) {
          cells.push_back(fmt::format("{:.0f}", *v));  // 2.0 → 2, as pyxform reads whole numbers
        } else {
          cells.emplace_back(c.value);
        }
      }
      while (!cells.empty() && text::trim(cells.back()).empty()) cells.pop_back();
      if (cells.empty()) return true;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (cells[c].size() > kMaxCell) {
          m_problems.add(where(name, row.number, c, ""),
                         fmt::format("a cell of {} bytes (at most {})", cells[c].size(), kMaxCell));
          cells[c].resize(0);
        }
      }
      if (s.header.empty()) {
        s.header = std::move(cells);
        m_header_row[name] = row.number;
        return true;
      }
      if (s.rows.size() >= kMaxRows) {
        m_problems.add(where(name, row.number, 0, ""), fmt::format("more than {} rows", kMaxRows));
        return false;
      }
      s.rows.push_back(std::move(cells));
      s.row_numbers.push_back(row.number);
      return true;
    });
    return s;
  }

  static std::vector<Column> columns_of(const Sheet& s) {
    std::vector<Column> cols;
    cols.reserve(s.header.size());
    for (const auto& h : s.header) cols.push_back(parse_header(h));
    return cols;
  }

  void note_language(Instrument& ins, const std::string& lang) {
    if (!lang.empty() && std::find(ins.languages.begin(), ins.languages.end(), lang) == ins.languages.end())
      ins.languages.push_back(lang);
  }

  void read_settings(const Sheet& s, Instrument& ins) {
    const auto cols = columns_of(s);
    if (!s.rows.empty()) {
      for (std::size_t c = 0; c < cols.size() && c < s.rows.front().size(); ++c) {
        const std::string v(text::trim(s.rows.front()[c]));
        if (!v.empty() && !cols[c].key.empty()) ins.settings[cols[c].key] = v;
      }
    }
    auto get = [&](const char* k) {
      const auto it = ins.settings.find(k);
      return it == ins.settings.end() ? std::string() : it->second;
    };
    ins.name = get("name");
    ins.form_id = get("form_id");
    ins.title = get("form_title");
    ins.version = get("version");
    ins.default_language = get("default_language");
  }

  void read_choices(const Sheet& s, Instrument& ins) {
    const auto cols = columns_of(s);
    std::optional<std::size_t> list_col, name_col;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].key == "list_name") list_col = c;
      if (cols[c].key == "name") name_col = c;
    }
    const auto header_row = m_header_row[s.name];
    if (!list_col || !name_col) {
      m_problems.add(where(s.name, header_row, 0, "list_name, name"), "the choices sheet needs list_name and name");
      return;
    }
    const bool duplicates_allowed =
        ins.settings.count("allow_choice_duplicates") > 0 && lower(ins.settings.at("allow_choice_duplicates")) == "yes";
    std::map<std::string, std::set<std::string>> seen;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const auto& row = s.rows[r];
      auto cell = [&](std::size_t c) { return c < row.size() ? std::string(text::trim(row[c])) : std::string(); };
      const auto line = s.row_numbers[r];
      const auto list_name = cell(*list_col);
      const auto name = cell(*name_col);
      if (list_name.empty() && name.empty()) continue;
      if (list_name.empty()) {
        m_problems.add(where(s.name, line, *list_col, s.header[*list_col]), "a choice without a list name");
        continue;
      }
      if (name.empty()) {
        m_problems.add(where(s.name, line, *name_col, s.header[*name_col]),
                       fmt::format("a choice of the list « {} » without a name", list_name));
        continue;
      }
      if (!seen[list_name].insert(name).second && !duplicates_allowed) {
        m_problems.add(where(s.name, line, *name_col, s.header[*name_col]),
                       fmt::format("the choice « {} » appears twice in the list « {} »", name, list_name));
        continue;
      }
      auto it =
          std::find_if(ins.lists.begin(), ins.lists.end(), [&](const ChoiceList& l) { return l.name == list_name; });
      if (it == ins.lists.end()) {
        ChoiceList l;
        l.name = list_name;
        for (std::size_t c = 0; c < cols.size(); ++c) {
          if (c != *list_col && c != *name_col && !translatable(cols[c].key) && !cols[c].key.empty())
            l.extra_columns.push_back(cols[c].key);
        }
        ins.lists.push_back(std::move(l));
        it = std::prev(ins.lists.end());
      }
      Choice ch;
      ch.name = name;
      ch.row = line;
      for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c == *list_col || c == *name_col) continue;
        const auto v = cell(c);
        if (v.empty()) continue;
        if (translatable(cols[c].key)) {
          ch.texts[cols[c].key][cols[c].lang] = v;
          note_language(ins, cols[c].lang);
        } else if (!cols[c].key.empty()) {
          ch.extra[cols[c].key] = v;
        }
      }
      it->choices.push_back(std::move(ch));
    }
  }

  void read_survey(const Sheet& s, Instrument& ins) {
    const auto cols = columns_of(s);
    const auto header_row = m_header_row[s.name];
    std::optional<std::size_t> type_col, name_col;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].key == "type") type_col = c;
      if (cols[c].key == "name") name_col = c;
      note_language(ins, cols[c].lang);
    }
    if (!type_col || !name_col) {
      m_problems.add(where(s.name, header_row, 0, "type, name"), "the survey sheet needs the columns type and name");
      return;
    }
    if (ins.name.empty()) ins.name = m_stem;
    if (ins.form_id.empty()) ins.form_id = ins.name;
    if (ins.title.empty()) ins.title = ins.name;
    ins.root.kind = ItemKind::group;
    ins.root.name = ins.name;
    std::vector<Item*> stack = {&ins.root};
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const auto& row = s.rows[r];
      const auto line = s.row_numbers[r];
      auto cell = [&](std::size_t c) { return c < row.size() ? std::string(text::trim(row[c])) : std::string(); };
      const auto written = cell(*type_col);
      if (written.empty()) {
        m_problems.add(where(s.name, line, *type_col, "type"), "a row without a type");
        continue;
      }
      const Type t = parse_type(written);
      if (t.kind == "end group" || t.kind == "end repeat") {
        const auto want = t.kind == "end group" ? ItemKind::group : ItemKind::repeat;
        if (stack.size() == 1 || stack.back()->kind != want) {
          m_problems.add(where(s.name, line, *type_col, "type"),
                         fmt::format("« {} » without a matching begin", written));
        } else {
          stack.pop_back();
        }
        continue;
      }
      Item item;
      item.row = line;
      item.name = cell(*name_col);
      if (t.kind == "begin group" || t.kind == "begin repeat") {
        item.kind = t.kind == "begin group" ? ItemKind::group : ItemKind::repeat;
        item.type = t.kind == "begin group" ? "group" : "repeat";
      } else if (is_known_type(t.kind)) {
        item.type = t.kind;
        item.list = t.list;
        item.or_other = t.or_other;
        if (std::find(kSelects.begin(), kSelects.end(), t.kind) != kSelects.end() && t.list.empty()) {
          m_problems.add(where(s.name, line, *type_col, "type"), fmt::format("« {} » names no choice list", written));
        }
      } else {
        m_problems.add(where(s.name, line, *type_col, "type"), fmt::format("unknown question type « {} »", written));
        continue;
      }
      if (!valid_name(item.name)) {
        m_problems.add(where(s.name, line, *name_col, "name"),
                       item.name.empty() ? std::string("a row without a name")
                                         : fmt::format("« {} » is not a valid name (letters, digits, _ - .; not "
                                                       "starting with a digit)",
                                                       item.name));
      }
      for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c == *type_col || c == *name_col || cols[c].key.empty()) continue;
        const auto v = cell(c);
        if (v.empty()) continue;
        if (translatable(cols[c].key)) {
          item.texts[cols[c].key][cols[c].lang] = v;
          m_located.push_back({item.name, cols[c].key, where(s.name, line, c, s.header[c]), v});
        } else {
          item.columns[cols[c].key] = v;
          m_located.push_back({item.name, cols[c].key, where(s.name, line, c, s.header[c]), v});
        }
      }
      auto& siblings = stack.back()->children;
      if (std::any_of(siblings.begin(), siblings.end(), [&](const Item& o) { return o.name == item.name; }) &&
          !item.name.empty()) {
        m_problems.add(where(s.name, line, *name_col, "name"),
                       fmt::format("the name « {} » is used twice in the same group", item.name));
      }
      check_item(s, line, *type_col, item, ins);
      siblings.push_back(std::move(item));
      if (siblings.back().kind != ItemKind::question) stack.push_back(&siblings.back());
    }
    for (std::size_t k = 1; k < stack.size(); ++k) {
      m_problems.add(where(s.name, stack[k]->row, *type_col, "type"),
                     fmt::format("« {} » is never closed (end {})", stack[k]->name,
                                 stack[k]->kind == ItemKind::group ? "group" : "repeat"));
    }
    m_names.clear();
    std::function<void(const Item&)> collect = [&](const Item& i) {
      for (const auto& c : i.children) {
        m_names.insert(c.name);
        collect(c);
      }
    };
    collect(ins.root);
  }

  void check_item(const Sheet& s, std::int64_t line, std::size_t type_col, const Item& item, const Instrument& ins) {
    if (item.kind != ItemKind::question) return;
    const bool select = std::find(kSelects.begin(), kSelects.end(), item.type) != kSelects.end();
    if (select && !item.list.empty() && item.type.find("from_file") == std::string::npos &&
        ins.list(item.list) == nullptr) {
      m_problems.add(where(s.name, line, type_col, "type"),
                     fmt::format("the choice list « {} » is not in the choices sheet", item.list));
    }
    const auto field = item.column("fabscope::field");
    if (!field.empty() && workshops::find_field(field) == nullptr) {
      m_warnings.push_back(
          {where(s.name, line, type_col, "fabscope::field"),
           fmt::format("« {} » is not a workshop field (fabscope workshops fields): the answer to « {} "
                       "» will fill nothing",
                       field, item.name)});
    }
    const bool needs_label = !is_metadata_type(item.type) && item.type != "calculate" && item.type != "hidden" &&
                             item.type != "xml-external" && item.type != "csv-external";
    if (needs_label && item.texts.count("label") == 0 && item.texts.count("image") == 0) {
      m_warnings.push_back(
          {where(s.name, line, type_col, "label"), fmt::format("the question « {} » has no label", item.name)});
    }
  }

  // Every ${name} of an expression or a label names a question of the form; typographic
  // quotes in an expression are flagged (they break the XPath in ODK).
  void check_references() {
    for (const auto& c : m_located) {
      for (const auto& r : references(c.value)) {
        const std::string& target = r.name;
        if (m_names.count(target) == 0) {
          m_problems.add(c.where, fmt::format("${{{}}}: no question of this form is named « {} »", target, target));
        }
      }
      const bool expression = std::find(kExpressions.begin(), kExpressions.end(), c.key) != kExpressions.end();
      if (expression && (c.value.find("\u2018") != std::string::npos || c.value.find("\u2019") != std::string::npos ||
                         c.value.find("\u201c") != std::string::npos || c.value.find("\u201d") != std::string::npos)) {
        m_warnings.push_back({c.where, fmt::format("typographic quotes in « {} »: write ' or \" (ODK cannot evaluate "
                                                   "this expression)",
                                                   c.value)});
      }
    }
  }

  struct Located {
    std::string item, key;
    Location where;
    std::string value;
  };

  const io::XlsxWorkbook& m_book;
  std::string m_stem, m_survey;
  std::map<std::string, std::int64_t> m_header_row;
  std::vector<Located> m_located;
  std::set<std::string> m_names;
  ProblemList m_problems;
  std::vector<Warning> m_warnings;
};

}  // namespace

Instrument read_xlsform_bytes(std::string bytes, const std::string& label, const std::string& stem) {
  const auto book = io::XlsxWorkbook::open_bytes(std::move(bytes), label);
  return Reader(book, stem).read();
}

Instrument read_xlsform(const std::filesystem::path& path) {
  return read_xlsform_bytes(io::read_file(path), path.filename().string(), path.stem().string());
}

std::vector<io::XlsxSheet> xlsform_sheets(const Instrument& instrument) {
  std::vector<io::XlsxSheet> out;
  out.reserve(instrument.sheets.size());
  for (const auto& s : instrument.sheets) {
    io::XlsxSheet x;
    x.name = s.name;
    x.header = s.header;
    x.rows.reserve(s.rows.size());
    for (const auto& row : s.rows) {
      std::vector<io::XlsxValue> cells;
      cells.reserve(row.size());
      for (const auto& c : row) {
        if (c.empty()) {
          cells.emplace_back(std::monostate{});
        } else {
          cells.emplace_back(c);
        }
      }
      x.rows.push_back(std::move(cells));
    }
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace fabscope::collect
