// The user interface's words, in French (default) and English. Keys are stable; a missing
// key shows as itself, and tests check that every key has both languages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fabscope::web {

enum class Lang { fr, en };

Lang parse_lang(std::string_view s);  // "en" -> en, anything else -> fr
std::string_view lang_id(Lang l);
std::string tr(Lang lang, std::string_view key);
// Every key (for the completeness test).
std::vector<std::string_view> message_keys();

// Numbers as people read them: "1 234,5" in French, "1,234.5" in English.
std::string number(Lang lang, double v, int decimals);

}  // namespace fabscope::web
