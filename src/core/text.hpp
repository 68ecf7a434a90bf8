// Small text utilities: encodings, number parsing, trimming, formatting of doubles.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"

namespace fabscope::text {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double v) { return std::isnan(v); }

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
std::size_t find_invalid_utf8(std::string_view s);
// Latin-1 (ISO-8859-1) to UTF-8.
std::string latin1_to_utf8(std::string_view s);

std::string_view trim(std::string_view s);
// The pieces of `s` between each `separator` (n separators give n + 1 pieces, empty ones
// kept); views into `s`.
std::vector<std::string_view> split(std::string_view s, char separator);

// Parses the whole of `s` (surrounding spaces allowed) as a decimal number. With
// decimal_comma, a single ',' is read as the decimal separator. nullopt when `s` is not
// a number (an empty `s` is not a number either: callers decide what blank means).
std::optional<double> parse_double(std::string_view s, bool decimal_comma = false);
std::optional<long long> parse_int(std::string_view s);

// Shortest representation that reads back to the same double ("" for NaN).
std::string format_double(double v);

std::string to_lower(std::string_view s);
// Lower-case ASCII, strip accents of Latin-1 letters in UTF-8: for matching names.
std::string fold(std::string_view s);
// A key for searching names as people type them: folded (above), "œ"/"æ" spelt out, every
// run of other characters (hyphens, apostrophes, spaces, punctuation) one space, "st"/"ste"
// read as "saint"/"sainte", and the articles (le, la, les, l, d, de, du, des) dropped:
// "St-Brieuc" and "saint brieuc" give "saint brieuc", "Perros-Guirec" "perros guirec".
std::string search_key(std::string_view s);
// Every word of `needle_key` (a search_key) occurs in `key`.
bool matches_all_words(std::string_view key, std::string_view needle_key);

// Digits grouped as people read them: "217 728,5" (narrow no-break space, decimal comma)
// in French, "217,728.5" in English; no sign when the rounded value is zero.
std::string group_digits(double v, int decimals, Lang lang);
// The same, "—" for a missing value (NaN).
std::string number(Lang lang, double v, int decimals);
// A value already in percent: "16,1 %" (narrow no-break space) in French, "16.1%" in English.
std::string percent(Lang lang, double v, int decimals);
// The colon before a list or a value: " :" in French, ":" in English.
std::string_view colon(Lang lang);

// Text escaped for XML (& < > " and, unless `apostrophe` is false, '): the one escaper of
// the pages, the SVG and the XForm export (pyxform leaves apostrophes as they are).
std::string xml_escape(std::string_view s, bool apostrophe = true);

// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break,
// or starts with a UTF-8 byte-order mark (which a reader would drop). Text starting with
// = + - @ tab or CR (a formula to a spreadsheet) gets a leading apostrophe; numbers do not.
std::string csv_field(const std::string& s);

}  // namespace fabscope::text
