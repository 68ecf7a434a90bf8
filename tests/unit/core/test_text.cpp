// Unit tests of src/core/text.hpp: number parsing, UTF-8 validation, Latin-1 conversion,
// formatting of doubles and folding of names for matching.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace fabscope::text {
namespace {

constexpr auto npos = std::string_view::npos;

// ---------------------------------------------------------------------------------------
// parse_double

TEST(TextTest, ParseDoubleReadsPlainDecimals) {
  EXPECT_EQ(parse_double("0"), 0.0);
  EXPECT_EQ(parse_double("42"), 42.0);
  EXPECT_EQ(parse_double("-2.5"), -2.5);
  EXPECT_EQ(parse_double("+3.25"), 3.25);
  EXPECT_EQ(parse_double("0.1"), 0.1);
  EXPECT_EQ(parse_double("217728"), 217728.0);
  EXPECT_EQ(parse_double("1e5"), 100000.0);
  EXPECT_EQ(parse_double("1.5E-3"), 0.0015);
  EXPECT_EQ(parse_double(".5"), 0.5);
}

TEST(TextTest, ParseDoubleAllowsSurroundingSpaces) {
  EXPECT_EQ(parse_double("  12.5  "), 12.5);
  EXPECT_EQ(parse_double("\t-7\t"), -7.0);
  EXPECT_EQ(parse_double("3\r"), 3.0);  // the CR of a CRLF line end
}

TEST(TextTest, ParseDoubleWithDecimalComma) {
  EXPECT_EQ(parse_double("1,5", true), 1.5);
  EXPECT_EQ(parse_double("-0,25", true), -0.25);
  EXPECT_EQ(parse_double(" 1234,75 ", true), 1234.75);
  EXPECT_EQ(parse_double("12", true), 12.0);
  // Without a comma, a point is still read as the decimal separator.
  EXPECT_EQ(parse_double("2.5", true), 2.5);
}

TEST(TextTest, ParseDoubleRejectsCommaWithoutDecimalCommaOption) {
  EXPECT_EQ(parse_double("1,5"), std::nullopt);
  EXPECT_EQ(parse_double("1,5", false), std::nullopt);
}

TEST(TextTest, ParseDoubleWithDecimalCommaRejectsAmbiguousNumbers) {
  EXPECT_EQ(parse_double("1,2,3", true), std::nullopt);    // two commas
  EXPECT_EQ(parse_double("1.234,5", true), std::nullopt);  // thousands point + comma
  EXPECT_EQ(parse_double("1,5x", true), std::nullopt);
  EXPECT_EQ(parse_double(",", true), std::nullopt);
}

TEST(TextTest, ParseDoubleRejectsEmptyAndBlank) {
  EXPECT_EQ(parse_double(""), std::nullopt);
  EXPECT_EQ(parse_double("   "), std::nullopt);
  EXPECT_EQ(parse_double("", true), std::nullopt);
}

TEST(TextTest, ParseDoubleRejectsGarbageAndPartialNumbers) {
  EXPECT_EQ(parse_double("abc"), std::nullopt);
  EXPECT_EQ(parse_double("12abc"), std::nullopt);
  EXPECT_EQ(parse_double("1.2.3"), std::nullopt);
  EXPECT_EQ(parse_double("1e"), std::nullopt);
  EXPECT_EQ(parse_double("0x10"), std::nullopt);
  EXPECT_EQ(parse_double("12 34"), std::nullopt);
  EXPECT_EQ(parse_double("-"), std::nullopt);
  EXPECT_EQ(parse_double("+"), std::nullopt);
  EXPECT_EQ(parse_double("N/A"), std::nullopt);
  EXPECT_EQ(parse_double("s"), std::nullopt);  // INSEE's "secret statistique" marker
}

TEST(TextTest, ParseDoubleRejectsDoubleSign) {
  // Regression test for a fixed bug (src/core/text.cpp, parse_double): a leading '+' is skipped before the rest is
  // handed to fast_float, which then accepts a '-' sign after it: "+-3" returns -3
  // instead of nullopt ("++3" is rejected only because fast_float refuses '+').
  // "+-3" is not a number and must be rejected.
  EXPECT_EQ(parse_double("+-3"), std::nullopt);
  EXPECT_EQ(parse_double("++3"), std::nullopt);
}

TEST(TextTest, ParseDoubleRejectsNonFiniteValues) {
  EXPECT_EQ(parse_double("inf"), std::nullopt);
  EXPECT_EQ(parse_double("-infinity"), std::nullopt);
  EXPECT_EQ(parse_double("nan"), std::nullopt);
  EXPECT_EQ(parse_double("1e400"), std::nullopt);
}

// ---------------------------------------------------------------------------------------
// parse_int

TEST(TextTest, ParseIntReadsIntegers) {
  EXPECT_EQ(parse_int("0"), 0LL);
  EXPECT_EQ(parse_int("42"), 42LL);
  EXPECT_EQ(parse_int("-17"), -17LL);
  EXPECT_EQ(parse_int("  2024 "), 2024LL);
  EXPECT_EQ(parse_int("007"), 7LL);
  EXPECT_EQ(parse_int("9223372036854775807"), std::numeric_limits<long long>::max());
  EXPECT_EQ(parse_int("-9223372036854775808"), std::numeric_limits<long long>::min());
}

TEST(TextTest, ParseIntRejectsNonIntegers) {
  EXPECT_EQ(parse_int(""), std::nullopt);
  EXPECT_EQ(parse_int("  "), std::nullopt);
  EXPECT_EQ(parse_int("12.5"), std::nullopt);
  EXPECT_EQ(parse_int("1e3"), std::nullopt);
  EXPECT_EQ(parse_int("12abc"), std::nullopt);
  EXPECT_EQ(parse_int("abc"), std::nullopt);
  EXPECT_EQ(parse_int("1 2"), std::nullopt);
  EXPECT_EQ(parse_int("9223372036854775808"), std::nullopt);  // overflow
}

// ---------------------------------------------------------------------------------------
// find_invalid_utf8

TEST(TextTest, FindInvalidUtf8AcceptsValidText) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("plain ASCII, 123"), npos);
  EXPECT_EQ(find_invalid_utf8("\xC3\x89vry-Courcouronnes"), npos);  // É (2 bytes)
  EXPECT_EQ(find_invalid_utf8("10 \xE2\x82\xAC"), npos);            // € (3 bytes)
  EXPECT_EQ(find_invalid_utf8("clef \xF0\x9D\x84\x9E"), npos);      // U+1D11E (4 bytes)
  EXPECT_EQ(find_invalid_utf8("\xEF\xBB\xBF"
                              "code"),
            npos);                                                                    // BOM
  EXPECT_EQ(find_invalid_utf8("\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF"), npos);  // range edges
  EXPECT_EQ(find_invalid_utf8("\xEE\x80\x80 \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"), npos);
}

TEST(TextTest, FindInvalidUtf8ReportsTruncatedSequences) {
  EXPECT_EQ(find_invalid_utf8("ab\xC3"), 2U);         // 2-byte lead at the end
  EXPECT_EQ(find_invalid_utf8("\xE2\x82"), 0U);       // 3-byte sequence cut short
  EXPECT_EQ(find_invalid_utf8("x\xF0\x9D\x84"), 1U);  // 4-byte sequence cut short
  EXPECT_EQ(find_invalid_utf8("\xC3"
                              "a"),
            0U);  // lead followed by ASCII
  EXPECT_EQ(find_invalid_utf8("ok \xE2\x82"
                              "x"),
            3U);                                    // continuation missing mid-text
  EXPECT_EQ(find_invalid_utf8("x,\xE9t\xE9"), 2U);  // Latin-1 "été"
}

TEST(TextTest, FindInvalidUtf8ReportsOverlongEncodings) {
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0U);          // '/' in 2 bytes
  EXPECT_EQ(find_invalid_utf8("a\xC1\xBF"), 1U);         // U+007F in 2 bytes
  EXPECT_EQ(find_invalid_utf8("ab\xE0\x80\xAF"), 2U);    // '/' in 3 bytes
  EXPECT_EQ(find_invalid_utf8("\xE0\x9F\xBF"), 0U);      // U+07FF in 3 bytes
  EXPECT_EQ(find_invalid_utf8("\xF0\x80\x80\xAF"), 0U);  // '/' in 4 bytes
  EXPECT_EQ(find_invalid_utf8("\xF0\x8F\xBF\xBF"), 0U);  // U+FFFF in 4 bytes
}

TEST(TextTest, FindInvalidUtf8ReportsLoneContinuationBytes) {
  EXPECT_EQ(find_invalid_utf8("\x80"), 0U);
  EXPECT_EQ(find_invalid_utf8("a\xBF"
                              "b"),
            1U);
  EXPECT_EQ(find_invalid_utf8("\xC3\xA9\xA9"), 2U);  // "é" then an extra continuation byte
}

TEST(TextTest, FindInvalidUtf8ReportsSurrogatesAndOutOfRange) {
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0U);          // U+D800
  EXPECT_EQ(find_invalid_utf8("z\xED\xBF\xBF"), 1U);         // U+DFFF
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0U);      // U+110000
  EXPECT_EQ(find_invalid_utf8("\xF8\x88\x80\x80\x80"), 0U);  // 5-byte form
  EXPECT_EQ(find_invalid_utf8("a\xFF"), 1U);
  EXPECT_EQ(find_invalid_utf8("a\xFE"), 1U);
}

// ---------------------------------------------------------------------------------------
// latin1_to_utf8

TEST(TextTest, Latin1ToUtf8ConvertsHighBytes) {
  EXPECT_EQ(latin1_to_utf8(""), "");
  EXPECT_EQ(latin1_to_utf8("Paris 75"), "Paris 75");
  EXPECT_EQ(latin1_to_utf8("\xC9vry"), "\xC3\x89vry");                        // Évry
  EXPECT_EQ(latin1_to_utf8("\xE9t\xE9"), "\xC3\xA9t\xC3\xA9");                // été
  EXPECT_EQ(latin1_to_utf8("L'Ha\xFF-les-Roses"), "L'Ha\xC3\xBF-les-Roses");  // ÿ
  EXPECT_EQ(latin1_to_utf8("\xA0"), "\xC2\xA0");                              // no-break space
  EXPECT_EQ(latin1_to_utf8("\x80"), "\xC2\x80");
  EXPECT_EQ(latin1_to_utf8("\xD7"), "\xC3\x97");  // ×
}

TEST(TextTest, Latin1ToUtf8OutputIsValidUtf8) {
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  const std::string out = latin1_to_utf8(all);
  EXPECT_EQ(find_invalid_utf8(out), npos);
  EXPECT_EQ(out.size(), 127U + 2U * 128U);
}

// ---------------------------------------------------------------------------------------
// format_double

TEST(TextTest, FormatDoubleGivesShortestText) {
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(1e-300), "1e-300");
  EXPECT_EQ(format_double(217728.0), "217728");
  EXPECT_EQ(format_double(0.0), "0");
  EXPECT_EQ(format_double(-2.5), "-2.5");
  EXPECT_EQ(format_double(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_double(12.345), "12.345");
}

TEST(TextTest, FormatDoubleOfMissingIsEmpty) {
  EXPECT_EQ(format_double(kMissing), "");
  EXPECT_EQ(format_double(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_TRUE(is_missing(kMissing));
  EXPECT_FALSE(is_missing(0.0));
}

TEST(TextTest, FormatDoubleRoundTripsExactly) {
  const double values[] = {0.1,
                           1e-300,
                           217728.0,
                           1.0 / 3.0,
                           2.0 / 3.0,
                           -123456.789,
                           0.1 + 0.2,
                           6.02214076e23,
                           DBL_MAX,
                           DBL_MIN,
                           std::numeric_limits<double>::denorm_min(),
                           std::nextafter(1.0, 2.0),
                           98.7654321012345};
  for (const double v : values) {
    const std::string s = format_double(v);
    const auto back = parse_double(s);
    ASSERT_TRUE(back.has_value()) << s;
    EXPECT_EQ(*back, v) << s;  // bit-exact, not approximately equal
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), v) << s;
  }
}

// ---------------------------------------------------------------------------------------
// trim, to_lower, fold

TEST(TextTest, TrimRemovesSpacesTabsAndCarriageReturns) {
  EXPECT_EQ(trim("  a b \t\r"), "a b");
  EXPECT_EQ(trim("\t\r "), "");
  EXPECT_EQ(trim("x"), "x");
}

TEST(TextTest, ToLowerOnlyChangesAscii) {
  EXPECT_EQ(to_lower("Saint-DENIS 93"), "saint-denis 93");
  EXPECT_EQ(to_lower("\xC3\x89vry"), "\xC3\x89vry");  // É untouched
}

TEST(TextTest, FoldStripsAccentsAndLowerCases) {
  EXPECT_EQ(fold("\xC3\x89vry-Courcouronnes"), "evry-courcouronnes");      // Évry-Courcouronnes
  EXPECT_EQ(fold("\xC3\x8ELE"), "ile");                                    // ÎLE
  EXPECT_EQ(fold("Saint-\xC3\x89tienne"), "saint-etienne");                // Saint-Étienne
  EXPECT_EQ(fold("Ch\xC3\xA2lons-en-Champagne"), "chalons-en-champagne");  // Châlons
  EXPECT_EQ(fold("L'Ha\xC3\xBF-les-Roses"), "l'hay-les-roses");            // L'Haÿ-les-Roses
  EXPECT_EQ(fold("Pr\xC3\xA9"
                 "fecture de l'\xC3\x8E"
                 "le-de-France"),
            "prefecture de l'ile-de-france");
  EXPECT_EQ(fold("\xC3\x87"
                 "A \xC3\xA7"
                 "a"),
            "ca ca");                                                             // Ç, ç
  EXPECT_EQ(fold("\xC3\x91\xC3\xB1"), "nn");                                      // Ñ, ñ
  EXPECT_EQ(fold("\xC3\x9C\xC3\xBC\xC3\x96\xC3\xB6"), "uuoo");                    // Ü ü Ö ö
  EXPECT_EQ(fold("\xC3\x80\xC3\xA0\xC3\x88\xC3\xA8\xC3\x99\xC3\xB9"), "aaeeuu");  // À à È è Ù ù
  EXPECT_EQ(fold("\xC3\x9F"), "s");                                               // ß
}

TEST(TextTest, FoldKeepsOtherTextAsIs) {
  EXPECT_EQ(fold(""), "");
  EXPECT_EQ(fold("abc-123 'x'"), "abc-123 'x'");
  EXPECT_EQ(fold("PARIS"), "paris");
  EXPECT_EQ(fold("\xC5\x92uvre"), "\xC5\x92uvre");  // Œ is outside Latin-1: kept
  EXPECT_EQ(fold("\xE2\x82\xAC"), "\xE2\x82\xAC");  // €
  EXPECT_EQ(fold("x\xC3"), "x\xC3");                // dangling lead byte kept
}

TEST(TextTest, FoldMakesNamesComparable) {
  EXPECT_EQ(fold("\xC3\x89VRY-COURCOURONNES"), fold("evry-courcouronnes"));
  EXPECT_EQ(fold("SAINT-\xC3\x89TIENNE"), fold("Saint-\xC3\xA9tienne"));
  EXPECT_NE(fold("Saint-\xC3\x89tienne"), fold("Saint-Etiennes"));
}

}  // namespace
}  // namespace fabscope::text

namespace fabscope::text {
TEST(TextTest, CsvFieldDisarmsSpreadsheetFormulas) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("=1+2"), "'=1+2");
  EXPECT_EQ(csv_field("+33 6 12"), "'+33 6 12");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
  EXPECT_EQ(csv_field("\tx"), "'\tx");
  // Numbers are numbers.
  EXPECT_EQ(csv_field("-3.5"), "-3.5");
  EXPECT_EQ(csv_field("+12"), "+12");
  EXPECT_EQ(csv_field("Lab = fab"), "Lab = fab");
}
}  // namespace fabscope::text

namespace fabscope::text {
TEST(Text, SearchKeysReadNamesAsPeopleTypeThem) {
  EXPECT_EQ(search_key("Saint-Brieuc"), "saint brieuc");
  EXPECT_EQ(search_key("st brieuc"), "saint brieuc");
  EXPECT_EQ(search_key("Ste-Anne-d'Auray"), "sainte anne auray");
  EXPECT_EQ(search_key("Perros-Guirec"), "perros guirec");
  EXPECT_EQ(search_key("Les Sables-d’Olonne"), "sables olonne");
  EXPECT_EQ(search_key("CŒUR de Ville"), "coeur ville");
  EXPECT_EQ(search_key("  --  "), "");
  EXPECT_TRUE(matches_all_words(" decoupe laser impression 3d brest ", "laser brest"));
  EXPECT_FALSE(matches_all_words(" decoupe laser impression 3d ", "laser brest"));
  EXPECT_TRUE(matches_all_words("anything", ""));
}
}  // namespace fabscope::text
