#include "core/text.hpp"

#include <fmt/format.h>

#include <fast_float/fast_float.h>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <set>

namespace fabscope::text {

std::size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII runs, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned int cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3Fu);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t at = s.find(separator); at != std::string_view::npos; at = s.find(separator, start)) {
    out.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  out.push_back(s.substr(start));
  return out;
}

std::optional<double> parse_double(std::string_view s, bool decimal_comma) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  // A copy with the decimal comma made a point: on the stack (numbers are short).
  char small[64];
  std::string large;
  if (decimal_comma) {
    if (const auto pos = s.find(','); pos != std::string_view::npos) {
      if (s.find(',', pos + 1) != std::string_view::npos) return std::nullopt;
      if (s.find('.') != std::string_view::npos) return std::nullopt;
      char* copy = small;
      if (s.size() > sizeof small) {
        large.assign(s);
        copy = large.data();
      } else {
        std::memcpy(small, s.data(), s.size());
      }
      copy[pos] = '.';
      s = std::string_view(copy, s.size());
    }
  }
  const char* first = s.data();
  if (*first == '+') {  // fast_float rejects a leading '+'
    ++first;
    if (first == s.data() + s.size() || *first == '-' || *first == '+') return std::nullopt;
  }
  double value = 0;
  const auto [ptr, ec] = fast_float::from_chars(first, s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::string format_double(double v) {
  if (std::isnan(v)) return {};
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, ec == std::errc() ? ptr : buf};
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string fold(std::string_view s) {
  // Maps the accented Latin-1 letters (UTF-8 C3 80..C3 BF) to ASCII, lower-cased.
  static constexpr std::string_view kMap =
      "aaaaaaaceeeeiiiidnoooooxouuuuyts"   // C3 80..9F (upper case)
      "aaaaaaaceeeeiiiidnoooooxouuuuyty";  // C3 A0..BF (lower case)
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0xBF) {
        out += kMap[next - 0x80];
        ++i;
        continue;
      }
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  return out;
}

std::string search_key(std::string_view s) {
  std::string folded;
  folded.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC5 && (next == 0x92 || next == 0x93)) {  // Œ œ
      folded += "oe";
      ++i;
    } else if (c == 0xC3 && (next == 0x86 || next == 0xA6)) {  // Æ æ
      folded += "ae";
      ++i;
    } else {
      folded += s[i];
    }
  }
  folded = fold(folded);
  static const std::set<std::string, std::less<>> kArticles = {"le", "la", "les", "l", "d", "de", "du", "des"};
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (word == "st") word = "saint";
    if (word == "ste") word = "sainte";
    if (kArticles.count(word) == 0) out += (out.empty() ? "" : " ") + word;
    word.clear();
  };
  for (const char ch : folded) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += ch;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool matches_all_words(std::string_view key, std::string_view needle_key) {
  std::size_t p = 0;
  while (p < needle_key.size()) {
    const auto q = std::min(needle_key.find(' ', p), needle_key.size());
    if (key.find(needle_key.substr(p, q - p)) == std::string_view::npos) return false;
    p = q + 1;
  }
  return true;
}

namespace {
// How each language writes numbers (and a colon): the one place that knows it.
struct NumberMarks {
  std::string_view group, decimal, percent, colon;
};
constexpr NumberMarks kFrench{"\u202F", ",", "\u202F%", " :"};
constexpr NumberMarks kEnglish{",", ".", "%", ":"};
constexpr const NumberMarks& marks(Lang lang) { return lang == Lang::en ? kEnglish : kFrench; }
}  // namespace

std::string group_digits(double v, int decimals, Lang lang) {
  const auto& m = marks(lang);
  std::string s = fmt::format("{:.{}f}", std::abs(v), decimals);
  const auto dot = s.find('.');
  const std::string integer = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  std::string grouped;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) grouped += m.group;
    grouped += integer[i];
  }
  const bool zero = s.find_first_not_of("0.") == std::string::npos;
  std::string out = (v < 0 && !zero ? "-" : "") + grouped;
  if (!frac.empty()) out += std::string(m.decimal) + frac;
  return out;
}

std::string number(Lang lang, double v, int decimals) { return std::isnan(v) ? "—" : group_digits(v, decimals, lang); }

std::string percent(Lang lang, double v, int decimals) {
  return group_digits(v, decimals, lang) + std::string(marks(lang).percent);
}

std::string_view colon(Lang lang) { return marks(lang).colon; }

std::string xml_escape(std::string_view s, bool apostrophe) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += apostrophe ? "&#39;" : "'";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csv_field(const std::string& in) {
  // Text that a spreadsheet would run as a formula (=, +, -, @, tab or CR first) is written
  // with a leading apostrophe, as OWASP recommends; numbers ("-3.5", "+33") stay as they are.
  std::string guarded;
  const std::string* sp = &in;
  if (!in.empty() && std::string_view("=+-@\t\r").find(in.front()) != std::string_view::npos &&
      !parse_double(in).has_value()) {
    guarded = "'" + in;
    sp = &guarded;
  }
  const std::string& s = *sp;
  // A value that starts with a byte-order mark is quoted too: unquoted at the start of a
  // file, the reader would take the mark for the encoding's and drop it.
  if (s.find_first_of(",\"\n\r") == std::string::npos && s.rfind("\xEF\xBB\xBF", 0) != 0) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace fabscope::text
