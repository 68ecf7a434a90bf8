// The XPath subset of XLSForm (xpath.hpp): a recursive-descent parser to a tree, evaluated
// as often as needed.
#include "expr/xpath.hpp"

#include <regex.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/text.hpp"

namespace fabscope::expr {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxDepth = 64;
constexpr int kMaxOperators = 2000;  // a chain of operators is as deep a tree when evaluated
constexpr std::size_t kMaxRegexInput = 1000;
constexpr std::size_t kMaxRegexPattern = 256;

// regex(text, pattern) with the system's POSIX extended expressions (glibc matches them
// without backtracking: no pattern can make it exponential, unlike std::regex, which a fuzzed
// "[0-9]*****" hung). ECMAScript's \d \w \s (and their negations) are translated;
// back-references, counted repetitions over 100 and patterns over 256 bytes are refused
// (false), as is a text over 1,000 bytes.
bool regex_search_bounded(const std::string& text, const std::string& pattern) {
  if (text.size() > kMaxRegexInput || pattern.size() > kMaxRegexPattern) return false;
  std::string ere;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[++i];
      if (e >= '1' && e <= '9') return false;  // a back-reference
      const char* out = nullptr;
      switch (e) {
        case 'd':
          out = in_class ? "0-9" : "[0-9]";
          break;
        case 'D':
          out = in_class ? nullptr : "[^0-9]";
          break;
        case 'w':
          out = in_class ? "[:alnum:]_" : "[[:alnum:]_]";
          break;
        case 'W':
          out = in_class ? nullptr : "[^[:alnum:]_]";
          break;
        case 's':
          out = in_class ? "[:space:]" : "[[:space:]]";
          break;
        case 'S':
          out = in_class ? nullptr : "[^[:space:]]";
          break;
        default:
          break;
      }
      if (out != nullptr) {
        ere += out;
      } else if (in_class) {
        ere += e;  // [\.] is '.' in ECMAScript
      } else {
        ere += '\\';
        ere += e;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      ere += c;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ere += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ere += pattern[++i];
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    if (c == '{' && !in_class) {
      std::size_t j = i + 1;
      std::size_t n = 0;
      while (j < pattern.size() && ((pattern[j] >= '0' && pattern[j] <= '9') || pattern[j] == ',')) {
        n = pattern[j] == ',' ? 0 : n * 10 + static_cast<std::size_t>(pattern[j] - '0');
        if (n > 100) return false;
        ++j;
      }
    }
    ere += c;
  }
  regex_t re;
  if (regcomp(&re, ere.c_str(), REG_EXTENDED | REG_NOSUB) != 0) return false;
  const bool found = regexec(&re, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&re);
  return found;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool is_leap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// yyyy-mm-dd (optionally followed by a time, as a dateTime is): its day number.
std::optional<long long> iso_days(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const long long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const unsigned m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
  const unsigned d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > kDays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y + (m <= 2 ? 1 : 0), m, d);
  return buf;
}

std::vector<std::string_view> tokens_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    const auto start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

double to_number(const XValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  const std::string* s = std::get_if<std::string>(&v);
  if (const auto* n = std::get_if<NodeSet>(&v)) {
    if (n->empty()) return kNaN;
    s = &n->front();
  }
  const auto t = text::trim(*s);
  if (t.empty()) return kNaN;
  const bool plain =
      std::all_of(t.begin(), t.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; });
  if (plain) {
    if (const auto d = text::parse_double(t)) return *d;
  }
  if (const auto days = iso_days(t)) return static_cast<double>(*days);
  return kNaN;
}

std::string to_string(const XValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* n = std::get_if<NodeSet>(&v)) return n->empty() ? std::string() : n->front();
  const double d = std::get<double>(v);
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return text::format_double(d == 0 ? 0.0 : d);
}

bool to_boolean(const XValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (const auto* d = std::get_if<double>(&v)) return !std::isnan(*d) && *d != 0;
  if (const auto* s = std::get_if<std::string>(&v)) return !s->empty();
  return !std::get<NodeSet>(v).empty();
}

struct XPath::Node {
  enum class Kind { number, string, current, name, column, op, call };
  Kind kind = Kind::number;
  double num = 0;
  std::string text;  // string literal, name, operator or function
  std::vector<Node> args;
};

namespace {

using Node = XPath::Node;

class Parser {
 public:
  Parser(std::string_view text, std::vector<std::string>& names, bool& current, std::vector<std::string>* columns)
      : m_text(text), m_names(names), m_current(current), m_columns(columns) {}

  Node parse() {
    Node n = parse_or();
    skip();
    if (m_pos < m_text.size()) fail("unexpected text");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const { throw ParseError(reason, m_pos + 1, m_text); }

  void skip() {
    while (m_pos < m_text.size() &&
           (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }
  static bool name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
  static bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.'; }
  // The word at the cursor (a name, an operator word), without consuming it.
  std::string_view peek_word() {
    skip();
    std::size_t e = m_pos;
    if (e < m_text.size() && name_start(m_text[e])) {
      while (e < m_text.size() && name_char(m_text[e])) ++e;
    }
    return m_text.substr(m_pos, e - m_pos);
  }
  bool accept_word(std::string_view w) {
    if (peek_word() != w) return false;
    m_pos += w.size();
    return true;
  }
  bool accept(std::string_view op) {
    skip();
    if (m_text.substr(m_pos, op.size()) != op) return false;
    m_pos += op.size();
    return true;
  }
  void enter() {
    if (++m_depth > kMaxDepth) fail("expression nested more than 64 levels deep");
  }

  Node binary(std::string op, Node a, Node b) {
    if (++m_operators > kMaxOperators) fail("expression has more than 2,000 operators");
    Node n;
    n.kind = Node::Kind::op;
    n.text = std::move(op);
    n.args.push_back(std::move(a));
    n.args.push_back(std::move(b));
    return n;
  }

  Node parse_or() {
    enter();
    Node n = parse_and();
    while (accept_word("or")) n = binary("or", std::move(n), parse_and());
    --m_depth;
    return n;
  }
  Node parse_and() {
    Node n = parse_equality();
    while (accept_word("and")) n = binary("and", std::move(n), parse_equality());
    return n;
  }
  Node parse_equality() {
    Node n = parse_relation();
    for (;;) {
      if (accept("!=")) {
        n = binary("!=", std::move(n), parse_relation());
      } else if (accept("=")) {
        n = binary("=", std::move(n), parse_relation());
      } else {
        return n;
      }
    }
  }
  Node parse_relation() {
    Node n = parse_additive();
    for (;;) {
      std::string op;
      for (const char* o : {"<=", ">=", "<", ">"}) {
        if (accept(o)) {
          op = o;
          break;
        }
      }
      if (op.empty()) return n;
      n = binary(op, std::move(n), parse_additive());
    }
  }
  Node parse_additive() {
    Node n = parse_multiply();
    for (;;) {
      if (accept("+")) {
        n = binary("+", std::move(n), parse_multiply());
      } else if (accept("-")) {
        n = binary("-", std::move(n), parse_multiply());
      } else {
        return n;
      }
    }
  }
  Node parse_multiply() {
    Node n = parse_unary();
    for (;;) {
      if (accept("*")) {
        n = binary("*", std::move(n), parse_unary());
      } else if (accept_word("div")) {
        n = binary("div", std::move(n), parse_unary());
      } else if (accept_word("mod")) {
        n = binary("mod", std::move(n), parse_unary());
      } else {
        return n;
      }
    }
  }
  Node parse_unary() {
    if (accept("-")) {
      enter();
      Node n;
      n.kind = Node::Kind::op;
      n.text = "neg";
      n.args.push_back(parse_unary());
      --m_depth;
      return n;
    }
    return parse_primary();
  }

  Node parse_primary() {
    skip();
    if (m_pos >= m_text.size()) fail("expression ends too early");
    const char c = m_text[m_pos];
    Node n;
    if ((c >= '0' && c <= '9') ||
        (c == '.' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] >= '0' && m_text[m_pos + 1] <= '9')) {
      std::size_t e = m_pos;
      while (e < m_text.size() && ((m_text[e] >= '0' && m_text[e] <= '9') || m_text[e] == '.')) ++e;
      const auto d = text::parse_double(m_text.substr(m_pos, e - m_pos));
      if (!d) fail("not a number");
      n.kind = Node::Kind::number;
      n.num = *d;
      m_pos = e;
      return n;
    }
    if (c == '\'' || c == '"') {
      const auto close = m_text.find(c, m_pos + 1);
      if (close == std::string_view::npos) fail("string not closed");
      n.kind = Node::Kind::string;
      n.text = std::string(m_text.substr(m_pos + 1, close - m_pos - 1));
      m_pos = close + 1;
      return n;
    }
    if (c == '$') {
      if (m_pos + 1 >= m_text.size() || m_text[m_pos + 1] != '{') fail("'$' must open ${name}");
      const auto close = m_text.find('}', m_pos + 2);
      if (close == std::string_view::npos) fail("${ not closed");
      n.kind = Node::Kind::name;
      n.text = std::string(m_text.substr(m_pos + 2, close - m_pos - 2));
      if (n.text.empty()) fail("empty ${}");
      m_names.push_back(n.text);
      m_pos = close + 1;
      return n;
    }
    if (c == '(') {
      ++m_pos;
      n = parse_or();
      if (!accept(")")) fail("')' expected");
      return n;
    }
    if (c == '.') {
      if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '.') fail("relative paths ('..') are not supported");
      ++m_pos;
      n.kind = Node::Kind::current;
      m_current = true;
      return n;
    }
    if (c == '/') fail("absolute paths are not supported (write ${name})");
    const auto word = peek_word();
    if (word.empty()) fail(std::string("unexpected character '") + c + "'");
    const auto at = m_pos;
    m_pos += word.size();
    if (!accept("(")) {
      if (m_columns != nullptr && word.find(':') == std::string_view::npos) {  // a choice filter's column
        n.kind = Node::Kind::column;
        n.text = std::string(word);
        m_columns->push_back(n.text);
        return n;
      }
      m_pos = at;
      fail("a name must be written ${" + std::string(word) + "}");
    }
    return parse_call(word, at);
  }

  // A function call, its name read up to '(' (at `at`): the function known, its arguments
  // counted.
  Node parse_call(std::string_view word, std::size_t at) {
    Node n;
    n.kind = Node::Kind::call;
    n.text = std::string(word);
    static const std::array<std::pair<std::string_view, std::pair<int, int>>, 36> kFunctions = {{
        {"selected", {2, 2}},
        {"count-selected", {1, 1}},
        {"selected-at", {2, 2}},
        {"string-length", {0, 1}},
        {"not", {1, 1}},
        {"true", {0, 0}},
        {"false", {0, 0}},
        {"boolean", {1, 1}},
        {"number", {1, 1}},
        {"int", {1, 1}},
        {"string", {1, 1}},
        {"concat", {0, 1000}},
        {"if", {3, 3}},
        {"coalesce", {2, 2}},
        {"contains", {2, 2}},
        {"starts-with", {2, 2}},
        {"ends-with", {2, 2}},
        {"substr", {2, 3}},
        {"substring-before", {2, 2}},
        {"substring-after", {2, 2}},
        {"normalize-space", {1, 1}},
        {"round", {1, 2}},
        {"abs", {1, 1}},
        {"pow", {2, 2}},
        {"min", {1, 1000}},
        {"max", {1, 1000}},
        {"sum", {1, 1}},
        {"count", {1, 1}},
        {"today", {0, 0}},
        {"now", {0, 0}},
        {"date", {1, 1}},
        {"regex", {2, 2}},
        {"once", {1, 1}},
        {"jr:choice-name", {2, 2}},
        {"floor", {1, 1}},
        {"ceiling", {1, 1}},
    }};
    const auto f = std::find_if(kFunctions.begin(), kFunctions.end(), [&](const auto& e) { return e.first == word; });
    if (f == kFunctions.end()) {
      m_pos = at;
      fail("unknown function '" + std::string(word) + "'");
    }
    enter();
    if (!accept(")")) {
      do {
        n.args.push_back(parse_or());
      } while (accept(","));
      if (!accept(")")) fail("')' expected");
    }
    --m_depth;
    const auto count = static_cast<int>(n.args.size());
    if (count < f->second.first || count > f->second.second) {
      m_pos = at;
      fail("wrong number of arguments to " + std::string(word) + "()");
    }
    return n;
  }

  std::string_view m_text;
  std::vector<std::string>& m_names;
  bool& m_current;
  std::vector<std::string>* m_columns;  // null: bare names are errors
  std::size_t m_pos = 0;
  int m_depth = 0;
  int m_operators = 0;
};

bool compare_atoms(const std::string& op, const XValue& a, const XValue& b) {
  if (op == "=" || op == "!=") {
    bool eq = false;
    if (std::holds_alternative<bool>(a) || std::holds_alternative<bool>(b)) {
      eq = to_boolean(a) == to_boolean(b);
    } else if (std::holds_alternative<double>(a) || std::holds_alternative<double>(b)) {
      eq = to_number(a) == to_number(b);
    } else {
      eq = to_string(a) == to_string(b);
    }
    return op == "=" ? eq : !eq;
  }
  const double x = to_number(a);
  const double y = to_number(b);
  if (op == "<") return x < y;
  if (op == "<=") return x <= y;
  if (op == ">") return x > y;
  return x >= y;
}

bool compare(const std::string& op, const XValue& a, const XValue& b) {
  if (const auto* n = std::get_if<NodeSet>(&a)) {
    return std::any_of(n->begin(), n->end(), [&](const std::string& s) { return compare(op, XValue(s), b); });
  }
  if (const auto* n = std::get_if<NodeSet>(&b)) {
    return std::any_of(n->begin(), n->end(), [&](const std::string& s) { return compare(op, a, XValue(s)); });
  }
  return compare_atoms(op, a, b);
}

NodeSet nodes_of(const XValue& v) {
  if (const auto* n = std::get_if<NodeSet>(&v)) return *n;
  return {to_string(v)};
}

XValue eval_node(const Node& n, const XContext& cx);

XValue call(const Node& n, const XContext& cx) {
  const auto& f = n.text;
  const auto arg = [&](std::size_t i) { return eval_node(n.args[i], cx); };
  const auto str = [&](std::size_t i) { return to_string(arg(i)); };
  const auto num = [&](std::size_t i) { return to_number(arg(i)); };
  if (f == "selected") {
    const auto all = str(0);
    const auto want = std::string(text::trim(str(1)));
    const auto t = tokens_of(all);
    return std::find(t.begin(), t.end(), want) != t.end();
  }
  if (f == "count-selected") return static_cast<double>(tokens_of(str(0)).size());
  if (f == "selected-at") {
    const auto all = str(0);
    const auto t = tokens_of(all);
    const double i = num(1);
    if (std::isnan(i) || i < 0 || i >= static_cast<double>(t.size())) return std::string();
    return std::string(t[static_cast<std::size_t>(i)]);
  }
  if (f == "string-length") return static_cast<double>(n.args.empty() ? cx.current.size() : str(0).size());
  if (f == "not") return !to_boolean(arg(0));
  if (f == "true") return true;
  if (f == "false") return false;
  if (f == "boolean") return to_boolean(arg(0));
  if (f == "number") return num(0);
  if (f == "int") {
    const double d = num(0);
    return std::isnan(d) ? d : std::trunc(d);
  }
  if (f == "floor") return std::floor(num(0));
  if (f == "ceiling") return std::ceil(num(0));
  if (f == "string") return str(0);
  if (f == "concat") {
    std::string out;
    for (std::size_t i = 0; i < n.args.size(); ++i) {
      for (const auto& s : nodes_of(arg(i))) out += s;
    }
    return out;
  }
  if (f == "if") return to_boolean(arg(0)) ? arg(1) : arg(2);
  if (f == "coalesce") {
    auto a = str(0);
    return a.empty() ? str(1) : a;
  }
  if (f == "contains") return str(0).find(str(1)) != std::string::npos;
  if (f == "starts-with") return str(0).starts_with(str(1));
  if (f == "ends-with") return str(0).ends_with(str(1));
  if (f == "substr") {
    const auto s = str(0);
    const double b = num(1);
    const double e = n.args.size() > 2 ? num(2) : static_cast<double>(s.size());
    if (std::isnan(b) || std::isnan(e)) return std::string();
    const auto size = static_cast<double>(s.size());
    const auto from = static_cast<std::size_t>(std::clamp(b, 0.0, size));
    const auto to = static_cast<std::size_t>(std::clamp(e, 0.0, size));
    return to > from ? s.substr(from, to - from) : std::string();
  }
  if (f == "substring-before" || f == "substring-after") {
    const auto s = str(0);
    const auto t = str(1);
    const auto at = s.find(t);
    if (at == std::string::npos) return std::string();
    return f == "substring-before" ? s.substr(0, at) : s.substr(at + t.size());
  }
  if (f == "normalize-space") {
    std::string out;
    for (const auto t : tokens_of(str(0))) out += (out.empty() ? "" : " ") + std::string(t);
    return out;
  }
  if (f == "round") {
    const double x = num(0);
    const double d = n.args.size() > 1 ? num(1) : 0;
    if (std::isnan(x) || std::isnan(d) || std::abs(d) > 15) return kNaN;
    const double p = std::pow(10.0, std::trunc(d));
    return std::floor(x * p + 0.5) / p;
  }
  if (f == "abs") return std::abs(num(0));
  if (f == "pow") return std::pow(num(0), num(1));
  if (f == "min" || f == "max" || f == "sum") {
    NodeSet all;
    for (std::size_t i = 0; i < n.args.size(); ++i) {
      const auto part = nodes_of(arg(i));
      all.insert(all.end(), part.begin(), part.end());
    }
    if (all.empty()) return f == "sum" ? 0.0 : kNaN;
    double acc = f == "sum" ? 0.0 : to_number(XValue(all.front()));
    for (std::size_t i = f == "sum" ? 0 : 1; i < all.size(); ++i) {
      const double x = to_number(XValue(all[i]));
      if (std::isnan(x)) return kNaN;
      acc = f == "sum" ? acc + x : (f == "min" ? std::min(acc, x) : std::max(acc, x));
    }
    return acc;
  }
  if (f == "count") {
    const auto v = arg(0);
    if (const auto* ns = std::get_if<NodeSet>(&v)) return static_cast<double>(ns->size());
    return to_string(v).empty() ? 0.0 : 1.0;
  }
  if (f == "today" || f == "now") return cx.today;
  if (f == "date") {
    const auto v = arg(0);
    if (std::holds_alternative<double>(v)) {
      const double d = std::get<double>(v);
      if (std::isnan(d) || std::abs(d) > 3e6) return std::string();
      return civil_from_days(static_cast<long long>(std::floor(d)));
    }
    const auto s = to_string(v);
    return iso_days(s) ? s.substr(0, 10) : std::string();
  }
  if (f == "regex") return regex_search_bounded(str(0), str(1));
  if (f == "once") return arg(0);
  return arg(0);  // jr:choice-name(value, list): the value itself
}

XValue eval_node(const Node& n, const XContext& cx) {
  switch (n.kind) {
    case Node::Kind::number:
      return n.num;
    case Node::Kind::string:
      return n.text;
    case Node::Kind::current:
      return cx.current;
    case Node::Kind::name:
      return cx.lookup ? cx.lookup(n.text) : XValue(std::string());
    case Node::Kind::column:
      return cx.column ? cx.column(n.text) : XValue(std::string());
    case Node::Kind::call:
      return call(n, cx);
    case Node::Kind::op:
      break;
  }
  const auto& op = n.text;
  if (op == "neg") return -to_number(eval_node(n.args[0], cx));
  if (op == "or") return to_boolean(eval_node(n.args[0], cx)) || to_boolean(eval_node(n.args[1], cx));
  if (op == "and") return to_boolean(eval_node(n.args[0], cx)) && to_boolean(eval_node(n.args[1], cx));
  const auto a = eval_node(n.args[0], cx);
  const auto b = eval_node(n.args[1], cx);
  if (op == "=" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=") return compare(op, a, b);
  const double x = to_number(a);
  const double y = to_number(b);
  if (op == "+") return x + y;
  if (op == "-") return x - y;
  if (op == "*") return x * y;
  if (op == "div") return y == 0 ? kNaN : x / y;
  return y == 0 ? kNaN : std::fmod(x, y);  // mod
}

}  // namespace

XPath XPath::parse(std::string_view text) {
  XPath out;
  Parser p(text, out.m_names, out.m_reads_current, nullptr);
  out.m_root = std::make_shared<const Node>(p.parse());
  return out;
}

XPath XPath::parse_choice_filter(std::string_view text) {
  XPath out;
  Parser p(text, out.m_names, out.m_reads_current, &out.m_columns);
  out.m_root = std::make_shared<const Node>(p.parse());
  return out;
}

XValue XPath::eval(const XContext& context) const { return eval_node(*m_root, context); }

}  // namespace fabscope::expr
