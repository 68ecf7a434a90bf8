// Answers: reading raw values in canonical form, checking submissions (answers.hpp).
#include "collect/answers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <set>

#include "core/catalog.hpp"
#include "core/text.hpp"
#include "expr/xpath.hpp"

namespace fabscope::collect {
namespace {

// A label as matched: accents and case folded, every blank removed ("< 10%" = "<10%").
std::string key_of(std::string_view s) {
  std::string out;
  for (const char c : text::fold(s)) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

std::string_view type_of(const Item& q) { return q.type; }

bool valid_date(int y, int m, int d) {
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  return y >= 1 && y <= 9999 && ymd.ok();
}

std::string iso(int y, int m, int d) { return fmt::format("{:04}-{:02}-{:02}", y, m, d); }

// A date written in `order` (separators / - .), or ISO, as yyyy-mm-dd; "" when it is none.
std::string read_date(std::string_view s, const ValueOptions& options) {
  if (options.numeric_cell) {  // a spreadsheet's serial number (1900 date system)
    if (const auto n = text::parse_double(s); n && *n >= 1 && *n < 2958466) {
      const std::chrono::sys_days day = std::chrono::sys_days{std::chrono::year{1899} / 12 / 30} +
                                        std::chrono::days{static_cast<long>(std::floor(*n))};
      const std::chrono::year_month_day ymd{day};
      return iso(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                 static_cast<int>(static_cast<unsigned>(ymd.day())));
    }
  }
  std::vector<int> parts;
  std::vector<std::size_t> widths;
  std::size_t i = 0;
  while (i < s.size() && parts.size() < 4) {
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i || j - i > 4) return {};
    parts.push_back(std::stoi(std::string(s.substr(i, j - i))));
    widths.push_back(j - i);
    if (j == s.size()) break;
    if (parts.size() == 3) {  // ISO with a time: 2015-02-11T10:00 or "2015-02-11 10:00"
      if ((s[j] == 'T' || s[j] == ' ') && widths[0] == 4) break;
      return {};
    }
    if (s[j] != '/' && s[j] != '-' && s[j] != '.') return {};
    i = j + 1;
  }
  if (parts.size() != 3) return {};
  int y = 0;
  int m = 0;
  int d = 0;
  if (widths[0] == 4) {
    y = parts[0], m = parts[1], d = parts[2];
  } else if (widths[2] == 4 && options.dates != DateOrder::ymd) {
    y = parts[2];
    m = options.dates == DateOrder::dmy ? parts[1] : parts[0];
    d = options.dates == DateOrder::dmy ? parts[0] : parts[1];
  } else {
    return {};
  }
  return valid_date(y, m, d) ? iso(y, m, d) : std::string();
}

std::string date_example(DateOrder order, Lang lang) {
  const bool fr = lang == Lang::fr;
  switch (order) {
    case DateOrder::dmy:
      return fr ? "jj/mm/aaaa" : "dd/mm/yyyy";
    case DateOrder::mdy:
      return fr ? "mm/jj/aaaa" : "mm/dd/yyyy";
    case DateOrder::ymd:
      break;
  }
  return fr ? "aaaa-mm-jj" : "yyyy-mm-dd";
}

// Line breaks as LF (the old Mac's bare CR and Windows' CRLF included).
std::string unix_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

template <class... Args>
std::string msg(Lang lang, std::string_view key, const Args&... args) {
  return fmt::format(fmt::runtime(tr(lang, key)), args...);
}

std::string list_preview(const ChoiceList& list, Lang lang) {
  std::string out;
  for (std::size_t i = 0; i < list.choices.size() && i < 8; ++i) out += (i ? ", " : "") + list.choices[i].name;
  if (list.choices.size() > 8) out += msg(lang, "answer.more_choices", list.choices.size());
  return out;
}

// The choice of `list` whose name is `raw`, else whose label (any language) matches it.
const Choice* find_choice(const ChoiceList& list, std::string_view raw) {
  for (const auto& c : list.choices) {
    if (c.name == raw) return &c;
  }
  const auto key = key_of(raw);
  if (key.empty()) return nullptr;
  for (const auto& c : list.choices) {
    const auto label = c.texts.find("label");
    if (label == c.texts.end()) continue;
    for (const auto& [lang, text] : label->second) {
      if (key_of(text) == key) return &c;
    }
  }
  return nullptr;
}

Normalised read_select_one(const Item& q, const ChoiceList& list, std::string_view t, Lang lang) {
  if (const auto* c = find_choice(list, t)) return {c->name, std::nullopt, {}};
  if (q.or_other && key_of(t) == "other") return {"other", std::nullopt, {}};  // the code itself
  if (q.or_other) return {"other", unix_lines(t), {}};
  return {{}, std::nullopt, msg(lang, "answer.not_choice", t, list.name, list_preview(list, lang))};
}

Normalised read_select_multiple(const Item& q, const ChoiceList& list, std::string_view t, Lang lang) {
  std::vector<std::string> names;
  const auto add = [&](const std::string& n) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  // ODK's form: choice names separated by spaces.
  bool all_names = true;
  for (const auto& token : text::split(t, ' ')) {
    if (token.empty()) continue;
    const auto it =
        std::find_if(list.choices.begin(), list.choices.end(), [&](const Choice& c) { return c.name == token; });
    if (it == list.choices.end() && !(q.or_other && token == "other")) {
      all_names = false;
      break;
    }
  }
  if (all_names) {
    for (const auto& token : text::split(t, ' ')) {
      if (!token.empty()) add(std::string(token));
    }
    std::string value;
    for (const auto& n : names) value += (value.empty() ? "" : " ") + n;
    return {value, std::nullopt, {}};
  }
  // Labels separated by commas (Google Forms, Kobo's labels export); a label may itself hold
  // commas, so the longest run of pieces that makes a label wins.
  std::vector<std::string_view> pieces;
  for (const auto& p : text::split(t, ',')) pieces.push_back(text::trim(p));
  std::vector<std::string> unmatched;
  for (std::size_t i = 0; i < pieces.size();) {
    const Choice* found = nullptr;
    std::size_t end = i;
    std::string joined;
    for (std::size_t j = pieces.size(); j > i && found == nullptr; --j) {
      joined.clear();
      for (std::size_t k = i; k < j; ++k) joined += (k > i ? ", " : "") + std::string(pieces[k]);
      found = find_choice(list, joined);
      end = j;
    }
    if (found != nullptr) {
      add(found->name);
      i = end;
    } else if (q.or_other && key_of(pieces[i]) == "other") {  // the code itself
      add("other");
      ++i;
    } else {
      if (!pieces[i].empty()) unmatched.emplace_back(pieces[i]);
      ++i;
    }
  }
  Normalised out;
  if (!unmatched.empty()) {
    std::string other;
    for (const auto& u : unmatched) other += (other.empty() ? "" : ", ") + u;
    if (!q.or_other) {
      return {{}, std::nullopt, msg(lang, "answer.not_choice", other, list.name, list_preview(list, lang))};
    }
    add("other");
    out.other = unix_lines(other);
  }
  for (const auto& n : names) out.value += (out.value.empty() ? "" : " ") + n;
  return out;
}

}  // namespace

Normalised normalise_answer(const Instrument& instrument, const Item& q, std::string_view raw,
                            const ValueOptions& options) {
  const auto t = text::trim(raw);
  if (t.empty()) return {};
  const auto type = type_of(q);
  if (type == "integer") {
    if (const auto i = text::parse_int(t)) return {std::to_string(*i), std::nullopt, {}};
    if (const auto d = text::parse_double(t); d && std::floor(*d) == *d && std::abs(*d) < 9e15) {
      return {std::to_string(static_cast<long long>(*d)), std::nullopt, {}};
    }
    return {{}, std::nullopt, msg(options.lang, "answer.not_integer", t)};
  }
  if (type == "decimal" || type == "range") {
    auto d = text::parse_double(t);
    if (!d) d = text::parse_double(t, true);
    if (d && std::isfinite(*d)) return {text::format_double(*d), std::nullopt, {}};
    return {{}, std::nullopt, msg(options.lang, "answer.not_number", t)};
  }
  if (type == "date") {
    auto d = read_date(t, options);
    if (!d.empty()) return {d, std::nullopt, {}};
    return {{}, std::nullopt, msg(options.lang, "answer.not_date", t, date_example(options.dates, options.lang))};
  }
  if (type == "geopoint") {
    const auto parts = text::split(t, ' ');
    std::vector<double> v;
    for (const auto& p : parts) {
      if (p.empty()) continue;
      const auto d = text::parse_double(p);
      if (!d) {
        v.clear();
        break;
      }
      v.push_back(*d);
    }
    if (v.size() >= 2 && v.size() <= 4 && std::abs(v[0]) <= 90 && std::abs(v[1]) <= 180) {
      std::string out;
      for (const double x : v) out += (out.empty() ? "" : " ") + text::format_double(x);
      return {out, std::nullopt, {}};
    }
    return {{}, std::nullopt, msg(options.lang, "answer.not_point", t)};
  }
  if (type == "select_one" || type == "select_multiple") {
    const auto* list = instrument.list(q.list);
    if (list == nullptr) return {std::string(t), std::nullopt, {}};  // validated at the form's import
    return type == "select_one" ? read_select_one(q, *list, t, options.lang)
                                : read_select_multiple(q, *list, t, options.lang);
  }
  return {unix_lines(raw), std::nullopt, {}};
}

std::string choice_label(const Instrument& instrument, const Item& q, const std::string& name,
                         const std::string& lang) {
  const auto* list = instrument.list(q.list);
  if (list == nullptr) return name;
  for (const auto& c : list->choices) {
    if (c.name != name) continue;
    const auto label = c.texts.find("label");
    if (label == c.texts.end() || label->second.empty()) return name;
    const auto l = label->second.find(lang);
    if (l != label->second.end() && !l->second.empty()) return l->second;
    const auto d = label->second.find(instrument.default_language);
    if (d != label->second.end() && !d->second.empty()) return d->second;
    return label->second.begin()->second.empty() ? name : label->second.begin()->second;
  }
  return name;
}

namespace {

void walk_columns(const Item& item, std::vector<std::string>& repeats, std::vector<AnswerColumn>& out) {
  for (const auto& c : item.children) {
    if (c.kind == ItemKind::question) {
      if (c.type == "note" || is_metadata_type(c.type)) continue;
      out.push_back({&c, repeats, false});
      if (c.or_other) out.push_back({&c, repeats, true});
    } else if (c.kind == ItemKind::repeat) {
      repeats.push_back(c.name);
      walk_columns(c, repeats, out);
      repeats.pop_back();
    } else {
      walk_columns(c, repeats, out);
    }
  }
}

void walk_repeats(const Item& item, std::vector<std::string>& chain,
                  std::vector<std::pair<const Item*, std::vector<std::string>>>& out) {
  for (const auto& c : item.children) {
    if (c.kind == ItemKind::repeat) {
      out.emplace_back(&c, chain);
      chain.push_back(c.name);
      walk_repeats(c, chain, out);
      chain.pop_back();
    } else if (c.kind == ItemKind::group) {
      walk_repeats(c, chain, out);
    }
  }
}

}  // namespace

void drop_irrelevant(const Instrument& instrument, Record& record, const std::string& today) {
  std::set<std::string> relevant;
  (void)AnswerChecker(instrument, today).check(record, &relevant);
  std::map<std::string, const Item*> questions;
  for (const auto* q : instrument.questions()) questions.emplace(q->name, q);
  for (auto it = record.values.begin(); it != record.values.end();) {
    auto name = it->first;
    if (!questions.contains(name) && name.ends_with("_other")) name = name.substr(0, name.size() - 6);
    const auto q = questions.find(name);
    const bool drop = q != questions.end() && q->second->type != "calculate" && !is_metadata_type(q->second->type) &&
                      !relevant.contains(name);
    it = drop ? record.values.erase(it) : std::next(it);
  }
}

std::vector<AnswerColumn> answer_columns(const Instrument& instrument) {
  std::vector<AnswerColumn> out;
  std::vector<std::string> repeats;
  walk_columns(instrument.root, repeats, out);
  return out;
}

std::vector<std::pair<const Item*, std::vector<std::string>>> repeat_groups(const Instrument& instrument) {
  std::vector<std::pair<const Item*, std::vector<std::string>>> out;
  std::vector<std::string> chain;
  walk_repeats(instrument.root, chain, out);
  return out;
}

std::optional<std::set<std::string>> filtered_choices(const Instrument& instrument, const Item& question,
                                                      const std::function<expr::XValue(const std::string&)>& lookup,
                                                      const std::string& today) {
  const auto text = question.column("choice_filter");
  const auto* list = instrument.list(question.list);
  if (text.empty() || list == nullptr) return std::nullopt;
  std::optional<expr::XPath> filter;
  try {
    filter = expr::XPath::parse_choice_filter(text);
  } catch (const expr::ParseError&) {
    return std::nullopt;
  }
  std::set<std::string> out;
  expr::XContext cx;
  cx.lookup = lookup;
  cx.today = today;
  for (const auto& c : list->choices) {
    cx.column = [&c](const std::string& column) -> expr::XValue {
      if (column == "name") return c.name;
      const auto it = c.extra.find(column);
      return it == c.extra.end() ? std::string() : it->second;
    };
    if (filter->test(cx)) out.insert(c.name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Checking.

struct AnswerChecker::State {
  // Each question's repeats (outermost first), for ${name} lookups.
  std::map<std::string, std::vector<std::string>> chains;
  // Expressions parsed once: the expression, or the reason it is not supported.
  mutable std::map<std::string, std::pair<std::optional<expr::XPath>, std::string>> parsed;

  const std::pair<std::optional<expr::XPath>, std::string>& parse(const std::string& text) const {
    auto it = parsed.find(text);
    if (it != parsed.end()) return it->second;
    std::pair<std::optional<expr::XPath>, std::string> entry;
    try {
      entry.first = expr::XPath::parse(text);
    } catch (const expr::ParseError& e) {
      entry.second = e.what();
    }
    return parsed.emplace(text, std::move(entry)).first->second;
  }
};

namespace {

struct Frame {
  Record* record = nullptr;
  const Frame* parent = nullptr;
  std::vector<std::string> chain;  // repeats from the root to this record
  std::string path;                // "purchases[2]/" for messages
};

void gather(const Record& r, const std::vector<std::string>& chain, std::size_t depth, const std::string& name,
            expr::NodeSet& out) {
  if (depth == chain.size()) {
    const auto v = r.value(name);
    if (!v.empty()) out.push_back(v);
    return;
  }
  const auto it = r.repeats.find(chain[depth]);
  if (it == r.repeats.end()) return;
  for (const auto& child : it->second) gather(child, chain, depth + 1, name, out);
}

}  // namespace

AnswerChecker::AnswerChecker(const Instrument& instrument, std::string today, Lang lang)
    : m_instrument(instrument), m_today(std::move(today)), m_lang(lang), m_state(std::make_unique<State>()) {
  for (const auto& c : answer_columns(instrument)) m_state->chains[c.name()] = c.repeats;
  for (const auto* q : instrument.questions()) {
    if (!m_state->chains.contains(q->name)) m_state->chains[q->name] = {};
  }
}

AnswerChecker::~AnswerChecker() = default;

// One check of one record: the problems found, the expressions reported once.
struct AnswerChecker::Walk {
  const AnswerChecker& checker;
  std::set<std::string>* relevant;
  std::string form_lang;  // the form's language for its messages
  std::vector<AnswerProblem> problems;
  std::set<std::string> reported;

  [[nodiscard]] expr::XContext context(const Frame& f, const std::string& current) const {
    const auto& st = *checker.m_state;
    expr::XContext cx;
    cx.today = checker.m_today;
    cx.current = current;
    cx.lookup = [&st, &f](const std::string& name) -> expr::XValue {
      const auto q = st.chains.find(name);
      if (q == st.chains.end()) return std::string();
      const auto& want = q->second;
      // The deepest frame whose repeats are a prefix of the question's.
      const Frame* at = &f;
      while (at->parent != nullptr &&
             (at->chain.size() > want.size() || !std::equal(at->chain.begin(), at->chain.end(), want.begin()))) {
        at = at->parent;
      }
      if (at->chain.size() == want.size()) return at->record->value(name);
      expr::NodeSet nodes;
      gather(*at->record, want, at->chain.size(), name, nodes);
      return nodes;
    };
    return cx;
  }

  // The expression of `column` of `q`, or null with a warning when it cannot be checked.
  const expr::XPath* expression(const Frame& f, const Item& q, const std::string& column) {
    const auto text = q.column(column);
    if (text.empty()) return nullptr;
    const auto& p = checker.m_state->parse(text);
    if (!p.first) {
      if (reported.insert(q.name + "\n" + column).second) {
        problems.push_back(
            {f.path + q.name, q.name, false, msg(checker.m_lang, "answer.not_checked", column, p.second)});
      }
      return nullptr;
    }
    return &*p.first;
  }

  static Frame child_of(Frame& f, const Item& repeat, std::vector<Record>& instances, std::size_t i) {
    Frame child{&instances[i], &f, f.chain, fmt::format("{}{}[{}]/", f.path, repeat.name, i + 1)};
    child.chain.push_back(repeat.name);
    return child;
  }

  // Calculations, in the order of the form, in every instance.
  void calculate(const Item& group, Frame& f) {
    for (const auto& c : group.children) {
      if (c.kind == ItemKind::group) {
        calculate(c, f);
      } else if (c.kind == ItemKind::repeat) {
        auto it = f.record->repeats.find(c.name);
        if (it == f.record->repeats.end()) continue;
        for (std::size_t i = 0; i < it->second.size(); ++i) {
          auto child = child_of(f, c, it->second, i);
          calculate(c, child);
        }
      } else if (c.type == "calculate" && f.record->value(c.name).empty()) {
        if (const auto* x = expression(f, c, "calculation")) {
          auto v = expr::to_string(x->eval(context(f, {})));
          if (v != "NaN" && !v.empty()) f.record->values[c.name] = std::move(v);
        }
      }
    }
  }

  bool truthy(const Frame& f, const Item& q, const std::string& column, bool fallback) {
    const auto text = q.column(column);
    if (text.empty()) return fallback;
    const auto lower = text::to_lower(text::trim(text));
    if (lower == "yes" || lower == "true" || lower == "true()") return true;
    if (lower == "no" || lower == "false" || lower == "false()") return false;
    const auto* x = expression(f, q, column);
    return x == nullptr ? fallback : x->test(context(f, f.record->value(q.name)));
  }

  // A question's answer: relevant or not, required, its constraint, "other" and its text.
  void question(const Item& c, const Frame& f, bool here) {
    const auto& lang = checker.m_lang;
    const auto value = f.record->value(c.name);
    if (!here) {
      if (!value.empty()) problems.push_back({f.path + c.name, c.name, false, msg(lang, "answer.not_relevant")});
      return;
    }
    if (value.empty()) {
      if (truthy(f, c, "required", false)) {
        const auto text = c.text("required_message", form_lang);
        problems.push_back({f.path + c.name, c.name, true, text.empty() ? msg(lang, "answer.required") : text});
      }
      return;
    }
    if (const auto* x = expression(f, c, "constraint"); x != nullptr && !x->test(context(f, value))) {
      const auto text = c.text("constraint_message", form_lang);
      problems.push_back({f.path + c.name, c.name, true,
                          text.empty() ? msg(lang, "answer.constraint", value, c.column("constraint"))
                                       : msg(lang, "answer.constraint_message", value, text)});
    }
    if (const auto allowed = filtered_choices(checker.m_instrument, c, context(f, value).lookup, checker.m_today)) {
      for (const auto& token : text::split(value, ' ')) {
        if (token.empty() || token == "other" || allowed->contains(std::string(token))) continue;
        problems.push_back({f.path + c.name, c.name, true,
                            msg(lang, "answer.not_in_filter", token, c.column("choice_filter"))});
        break;
      }
    }
    if (c.or_other && f.record->value(c.name + "_other").empty()) {
      const auto tokens = text::split(value, ' ');
      if (std::find(tokens.begin(), tokens.end(), "other") != tokens.end()) {
        problems.push_back(
            {f.path + c.name + "_other", c.name + "_other", false, msg(lang, "answer.other_without_text")});
      }
    }
  }

  void check_group(const Item& group, Frame& f, bool in_relevant) {
    for (const auto& c : group.children) {
      const bool here = in_relevant && truthy(f, c, "relevant", true);
      if (here && relevant != nullptr) relevant->insert(f.path + c.name);
      if (c.kind == ItemKind::group) {
        check_group(c, f, here);
      } else if (c.kind == ItemKind::repeat) {
        auto it = f.record->repeats.find(c.name);
        if (it == f.record->repeats.end()) continue;
        if (!here && !it->second.empty()) {  // said once, not for each answer inside
          problems.push_back({f.path + c.name, c.name, false, msg(checker.m_lang, "answer.repeat_not_relevant")});
          continue;
        }
        for (std::size_t i = 0; i < it->second.size(); ++i) {
          auto child = child_of(f, c, it->second, i);
          check_group(c, child, here);
        }
      } else if (c.type != "note" && c.type != "calculate" && !is_metadata_type(c.type)) {
        question(c, f, here);
      }
    }
  }
};

std::vector<AnswerProblem> AnswerChecker::check(Record& record, std::set<std::string>* relevant) const {
  Walk walk{*this, relevant, m_instrument.language_for(m_lang), {}, {}};
  Frame root{&record, nullptr, {}, {}};
  walk.calculate(m_instrument.root, root);
  walk.check_group(m_instrument.root, root, true);
  return std::move(walk.problems);
}

}  // namespace fabscope::collect
